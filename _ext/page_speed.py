"""A chapter page that a phone lays out once, and only where the reader is looking.

Lighthouse's mobile profile (a 4x slower CPU) measured 1.4-3 s of total blocking time on
chapter pages, almost all of it "Style & Layout" of the ~5,500-element page, forced again
and again by the theme's scripts. Two changes, measured with `make bench` (chapter 04,
two runs each: performance 37-71 -> 91-97, TBT 1.9-3.2 s -> 0.17-0.29 s):

* Cells far below the screen are not laid out until the reader scrolls near them
  (`content-visibility: auto` on each notebook cell, in _ext/static/page-speed.css). Find in
  page, anchors and printing still reach them; the browser lays them out on demand.
* The same for each section (h2) of a page, the prose and math included: the layout of
  chapter 10 at load went from ~1.1 s to almost nothing under Lighthouse's 4x slower CPU
  (TBT 120-157 ms -> 0-6 ms). Once the page has loaded, _ext/static/page-speed.js draws
  the sections below the screen one at a time in idle moments, so the scroll bar and
  every position on the page become true (axe, and Lighthouse's accessibility score
  with it, misreads positions inside skipped content: dequelabs/axe-core#2768).
* pydata-sphinx-theme 0.17 runs, on the load event and again on every change inside the
  article, a scan that reads `scrollWidth` of every <pre> and output to make the ones that
  scroll focusable with the keyboard. Reading a size forces the layout that the first
  change skipped, for the whole page. Here that scan is taken out of the theme's script
  after the build, and every block that can scroll sideways on some screen (code, outputs,
  wide tables) is given `tabindex="0"` in the HTML instead: the same keyboard access, with
  no script. The patch names what it removes, and the build fails (a warning is an error)
  if a theme upgrade changes it.
* Sphinx's own head scripts (doctools, highlighting, copy buttons, translations) are
  `defer`red, so they no longer hold back the first paint on a slow network (except on
  search.html, whose inline script needs them at once).
* In the code of the cells, Pygments wraps every name, bracket and space in its own
  <span> (60% of chapter 10's 8,300 elements), though the highlighting styles colour
  names, punctuation and spaces exactly as plain text. Those spans are unwrapped, so
  their text is drawn by the surrounding code block, whose colour page-speed.css sets to
  the style's plain-text colour. Which classes qualify is read from the pygments.css the
  site ships, for the light and the dark style both; tests/test_reader.py checks in the
  browser that the colours match.
"""
from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

THEME_SCRIPT = Path("_static") / "scripts" / "pydata-sphinx-theme.js"
# window.addEventListener("load",I) ... where function I(){...scrollWidth>e.clientWidth...}
LOAD_LISTENER = re.compile(r'window\.addEventListener\("load",(\w+)\)')
SCAN_FUNCTION = r'function {name}\(\)\{{const e=\(\)=>\{{document\.querySelectorAll\(\['

# Blocks that scroll sideways when wider than the screen: they must be reachable by Tab.
SCROLLABLE_OPEN = re.compile(r'<(pre|div class="pst-scrollable-table-container")(?![^>]*tabindex)')


def remove_layout_scan(js: str) -> tuple[str, bool]:
    """Drop the theme's load-time scan of scrollable elements; (new text, found it)."""
    for match in LOAD_LISTENER.finditer(js):
        name = match.group(1)
        body = re.search(SCAN_FUNCTION.format(name=re.escape(name)), js)
        if body and "scrollWidth>e.clientWidth" in js[body.start():body.start() + 400]:
            return js[:match.start()] + "void 0" + js[match.end():], True
    return js, False


def focusable_scrollables(html: str) -> str:
    return SCROLLABLE_OPEN.sub(lambda m: f'<{m.group(1)} tabindex="0"', html)


PYGMENTS_RULE = re.compile(r'html\[data-theme="(\w+)"\] \.highlight( \.[\w-]+)?\s*\{([^}]*)\}')
CELL_CODE = re.compile(r'(<div class="cell_input[^"]*"[^>]*>\s*<div class="highlight-[^"]*"><div class="highlight"><pre[^>]*>)(.*?)(</pre>)',
                       re.DOTALL)


def plain_classes(pygments_css: str) -> set[str]:
    """Token classes styled in every theme exactly as the code block's own text.

    pygments.css (written by pydata-sphinx-theme) holds, per theme, a base rule
    `.highlight { background: ...; color: C }` and one rule per token class; a class whose
    only declaration is `color: C`, in the light and the dark style alike, draws its
    text as plain text would."""
    base, rules = {}, {}
    for theme, cls, body in PYGMENTS_RULE.findall(pygments_css):
        decls = {k.strip(): v.strip() for k, _, v in
                 (d.partition(":") for d in body.split(";") if d.strip())}
        if not cls:
            if "color" in decls:
                base[theme] = decls["color"]
        else:
            rules.setdefault(cls.strip()[1:], {})[theme] = decls
    if set(base) != {"light", "dark"}:
        return set()
    return {cls for cls, by_theme in rules.items()
            if set(by_theme) == set(base)
            and all(decls == {"color": base[t]} for t, decls in by_theme.items())}


def unwrap_plain_tokens(html: str, classes: set[str]) -> str:
    """Drop the <span>s of plain-styled tokens inside the code of notebook cells."""
    if not classes:
        return html
    span = re.compile(r'<span class="(?:%s)">([^<]*)</span>' % "|".join(map(re.escape, sorted(classes))))
    return CELL_CODE.sub(lambda m: m.group(1) + span.sub(r"\1", m.group(2)) + m.group(3), html)


def patch_site(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    script = out / THEME_SCRIPT
    if script.exists():
        text, found = remove_layout_scan(script.read_text(encoding="utf-8"))
        if not found:
            logger.warning("[page_speed] 테마 스크립트에서 스크롤 요소 검사를 찾지 못했습니다: "
                           "테마가 바뀌었으면 _ext/page_speed.py를 고치세요")
        script.write_text(text, encoding="utf-8")
    pygments_css = out / "_static" / "pygments.css"
    classes = plain_classes(pygments_css.read_text(encoding="utf-8")) if pygments_css.exists() else set()
    if not classes:
        logger.warning("[page_speed] pygments.css에서 일반 글자와 같은 색의 토큰을 찾지 못했습니다: "
                       "테마나 강조 스타일이 바뀌었으면 _ext/page_speed.py를 고치세요")
    for page in out.rglob("*.html"):
        if "_static" in page.relative_to(out).parts:
            continue
        text = page.read_text(encoding="utf-8")
        new = unwrap_plain_tokens(focusable_scrollables(text), classes)
        if new != text:
            page.write_text(new, encoding="utf-8")


# Scripts that must run before the page is drawn: the inline scripts that follow them read
# what they define (DOCUMENTATION_OPTIONS), and search.html's inline script calls Search.
KEEP_BLOCKING = ("documentation_options.js",)
BLOCKING_PAGES = ("search",)


def defer_scripts(app, pagename, templatename, context, doctree):
    """Sphinx's head scripts run after the page is parsed, not before it can be drawn.

    A deferred script keeps its order among the deferred ones, so translations.js still
    runs after doctools.js, and both before DOMContentLoaded, which is when copybutton
    and the theme start their work."""
    if pagename in BLOCKING_PAGES or "script_files" not in context:
        return
    from sphinx.builders.html._assets import _JavaScript

    scripts = []
    for js in context["script_files"]:
        attributes = dict(getattr(js, "attributes", {}))
        name = str(getattr(js, "filename", js) or "")
        if (name and not name.endswith(KEEP_BLOCKING) and "body" not in attributes
                and not {"async", "defer"} & set(attributes)
                and attributes.get("type", "text/javascript") in ("text/javascript", "module")):
            js = _JavaScript(name, priority=getattr(js, "priority", 500), **attributes, defer="defer")
        scripts.append(js)
    context["script_files"] = scripts


# pydata-sphinx-theme's head script sets <html data-theme> to the stored choice, or to
# "auto" on a first visit; its deferred script later resolves "auto" to light or dark.
# Until then no rule under html[data-theme=light|dark] applies (code line heights,
# colours), so a phone painted the page once without them and then moved it: Lighthouse
# measured a layout shift of 0.10 on chapter 2, and a dark-mode reader saw light colours
# first. This resolves it before the first paint, as the theme's own script does.
THEME_BEFORE_PAINT = (
    '(function(){var d=document.documentElement;'
    'if(d.dataset.theme!=="light"&&d.dataset.theme!=="dark")'
    'd.dataset.theme=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";})();')


def add_static_path(app, config):
    config.html_static_path.append(str(Path(__file__).resolve().parent / "static"))


def setup(app):
    app.connect("config-inited", add_static_path)
    app.add_css_file("page-speed.css")
    app.add_js_file("page-speed.js", defer="defer")
    app.add_js_file(None, body=THEME_BEFORE_PAINT, priority=100)
    app.connect("html-page-context", defer_scripts, priority=600)
    app.connect("build-finished", patch_site, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
