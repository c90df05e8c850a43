"""Lighthouse scores of every page, the way a phone on a slow network meets the site.

    python scripts/lighthouse.py [HTML_DIR]      (default: _build/html; `make bench PARTS=lighthouse`)
    python scripts/lighthouse.py OLD_HTML_DIR NEW_HTML_DIR     (before and after, in one run)

With two or more sites (e.g. an older commit built with `python scripts/build_book.py
DIR`), the runs alternate between them page by page, so that both meet the same load on
a shared machine, and the table has one row per site under each page.

* The site is served by nginx with gzip, as a static host (GitHub Pages) serves it, on a
  free loopback port; nginx runs from a configuration written to a temporary folder.
* Lighthouse (npm `lighthouse`, pinned in package.json and installed by
  scripts/ensure_node_tools.sh) drives Debian's Chromium with its default mobile profile:
  simulated slow 4G and a 4x slower CPU. Every host but loopback fails to resolve, as in
  the browser tests, so a request to a CDN would fail and cost the page its score.
* Each page is measured RUNS times (default 3); the table shows medians: the four
  category scores, total blocking time, largest contentful paint and bytes transferred.

This is a benchmark, not a test: scores move with the machine's load. `make test` checks
instead, deterministically, what the scores rest on (tests/test_share_meta.py: no
third-party requests, metadata, DOM and script budgets).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser as chromium  # noqa: E402
import toc  # noqa: E402

ROOT = toc.ROOT
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GOAL = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100,
        "tbt_ms": 150, "lcp_ms": 2000}

NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    gzip on;
    gzip_comp_level 6;
    gzip_min_length 256;
    gzip_types text/css application/javascript text/javascript application/json
               image/svg+xml text/xml application/xml text/plain;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_mime_types() -> str:
    for candidate in ("/etc/nginx/mime.types", "/usr/local/etc/nginx/mime.types",
                      "/opt/homebrew/etc/nginx/mime.types"):
        if Path(candidate).exists():
            return candidate
    raise RuntimeError("nginx의 mime.types를 찾을 수 없습니다")


def nginx_config(root: Path, tmp: Path, port: int, mime_types: str) -> str:
    return NGINX_CONF.format(root=root, tmp=tmp, port=port, mime_types=mime_types)


@contextlib.contextmanager
def nginx(root: Path):
    """Serve `root` with nginx + gzip on a free loopback port; yields the base URL."""
    exe = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(exe).exists():
        raise RuntimeError("nginx가 없습니다 (Debian/Ubuntu: sudo apt-get install nginx)")
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(nginx_config(Path(root).resolve(), Path(tmp), port, find_mime_types()))
        proc = subprocess.Popen([exe, "-c", str(conf), "-p", tmp],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(100):  # up to 10 s for nginx to listen
                if proc.poll() is not None:
                    raise RuntimeError("nginx를 시작하지 못했습니다: " + proc.stderr.read().decode())
                try:
                    socket.create_connection(("127.0.0.1", port), 0.1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}/"
        finally:
            proc.terminate()
            proc.wait()


def chrome_flags() -> str:
    # Lighthouse starts the browser itself; the same closed-network flags as the tests.
    return " ".join(["--headless=new"] + [f'"{f}"' if " " in f else f for f in chromium.FLAGS])


def run_lighthouse(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": chromium.find_browser() or ""}
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={chrome_flags()}"]
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return summarize(json.loads(out.read_text(encoding="utf-8")))


def summarize(report: dict) -> dict:
    """The numbers the table shows, from one Lighthouse JSON report."""
    audits = report["audits"]
    scores = {name: round(100 * (report["categories"][name]["score"] or 0))
              for name in CATEGORIES}
    return {
        **scores,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "failed": sorted(
            audit_id for name in CATEGORIES[1:]
            for ref in report["categories"][name]["auditRefs"]
            if ref.get("weight") and (audit_id := ref["id"]) in audits
            and audits[audit_id].get("score") not in (None, 1)),
    }


def sample(url: str, out: Path, tries: int = 3) -> dict:
    """One Lighthouse run; a run that could not measure the page (on a busy machine
    Lighthouse now and then reports no value for a metric) is tried again."""
    for attempt in range(tries):
        try:
            return run_lighthouse(url, out)
        except KeyError:
            if attempt == tries - 1:
                raise RuntimeError(f"Lighthouse가 {url}을(를) {tries}번 모두 재지 못했습니다")
    raise AssertionError("unreachable")


def median_summary(samples: list[dict]) -> dict:
    keys = [k for k in samples[0] if k != "failed"]
    merged = {k: statistics.median(s[k] for s in samples) for k in keys}
    merged["failed"] = sorted({a for s in samples for a in s["failed"]})
    return merged


def meets_goal(m: dict) -> bool:
    return all(m[k] >= GOAL[k] for k in CATEGORIES) and m["tbt_ms"] <= GOAL["tbt_ms"] \
        and m["lcp_ms"] <= GOAL["lcp_ms"]


def measure(html: Path, runs: int = 3) -> dict:
    """{page: medians} for one site."""
    return {page: by_site["site"] for page, by_site in compare({"site": html}, runs).items()}


def format_row(m: dict) -> str:
    return (f"{m['performance']:>4.0f}{m['accessibility']:>5.0f}{m['best-practices']:>5.0f}"
            f"{m['seo']:>5.0f}{m['tbt_ms']:>7.0f}{m['lcp_ms'] / 1000:>7.2f}s{m['bytes'] / 1000:>7.0f}kB"
            + ("" if meets_goal(m) else "  미달") + (f"  ({', '.join(m['failed'])})" if m["failed"] else ""))


def print_table(results: dict) -> None:
    """{page: medians}, or {page: {site: medians}} from `compare`: a row per page and site."""
    print(f"\n{'페이지':<34}{'성능':>4}{'접근':>5}{'관행':>5}{'SEO':>5}{'TBT':>7}{'LCP':>8}{'전송':>9}")
    for page, m in results.items():
        rows = {page: m} if "performance" in m else {f"{page} [{label}]": r for label, r in m.items()}
        for name, row in rows.items():
            print(f"  {name:<32}{format_row(row)}")
    print(f"  목표: 성능 >= {GOAL['performance']}, 나머지 100, TBT <= {GOAL['tbt_ms']} ms, "
          f"LCP <= {GOAL['lcp_ms'] / 1000:.1f} s (Lighthouse 모바일, {RUNS}회 중앙값)")


def compare(sites: dict[str, Path], runs: int = 3) -> dict:
    """{page: {label: medians}}, each page measured on every site in turn."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError("lighthouse가 없습니다: bash scripts/ensure_node_tools.sh 를 먼저 실행하세요")
    results = {}
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        bases = {label: stack.enter_context(nginx(html)) for label, html in sites.items()}
        for page in [f"{p}.html" for p in toc.pages()]:
            samples = {label: [] for label in sites}
            for i in range(runs):
                for label, base in bases.items():
                    if (Path(sites[label]) / page).exists():
                        samples[label].append(sample(base + page, Path(tmp) / f"r{i}.json"))
            results[page] = {label: median_summary(got) for label, got in samples.items() if got}
            for label, m in results[page].items():
                print(f"  {page} [{label}]: {format_row(m)}", flush=True)
    return results


RUNS = int(os.environ.get("RUNS", "3"))


def main(argv):
    if len(argv) > 1:
        sites = {}
        for arg in argv:
            path = Path(arg)
            label = path.parent.parent.name if path.name == "html" else path.name
            sites[label if label not in sites else arg] = path
        results = compare(sites, RUNS)
        print_table(results)
        return results
    html = Path(argv[0]) if argv else ROOT / "_build" / "html"
    results = measure(html, RUNS)
    print_table(results)
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
