"""Ship on each page only what a reader of this book uses.

Jupyter Book switches on several Sphinx extensions this book never uses, and each adds
its files to every page. Measured with `make bench`, they made a chapter page 2.9 MB in
36 requests. This extension, with `_templates/layout.html`, removes:

* sphinx-thebe (live code cells in the page; this book runs code in Colab). With
  Sphinx 7 its configuration script is even added twice, which stops the page's
  scripts with "Identifier 'THEBE_JS_URL' has already been declared".
* sphinx-design's CSS and tab script, and sphinx-togglebutton: the book uses no design
  components or toggle admonitions (solutions fold with myst-nb's own <details>).
* MathJax on pages without math (myst-nb loads it on every page by default).
* Eager figures: images get loading="lazy", so the page is shown before the figures
  further down have arrived.
* Most of the Font Awesome web fonts: after the build, both font files are cut down
  to the icons the built pages actually use (a few kB instead of 275 kB).

Every feature a reader uses stays: the browser tests click the launch menu, open
solutions, search, and check that the icons are drawn.
"""
from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

UNUSED_SCRIPTS = ("sphinx-thebe.js", "design-tabs.js", "togglebutton.js")
UNUSED_INLINE = ("THEBE_JS_URL", "togglebutton")
UNUSED_STYLES = ("sphinx-thebe.css", "sphinx-design.min.css", "togglebutton.css")
MATHJAX = ("mathjax",)

FONT_DIR = Path("_static") / "vendor" / "fontawesome" / "webfonts"
# The theme's CSS maps icon classes to a code point: .fa-github:before{content:"\f09b"}
ICON_RULE = re.compile(r'([^{}]+)\{content:\s*"\\([0-9a-f]+)"')
ICON_SELECTOR = re.compile(r'\.(fa-[a-z0-9-]+):+before')
ICON_CLASS = re.compile(r'\bfa-[a-z0-9-]+\b')


def _filename(asset) -> str:
    return str(getattr(asset, "filename", asset) or "").split("?")[0]


def _body(asset) -> str:
    return str(getattr(asset, "attributes", {}).get("body", ""))


def keep_script(script, has_math=True) -> bool:
    name = _filename(script)
    if name.endswith(UNUSED_SCRIPTS):
        return False
    if not has_math and any(m in name.lower() for m in MATHJAX):
        return False
    if not has_math and "MathJax" in _body(script):
        return False
    return not any(marker in _body(script) for marker in UNUSED_INLINE)


def keep_style(style) -> bool:
    return not _filename(style).endswith(UNUSED_STYLES)


def page_has_math(doctree) -> bool:
    if doctree is None:
        return False
    return any(True for _ in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))))


def trim_page(app, pagename, templatename, context, doctree):
    has_math = page_has_math(doctree)
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if keep_script(s, has_math)]
    if "css_files" in context:
        context["css_files"] = [s for s in context["css_files"] if keep_style(s)]


def lazy_images(app, doctree, docname):
    """Figures load when the reader scrolls near them, not before the page is shown."""
    for image in doctree.findall(nodes.image):
        image.setdefault("loading", "lazy")


def icons_used(html_dir: Path) -> set[str]:
    found = set()
    for page in html_dir.rglob("*.html"):
        if "_static" not in page.relative_to(html_dir).parts:
            found.update(ICON_CLASS.findall(page.read_text(encoding="utf-8")))
    return found


def icon_codepoints(css_text: str, classes: set[str]) -> set[int]:
    found = set()
    for selectors, code in ICON_RULE.findall(css_text):
        if classes & set(ICON_SELECTOR.findall(selectors)):
            found.add(int(code, 16))
    return found


def subset_fonts(app, exception):
    """Cut the Font Awesome fonts down to the icons the built pages use."""
    if exception is not None or app.builder.format != "html":
        return
    from fontTools import subset

    out = Path(app.outdir)
    fonts = sorted((out / FONT_DIR).glob("*.woff2"))
    css = "".join(p.read_text(encoding="utf-8") for p in (out / "_static" / "styles").glob("*.css"))
    codepoints = icon_codepoints(css, icons_used(out))
    if not fonts or not codepoints:
        return
    for font in fonts:
        before = font.stat().st_size
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        loaded = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(loaded)
        subset.save_font(loaded, str(font), options)
        logger.info(f"[page_assets] {font.name}: {before} -> {font.stat().st_size} bytes")


def setup(app):
    app.connect("doctree-resolved", lazy_images)
    app.connect("html-page-context", trim_page)
    app.connect("build-finished", subset_fonts)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
