"""Math drawn once, when the book is built, instead of on every reader's phone.

MathJax in the browser (1.1 MB of script, shipped by reader_fixes.py) typeset chapter
10's 49 equations on load: Lighthouse's mobile profile measured ~1.1-1.8 s of blocked main
thread on each page with math (`make bench`). After the build, this extension hands the
TeX of every `span.math`/`div.math` to MathJax itself, running in Node
(scripts/prerender_math.js, mathjax-full pinned in package.json), and writes the
CommonHTML it returns into the page, with the page's own small stylesheet; the MathJax
script tags are then removed. What the reader sees is what MathJax would have drawn, with
the same fonts (shipped in _static/mathjax/), and the assistive MathML screen readers use.

Without Node or mathjax-full (scripts/ensure_node_tools.sh installs it) the pages keep
loading MathJax from the site, as before: the book still builds and works offline.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "prerender_math.js"
MATHJAX_FULL = ROOT / "node_modules" / "mathjax-full" / "js" / "mathjax.js"
FONTS = "_static/mathjax/output/chtml/fonts/woff-v2"

# A math element that holds only its TeX (Sphinx writes it escaped, with no tags). One
# already drawn holds <mjx-container>: a rebuild that leaves a page as it was must not
# draw it again.
MATH = re.compile(r'<(span|div) class="math notranslate nohighlight"([^>]*)>([^<]*)</\1>')
DRAWN_STYLE = re.compile(r'<style id="mathjax-chtml">.*?</style>\n', re.S)
MATHJAX_SCRIPTS = re.compile(
    r'\s*<script[^>]*src="[^"]*mathjax/tex-chtml\.js[^"]*"[^>]*></script>'
    r'|\s*<script>window\.MathJax = .*?</script>', re.S)


def tex_of(kind: str, body: str) -> tuple[str, bool]:
    """The TeX inside one math element, and whether it is display math."""
    tex = html.unescape(body).strip()
    if tex.startswith(r"\(") and tex.endswith(r"\)"):
        return tex[2:-2].strip(), False
    if tex.startswith(r"\[") and tex.endswith(r"\]"):
        return tex[2:-2].strip(), True
    return tex, kind == "div"  # an amsmath environment, typeset as written


def font_url(page: Path, outdir: Path) -> str:
    return os.path.relpath(outdir / FONTS, page.parent).replace(os.sep, "/")


def render(pages: list[dict]) -> list[dict]:
    node = shutil.which("node")
    proc = subprocess.run([node, str(SCRIPT)], input=json.dumps(pages), capture_output=True,
                          text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip()[-2000:])
    return json.loads(proc.stdout)


def rewrite(text: str, drawn: list[str], css: str) -> str:
    it = iter(drawn)
    text = MATH.sub(lambda m: f'<{m.group(1)} class="math notranslate nohighlight"{m.group(2)}>'
                              f"{next(it)}</{m.group(1)}>", text)
    text = MATHJAX_SCRIPTS.sub("", text)
    text = DRAWN_STYLE.sub("", text)
    return text.replace("</head>", f'<style id="mathjax-chtml">{css}</style>\n</head>', 1)


def available() -> bool:
    return bool(shutil.which("node")) and MATHJAX_FULL.exists()


def prerender(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    if not available():
        logger.info("[math_prerender] Node나 mathjax-full이 없어 수식을 브라우저의 MathJax로 그립니다 "
                    "(bash scripts/ensure_node_tools.sh)")
        return
    out = Path(app.outdir)
    todo = []
    for page in sorted(out.rglob("*.html")):
        if "_static" in page.relative_to(out).parts:
            continue
        text = page.read_text(encoding="utf-8")
        found = [tex_of(kind, body) for kind, _, body in MATH.findall(text)]
        if found:
            todo.append((page, text, {"fontURL": font_url(page, out),
                                      "items": [{"tex": t, "display": d} for t, d in found]}))
    if not todo:
        return
    results = render([job for _, _, job in todo])
    for (page, text, _), result in zip(todo, results):
        page.write_text(rewrite(text, result["html"], result["css"]), encoding="utf-8")
    logger.info(f"[math_prerender] {sum(len(j['items']) for _, _, j in todo)}개 수식, "
                f"{len(todo)}개 페이지")


def setup(app):
    # Before page_speed (800), the MathJax copy (850) and the CSS purge (900): the purge
    # then sees the mjx-* element names in the pages and keeps the theme's rules for them.
    app.connect("build-finished", prerender, priority=700)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
