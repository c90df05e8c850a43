"""`make bench`: how fast the book is to test, to build and to read, on this machine.

Measures, each as the median of RUNS runs (default 3; `make bench RUNS=5`):

1. the notebook tests (`pytest chapters/`, strict nbval) against their floor: one kernel
   executing every chapter's cells back to back, which is what the content itself costs;
   and the whole `make test` suite;
2. a clean `jupyter-book build` of a fresh copy of the sources, and a rebuild after
   touching one chapter;
3. each chapter's top-to-bottom run time;
4. each page of the built site served on loopback and loaded in headless Chromium with
   an empty cache (3 × RUNS loads each): bytes transferred, number of requests and time to the load event;
   requests to other hosts (MathJax's CDN on pages with math) are counted apart and
   blocked, as on this machine's closed network. Plus the search index's size.
5. Lighthouse's mobile scores, TBT, LCP and transfer size of every page, the site served
   by nginx with gzip (scripts/lighthouse.py).

Prints a table with the targets and writes everything to _build/bench.json. Timing is
only reported here: no test depends on it. `make bench PARTS=pages` (or tests, chapters,
build, comma-separated) measures only those parts; the site for `pages` is built anyway.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bookenv  # noqa: E402
import browser as chromium  # noqa: E402
import build_book  # noqa: E402
import execute  # noqa: E402
import lighthouse  # noqa: E402
import toc  # noqa: E402

ROOT = toc.ROOT
RUNS = int(os.environ.get("RUNS", "3"))
PAGE_RUNS = 3 * RUNS  # a page load is short and noisy: more samples for its median
PARTS = set((os.environ.get("PARTS") or "tests,chapters,build,pages,lighthouse").split(","))
OUT = ROOT / "_build" / "bench.json"
TARGETS = {
    "suite_over_floor": 1.5, "make_test_s": 180, "clean_build_s": 20, "rebuild_s": 5,
    "slowest_chapter_s": 30, "page_bytes": 1_000_000, "page_requests": 20, "page_load_ms": 300,
}


def median_time(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pytest(*args):
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("테스트가 실패해 측정을 멈춥니다:\n" + proc.stdout[-3000:])


def floor_seconds():
    """One kernel runs every chapter's code cells back to back (no kernel start-ups)."""
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "chapters"),
                              stderr=subprocess.DEVNULL)
    try:
        cells = [c.source for nb in toc.notebooks() for c in nbformat.read(nb, as_version=4).cells
                 if c.cell_type == "code" and c.source.strip()]
        start = time.perf_counter()
        for source in cells:
            kc.execute_interactive(source, timeout=600, output_hook=lambda msg: None)
        return time.perf_counter() - start
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def chapter_seconds():
    found = {}
    for path in toc.notebooks():
        runs = [execute.run(nbformat.read(path, as_version=4), path.parent) for _ in range(RUNS)]
        found[path.stem] = statistics.median(runs)
    return found


def source_copy(dest):
    """The tracked files, as a fresh clone has them."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in files:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return dest


def build_times(workdir):
    clean, rebuild = [], []
    for i in range(RUNS):
        src = source_copy(workdir / f"src{i}")
        # The output goes beside the copy, not into it: with only_build_toc_files, files
        # that appeared inside the source folder change exclude_patterns, and Sphinx
        # then rereads every page ("config changed"), which `make book` never does.
        out = workdir / f"out{i}"
        start = time.perf_counter()
        html, proc = build_book.build(out, quiet=True, source=src)
        clean.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit("빌드가 실패했습니다:\n" + proc.stdout[-3000:] + proc.stderr[-3000:])
        chapter = src / toc.notebooks()[0].relative_to(ROOT)
        chapter.touch()
        start = time.perf_counter()
        build_book.build(out, quiet=True, source=src)
        rebuild.append(time.perf_counter() - start)
    return statistics.median(clean), statistics.median(rebuild), html


def page_measures(html):
    browser_path = chromium.find_browser()
    if browser_path is None:
        print(f"알림: 페이지 측정을 건너뜁니다: {chromium.NO_BROWSER}")
        return {}
    with chromium.serve(html) as base:
        return _measure_pages(browser_path, base)


# Read in the page after the load event: the navigation's timing and every request the
# page made, from the browser's own Resource Timing (no interception, no DevTools
# instrumentation, either of which slows each request down). Failed requests to other
# hosts are listed too, with status 0.
MEASURE_JS = """base => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const local = res.filter(r => r.name.startsWith(base));
    return {
        load_ms: nav.loadEventEnd - nav.startTime,
        bytes: nav.transferSize + local.reduce((sum, r) => sum + r.transferSize, 0),
        requests: 1 + local.length,
        external: res.length - local.length,
    };
}"""


def _measure_pages(browser_path, base):
    from playwright.sync_api import sync_playwright

    pages = [f"{p}.html" for p in toc.pages()] + ["search.html?q=%ED%85%90%EC%84%9C"]
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=chromium.FLAGS)
        for page_path in pages:
            samples = []
            for _ in range(PAGE_RUNS):
                context = browser.new_context()  # an empty cache, as on a first visit
                page = context.new_page()
                page.goto(base + page_path, wait_until="load")
                page.wait_for_timeout(100)  # lazy figures near the top start after load
                samples.append(page.evaluate(MEASURE_JS, base))
                context.close()
            results[page_path.split("?")[0]] = {
                key: statistics.median(s[key] for s in samples) for key in samples[0]}
        browser.close()
    return results


def lighthouse_measures(html):
    missing = [why for ok, why in [
        (chromium.find_browser(), chromium.NO_BROWSER),
        (shutil.which("nginx") or Path("/usr/sbin/nginx").exists(), "nginx가 없습니다"),
        (lighthouse.LIGHTHOUSE.exists(), "lighthouse가 없습니다 (scripts/ensure_node_tools.sh)")] if not ok]
    if missing:
        print(f"알림: Lighthouse 측정을 건너뜁니다: {'; '.join(missing)}")
        return {}
    print("Lighthouse (모바일, 페이지마다 RUNS회):", flush=True)
    return lighthouse.measure(html, RUNS)


def mark(value, target):
    return "OK " if value <= target else "초과"


def fmt(report, key, pattern):
    return pattern.format(report[key]) if key in report else "-"


def main():
    bookenv.apply()
    report = {"runs": RUNS, "cpu_count": os.cpu_count(), "parts": sorted(PARTS)}
    print(f"측정 중 ({', '.join(sorted(PARTS))}; 각 항목 {RUNS}회의 중앙값, 몇 분 걸립니다)...", flush=True)

    if "tests" in PARTS:
        report["floor_s"] = statistics.median(floor_seconds() for _ in range(RUNS))
        report["nbval_s"] = median_time(lambda: pytest("chapters"))
        report["suite_over_floor"] = report["nbval_s"] / report["floor_s"]
        report["make_test_s"] = median_time(lambda: pytest())
    if "chapters" in PARTS:
        report["chapters_s"] = chapter_seconds()
        report["slowest_chapter_s"] = max(report["chapters_s"].values())
    if PARTS & {"build", "pages", "lighthouse"}:
        with tempfile.TemporaryDirectory() as tmp:
            clean, rebuild, html = build_times(Path(tmp))
            if "build" in PARTS:
                report["clean_build_s"], report["rebuild_s"] = clean, rebuild
            report["search_index_bytes"] = (html / "searchindex.js").stat().st_size
            if "pages" in PARTS:
                report["pages"] = page_measures(html)
            if "lighthouse" in PARTS:
                report["lighthouse"] = lighthouse_measures(html)

    print()
    print(f"{'항목':<34}{'측정값':>14}{'목표':>12}")
    rows = [
        ("nbval 테스트 (chapters/)", fmt(report, "nbval_s", "{:.1f}s"), None),
        ("바닥: 커널 하나로 모든 셀", fmt(report, "floor_s", "{:.1f}s"), None),
        ("테스트 / 바닥", fmt(report, "suite_over_floor", "{:.2f}"), "suite_over_floor"),
        ("make test 전체 (설치 후)", fmt(report, "make_test_s", "{:.0f}s"), "make_test_s"),
        ("깨끗한 빌드", fmt(report, "clean_build_s", "{:.1f}s"), "clean_build_s"),
        ("한 장을 고친 뒤 다시 빌드", fmt(report, "rebuild_s", "{:.1f}s"), "rebuild_s"),
        ("가장 느린 장", fmt(report, "slowest_chapter_s", "{:.1f}s"), "slowest_chapter_s"),
        ("검색 색인 (searchindex.js)", fmt(report, "search_index_bytes", "{:,} B"), None),
    ]
    for name, value, key in rows:
        target = ""
        if key:
            target = f"<= {TARGETS[key]}" + (f" {mark(report[key], TARGETS[key])}" if key in report else "")
        print(f"{name:<34}{value:>14}{target:>16}")
    for stem, seconds in report.get("chapters_s", {}).items():
        print(f"  {stem:<32}{seconds:>8.1f}s")
    pages = report.get("pages")
    if pages:
        print()
        print(f"{'페이지':<34}{'바이트':>10}{'요청':>6}{'외부':>6}{'load(ms)':>10}")
        for name, m in pages.items():
            flag = "" if (m["bytes"] <= TARGETS["page_bytes"] and m["requests"] <= TARGETS["page_requests"]
                          and m["load_ms"] <= TARGETS["page_load_ms"]) else "  초과"
            print(f"  {name:<32}{m['bytes'] / 1000:>8.0f}kB{m['requests']:>6.0f}{m['external']:>6.0f}"
                  f"{m['load_ms']:>10.0f}{flag}")
        print(f"  목표: 장 페이지 <= {TARGETS['page_bytes'] // 1000} kB, <= {TARGETS['page_requests']}개 요청, "
              f"load <= {TARGETS['page_load_ms']} ms (외부 요청은 막고 따로 셉니다)")
    if report.get("lighthouse"):
        lighthouse.print_table(report["lighthouse"])
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n결과: {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
