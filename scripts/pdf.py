"""The whole book as one Korean PDF (`make pdf`): _build/pdf/pytorch-basics.pdf.

How: Jupyter Book builds the book as a single HTML page (the `singlehtml` builder, the
same sources and extensions as the site), and headless Chromium prints that page with
Playwright: `page.pdf(outline=True, tagged=True)` gives bookmarks from the headings,
links inside the book stay links, SVG graphs stay vector, and the Korean fonts of the
machine (Noto Sans CJK KR) are embedded as subsets. Chromium is the engine the browser
tests already use; the measurements that chose it are in README.md.

Before printing, the page is made into a book (PRINT_CSS, PREPARE_JS): a cover with
the versions the book ran with (assets/execution_status.json), every folded cell open
(solutions, helper code), code wrapped instead of cut, each deliberate error labelled
and its traceback cut to the reader's frame and the message, chapters on new pages,
page numbers in the footer. Equations: the page asks a CDN for MathJax; here the
request is answered from MathJax's npm package (installed once under _build/pdf), so
the PDF builds offline and the equations are vector (MathJax's SVG output).

    python scripts/pdf.py            build the PDF (then `make pdf` runs tests/test_pdf.py)
    python scripts/pdf.py --print    print again from the last single-page build
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser as chromium  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "pdf"
PDF = OUT / "pytorch-basics.pdf"
SINGLE = OUT / "site" / "_build" / "singlehtml"
MATHJAX_VERSION = "3.2.2"
MATHJAX = OUT / "mathjax" / "node_modules" / "mathjax" / "es5"
TIMINGS = OUT / "timings.json"

# The Hangul font: NanumGothic, a TrueType font that koreanize-matplotlib bundles (the book
# pins it already). Chromium finds it through fontconfig (FONTS_CONF): as a web font its
# sanitizer rejects the file, and the system's CFF-based Noto Sans CJK ends up in the
# PDF as hundreds of Type 3 fonts, while TrueType is embedded as real font subsets.
HANGUL = '"NanumGothic", "DejaVu Sans", "Noto Sans CJK KR", sans-serif'
FONTS_CONF = OUT / "fonts.conf"

PRINT_CSS = r"""
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
:root { --pst-font-family-base: "NanumGothic", "DejaVu Sans", "Noto Sans CJK KR", sans-serif;
        --pst-font-family-heading: "NanumGothic", "DejaVu Sans", "Noto Sans CJK KR", sans-serif;
        --pst-font-family-monospace: "DejaVu Sans Mono", "NanumGothic", monospace; }
html { font-size: 10pt !important; }
body { font-family: "NanumGothic", "DejaVu Sans", "Noto Sans CJK KR", sans-serif !important;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
pre, code, kbd, samp, .highlight pre, pre span {
  font-family: "DejaVu Sans Mono", "NanumGothic", monospace !important; }
/* Site furniture that means nothing on paper */
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-content,
.bd-footer-article, .prev-next-area, .header-article, .bd-header-article, .headerlink,
.copybtn, #pst-back-to-top, .search-button, .skip-link, #searchbox, .theme-switch-button,
.book-downloads, #jb-print-docs-body > h1, .onlyprint > h1 { display: none !important; }
.bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container,
.bd-page-width, article.bd-article { max-width: none !important; width: auto !important;
  padding: 0 !important; margin: 0 !important; overflow: visible !important; }
/* Code: every line whole, wrapped at the margin instead of cut */
pre { white-space: pre-wrap !important; overflow-wrap: anywhere !important;
      word-break: break-all; overflow: visible !important; max-height: none !important;
      font-size: 8.2pt !important; line-height: 1.35 !important; }
div.cell_output, div.output, .cell_output .output { max-height: none !important;
      overflow: visible !important; }
div.highlight { overflow: visible !important; }
div.cell_input { break-inside: avoid; }
/* Figures and graphs: never wider than the page, never split */
img, svg, figure { max-width: 100% !important; height: auto !important; break-inside: avoid; }
.cell_output img { max-width: 16cm !important; }
table { break-inside: auto; font-size: 9pt; }
/* Chapters start a page; headings stay with what follows */
section > h1 { break-before: page; }
h1, h2, h3, h4 { break-after: avoid; }
/* Folded cells (solutions, helper code) are open and their button is gone */
details > summary { display: none !important; }
details.hide, details.admonition.hide { border: none !important; box-shadow: none !important;
      padding: 0 !important; }
.pdf-fold-label { font-size: 8.5pt; color: #555; margin: .3em 0 .1em; }
/* Deliberate errors: labelled, short */
.pdf-error-label { font-size: 8.5pt; font-weight: bold; color: #9a3412; margin: .2em 0; }
.pdf-error-cut { color: #777; font-style: italic; }
a { text-decoration: none; }
a.reference.internal, a[href^="#term-"] { color: #0b5394 !important; }
/* Cover */
.pdf-cover { break-after: page; padding-top: 45mm; }
.pdf-cover h1.pdf-title { font-size: 30pt; margin: 0 0 4mm; break-before: avoid; }
.pdf-cover .pdf-sub { font-size: 13pt; color: #444; margin-bottom: 30mm; }
.pdf-cover table { font-size: 10pt; border-collapse: collapse; }
.pdf-cover td, .pdf-cover th { border-bottom: 1px solid #ccc; padding: 1.5mm 4mm; text-align: left; }
#jb-print-docs-body { break-after: page; display: block !important; }
"""

# Runs in the page before printing. Returns what it did (for the build's summary).
PREPARE_JS = r"""
(cover) => {
  const done = {opened: 0, errors: 0, cut_lines: 0, links: 0};
  // Links to this very page ("index.html#x") become fragment links: internal in the PDF.
  for (const a of document.querySelectorAll('a[href^="index.html#"]')) {
    a.setAttribute('href', a.getAttribute('href').slice('index.html'.length)); done.links++;
  }
  // Other links inside the site (figures open their PNG, the PDF and zip downloads) would
  // point at the build's temporary server: on paper they are plain text.
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (!href.startsWith('#') && !/^(https?:|mailto:)/.test(href)) {
      a.removeAttribute('href'); done.unlinked = (done.unlinked || 0) + 1;
    }
  }
  for (const d of document.querySelectorAll('details')) {
    d.open = true; done.opened++;
    const s = d.querySelector('summary');
    const text = s ? s.textContent.trim() : '';
    if (text.includes('풀이')) {
      const p = document.createElement('p'); p.className = 'pdf-fold-label'; p.textContent = '풀이';
      d.parentNode.insertBefore(p, d);
    }
  }
  for (const cell of document.querySelectorAll('.cell.tag_raises-exception')) {
    const out = cell.querySelector('.output.traceback pre');
    if (!out) continue;
    done.errors++;
    const lines = out.textContent.replace(/\n+$/, '').split('\n');
    // The reader's own frame: from the top down to the first blank line after "Cell In".
    let userEnd = lines.findIndex((l, i) => i > 2 && l.trim() === '' &&
                                  lines.slice(0, i).some(x => x.startsWith('Cell In')));
    if (userEnd < 0) userEnd = lines.length;
    // The message: from the last line that starts with "SomeError:" (or the exception's
    // name alone) to the end.
    const named = lines.map((l, i) => /^[A-Za-z_][\w.]*(Error|Exception|Warning)\b:?/.test(l) ? i : -1)
                       .filter(i => i >= userEnd);
    const msgStart = named.length ? named[named.length - 1] : lines.length;
    const cut = msgStart - userEnd;
    if (cut > 1) {
      out.textContent = '';
      out.append(lines.slice(0, userEnd).join('\n') + '\n');
      const c = document.createElement('span'); c.className = 'pdf-error-cut';
      c.textContent = `… 라이브러리 안쪽 ${cut}줄 생략 (사이트와 노트북에는 전체가 있습니다) …\n`;
      out.append(c, lines.slice(msgStart).join('\n'));
      done.cut_lines += cut;
    }
    const label = document.createElement('p'); label.className = 'pdf-error-label';
    label.textContent = '⚠ 일부러 낸 오류: 이 셀은 오류를 보여 주려고 실행합니다.';
    const output = cell.querySelector('.cell_output');
    output.parentNode.insertBefore(label, output);
  }
  const article = document.querySelector('article.bd-article') || document.body;
  const wrap = document.createElement('section'); wrap.className = 'pdf-cover';
  wrap.innerHTML = cover;
  const page = document.querySelector('.bd-main') || document.body;
  page.insertBefore(wrap, page.firstChild);
  return done;
}
"""

FOOTER = ('<div style="width:100%;font-size:8pt;color:#666;text-align:center;'
          'font-family:NanumGothic,\'DejaVu Sans\',sans-serif">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def versions():
    """The versions every chapter ran with (one row per package; several if they differ)."""
    status = json.loads((ROOT / "assets" / "execution_status.json").read_text(encoding="utf-8"))
    rows = {}
    for record in status.values():
        for name, version in (record.get("versions") or {}).items():
            rows.setdefault(name, [])
            if version not in rows[name]:
                rows[name].append(version)
    return rows


def git_commit():
    try:
        return subprocess.run(["git", "log", "-1", "--format=%h (%cs)"], cwd=ROOT, text=True,
                              capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def cover_html():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    rows = "".join(f"<tr><td>{name}</td><td>{', '.join(v)}</td></tr>" for name, v in versions().items())
    commit = git_commit()
    return (f'<h1 class="pdf-title">{config["title"]}</h1>'
            f'<div class="pdf-sub">파이썬을 조금 아는 분을 위한 PyTorch 입문서<br>'
            f'{config.get("author", "")} · {config["repository"]["url"]}</div>'
            f'<p>이 책의 모든 출력은 아래 버전으로 실제로 실행한 결과입니다.</p>'
            f'<table><tr><th>패키지</th><th>버전</th></tr>{rows}</table>'
            + (f'<p style="font-size:9pt;color:#666">원본: {commit}</p>' if commit else ""))


def hangul_fonts():
    """NanumGothic (TrueType), as bundled by koreanize-matplotlib, which the book already
    pins: nothing to install, and Chromium embeds TrueType as real font subsets (the
    CFF-based Noto Sans CJK became 255 Type 3 fonts)."""
    import koreanize_matplotlib

    return sorted((Path(koreanize_matplotlib.__file__).parent / "fonts").glob("NanumGothic*.ttf"))


def fonts_conf():
    """A fontconfig file: the system's fonts plus the bundled NanumGothic."""
    dirs = sorted({str(f.parent) for f in hangul_fonts()})
    FONTS_CONF.parent.mkdir(parents=True, exist_ok=True)
    FONTS_CONF.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "".join(f"  <dir>{d}</dir>\n" for d in dirs)
        + f"  <cachedir>{OUT / 'fontcache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    return FONTS_CONF


def build_single_page():
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jupyter_book), "build", str(ROOT), "--builder", "singlehtml",
           "--path-output", str(OUT / "site"), "--warningiserror", "--keep-going", "--quiet"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-20000:] + proc.stderr[-20000:])
        raise SystemExit("한 페이지 빌드(singlehtml)가 실패했습니다 (경고도 오류입니다).")
    return SINGLE


def ensure_mathjax():
    """MathJax's npm package, for equations without the network. None when npm is missing."""
    if (MATHJAX / "tex-mml-svg.js").exists():
        return MATHJAX
    npm = shutil.which("npm")
    if npm is None:
        print("경고: npm이 없어 MathJax를 설치하지 못했습니다. PDF의 수식은 TeX 원문으로 남습니다 "
              "(Debian/Ubuntu: sudo apt-get install npm).", file=sys.stderr)
        return None
    (OUT / "mathjax").mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(OUT / "mathjax"), "--no-audit", "--no-fund",
                    "--silent", f"mathjax@{MATHJAX_VERSION}"], check=True)
    return MATHJAX


def print_pdf(single, out=PDF):
    from playwright.sync_api import sync_playwright

    executable = chromium.find_browser()
    if executable is None:
        raise SystemExit(chromium.NO_BROWSER)
    mathjax = ensure_mathjax()
    with chromium.serve(single) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=chromium.FLAGS,
                                    env={**os.environ, "FONTCONFIG_FILE": str(fonts_conf())})
        page = browser.new_page()

        def answer_mathjax(route):
            name = route.request.url.split("/es5/", 1)[-1].split("?")[0]
            # The site asks for the HTML-CSS output; on paper the SVG output is sharper.
            name = {"tex-mml-chtml.js": "tex-mml-svg.js", "tex-chtml.js": "tex-svg.js"}.get(name, name)
            path = mathjax / name
            if path.exists():
                route.fulfill(path=str(path), content_type="text/javascript")
            else:
                route.abort()
        if mathjax is not None:
            page.route("**/mathjax@3/es5/**", answer_mathjax)
        page.emulate_media(media="print")
        page.goto(url + "index.html", wait_until="load", timeout=180_000)
        page.wait_for_function("() => !window.MathJax || !window.MathJax.startup || "
                               "window.MathJax.startup.promise", timeout=60_000)
        page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.add_style_tag(content=PRINT_CSS)
        done = page.evaluate(PREPARE_JS, cover_html())
        page.evaluate("() => document.fonts.ready")
        # Every image decoded before printing (figures load lazily on the site).
        page.evaluate("""() => Promise.all([...document.images].map(img => {
            img.loading = 'eager';
            return img.complete ? null : new Promise(r => { img.onload = img.onerror = r; });
        }))""")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                 display_header_footer=True, header_template="<span></span>",
                 footer_template=FOOTER, prefer_css_page_size=True,
                 margin={"top": "15mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
        browser.close()
    return done


def main(argv):
    t0 = time.perf_counter()
    if "--print" not in argv or not (SINGLE / "index.html").exists():
        build_single_page()
    t1 = time.perf_counter()
    done = print_pdf(SINGLE)
    t2 = time.perf_counter()
    from pypdf import PdfReader

    pages = len(PdfReader(str(PDF)).pages)
    record = {"single_page_build_s": round(t1 - t0, 1), "print_s": round(t2 - t1, 1),
              "pages": pages, "bytes": PDF.stat().st_size, **done}
    TIMINGS.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    site = ROOT / "_build" / "html"
    if site.is_dir():
        shutil.copyfile(PDF, site / PDF.name)   # the site built by `make book` ships it
    print(f"PDF: {PDF.relative_to(ROOT)}  {pages}쪽, {PDF.stat().st_size / 1e6:.1f} MB, "
          f"한 페이지 빌드 {t1 - t0:.0f}초 + 인쇄 {t2 - t1:.0f}초 "
          f"(오류 {done['errors']}개, 접힌 셀 {done['opened']}개를 폈습니다)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
