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
* Most of the theme's CSS: pydata-sphinx-theme.css carries all of Bootstrap and a rule
  for every Font Awesome icon (397 kB). After the build, a rule is kept when every
  class, id and element its selector names occurs as a word in a built page or in one
  of the site's scripts (scripts add classes such as `show` while a reader clicks),
  so a rule for a state a script can reach is kept. The site test compares every
  element's computed style, with and without this step, on pages in light and dark mode.

Every feature a reader uses stays: the browser tests click the launch menu, open
solutions, search, and check that the icons are drawn.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import tinycss2
from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

UNUSED_SCRIPTS = ("sphinx-thebe.js", "design-tabs.js", "togglebutton.js")
UNUSED_INLINE = ("THEBE_JS_URL", "togglebutton")
UNUSED_STYLES = ("sphinx-thebe.css", "sphinx-design.min.css", "togglebutton.css")
MATHJAX = ("mathjax",)
OWN_STYLES = ("book.css", "page-speed.css")  # the book's own rules (_static/book.css) are all meant

FONT_DIR = Path("_static") / "vendor" / "fontawesome" / "webfonts"
# The theme's CSS maps icon classes to a code point: .fa-github:before{content:"\f09b"}
# (after purge_styles the code point is written as the character itself)
ICON_RULE = re.compile(r'([^{}]+)\{content:\s*"(?:\\([0-9a-f]+)|([\ue000-\uf8ff]))"')
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
    for selectors, escaped, char in ICON_RULE.findall(css_text):
        if classes & set(ICON_SELECTOR.findall(selectors)):
            found.add(int(escaped, 16) if escaped else ord(char))
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


# --- Unused CSS rules -------------------------------------------------------------
WORD = re.compile(r"[A-Za-z_][\w-]*")
SELECTOR_NAME = re.compile(r"[.#]([\w-]+)|(?:^|[\s>+~])([A-Za-z][\w-]*)")
ATTRIBUTE = re.compile(r"\[[^\]]*\]")
PSEUDO = re.compile(r"::?[\w-]+")
GROUPING_RULES = ("media", "supports", "layer", "container")
KEEP_CSS_ENV = "PAGE_ASSETS_KEEP_CSS"  # =1: skip the purge (the site test's reference)


def words_in_site(html_dir: Path) -> set[str]:
    """Every word of every built page and every script the site ships."""
    found = set()
    for path in html_dir.rglob("*"):
        in_static = "_static" in path.relative_to(html_dir).parts
        if path.suffix == ".html" and not in_static or path.suffix == ".js" and in_static:
            found.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def _without_functional_pseudo(selector: str) -> str:
    """Drop :not(...), :is(...), :where(...), :has(...) with what they hold: a rule is
    never dropped for a name that only appears inside one."""
    out, depth, i = [], 0, 0
    while i < len(selector):
        if depth == 0:
            m = re.match(r":[\w-]+\(", selector[i:])
            if m:
                depth, i = 1, i + m.end()
                continue
            out.append(selector[i])
        else:
            depth += {"(": 1, ")": -1}.get(selector[i], 0)
        i += 1
    return "".join(out)


def selector_is_used(selector: str, words: set[str]) -> bool:
    bare = PSEUDO.sub("", ATTRIBUTE.sub("", _without_functional_pseudo(selector)))
    names = [cls_or_id or element for cls_or_id, element in SELECTOR_NAME.findall(bare)]
    return all(name in words for name in names)


def _selectors(prelude) -> list[str]:
    groups, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            groups.append(current)
            current = []
        else:
            current.append(token)
    groups.append(current)
    return [tinycss2.serialize(g).strip() for g in groups]


def purge_rules(rules, words: set[str]) -> str:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            used = [s for s in _selectors(rule.prelude) if selector_is_used(s, words)]
            if used:
                kept.append(",".join(used) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING_RULES and rule.content:
            inner = purge_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                         skip_whitespace=True), words)
            if inner:
                kept.append(f"@{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()}{{{inner}}}")
        elif rule.type == "at-rule":  # @font-face, @keyframes, @import ...: kept whole
            kept.append(tinycss2.serialize([rule]))
    return "".join(kept)


def purge_css_text(css: str, words: set[str]) -> str:
    return purge_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), words)


def purge_styles(app, exception):
    """Remove the CSS rules no page of this site can use."""
    if exception is not None or app.builder.format != "html" or os.environ.get(KEEP_CSS_ENV) == "1":
        return
    out = Path(app.outdir)
    words = words_in_site(out)
    for css in sorted((out / "_static").rglob("*.css")):
        if css.name.endswith(UNUSED_STYLES) or css.name in OWN_STYLES:  # unlinked / the book's own
            continue
        before = css.read_text(encoding="utf-8")
        after = purge_css_text(before, words)
        css.write_text(after, encoding="utf-8")
        logger.info(f"[page_assets] {css.name}: {len(before)} -> {len(after)} bytes")


def setup(app):
    app.connect("doctree-resolved", lazy_images)
    app.connect("html-page-context", trim_page)
    app.connect("build-finished", subset_fonts)
    # Last: after the font subset (which reads the icon rules) and after the theme
    # writes its own pygments.css at build-finished.
    app.connect("build-finished", purge_styles, priority=900)
    return {"version": "1.2", "parallel_read_safe": True, "parallel_write_safe": True}
