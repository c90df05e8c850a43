"""Unit tests of _ext/page_assets.py (what each page loads)."""
import sys
from pathlib import Path

from docutils import nodes
from docutils.utils import new_document
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
import page_assets as pa  # noqa: E402


class Asset:
    def __init__(self, filename, body=""):
        self.filename = filename
        self.attributes = {"body": body} if body else {}


def test_unused_scripts_and_styles_are_dropped_and_the_rest_kept():
    assert not pa.keep_script(Asset("_static/sphinx-thebe.js?v=1"))
    assert not pa.keep_script(Asset(None, 'const THEBE_JS_URL = "x"'))
    assert not pa.keep_script(Asset("_static/design-tabs.js"))
    assert not pa.keep_script(Asset("_static/togglebutton.js"))
    for kept in ("_static/copybutton.js", "_static/doctools.js", "_static/translations.js"):
        assert pa.keep_script(Asset(kept))
    assert not pa.keep_style(Asset("_static/sphinx-design.min.css?v=6a"))
    assert pa.keep_style(Asset("_static/copybutton.css"))


def test_mathjax_only_on_pages_with_math():
    mathjax = Asset("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js")
    config = Asset(None, "window.MathJax = {}")
    assert pa.keep_script(mathjax, has_math=True) and pa.keep_script(config, has_math=True)
    assert not pa.keep_script(mathjax, has_math=False) and not pa.keep_script(config, has_math=False)


def parse(rst):
    document = new_document("test", get_default_settings(Parser))
    Parser().parse(rst, document)
    return document


def test_page_has_math_sees_inline_and_display_math():
    assert pa.page_has_math(parse("Text with :math:`x^2`."))
    assert pa.page_has_math(parse(".. math::\n\n   y = x\n"))
    assert not pa.page_has_math(parse("No math here."))
    assert not pa.page_has_math(None)


def test_images_become_lazy():
    document = parse(".. image:: a.png\n")
    pa.lazy_images(None, document, "x")
    assert [img["loading"] for img in document.findall(nodes.image)] == ["lazy"]


def test_icon_codepoints_follow_the_theme_css():
    css = ('.fa-github:before{content:"\\f09b"}.fa-rocket:before,.fa-rocket-launch:before'
           '{content:"\\f135"}.fa-unused:before{content:"\\f000"}')
    assert pa.icon_codepoints(css, {"fa-github", "fa-rocket"}) == {0xF09B, 0xF135}


def test_icons_used_reads_pages_not_static_templates(tmp_path):
    (tmp_path / "page.html").write_text('<i class="fa-brands fa-github"></i>', encoding="utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "t.html").write_text('<i class="fa-bomb"></i>', encoding="utf-8")
    assert pa.icons_used(tmp_path) == {"fa-brands", "fa-github"}


def test_purge_keeps_rules_whose_names_all_occur_and_drops_the_rest():
    words = {"a", "nav", "bd-header", "show", "li"}
    css = (".bd-header a:hover::before, .missing { color: red }"
           "@media (max-width: 3px) { .nav .show { x: y } .gone { z: 1 } }"
           "@media print { .gone { z: 1 } }"
           "@font-face { font-family: X } :root { --a: 1 } @keyframes spin { to { q: 1 } }"
           ".nav:not(.nope) > li { q: 1 } [data-theme=dark] .nav { c: d } :is(.x, .y) { e: f }"
           "#nowhere { g: h } ul.nav { i: j }")
    out = pa.purge_css_text(css, words)
    assert ".bd-header a:hover::before{" in out and ".missing" not in out
    assert "@media (max-width: 3px){.nav .show{" in out and ".gone" not in out
    assert "@media print" not in out, "an emptied @media block is dropped"
    for kept in ("@font-face", ":root", "@keyframes spin", ".nav:not(.nope) > li",
                 "[data-theme=dark] .nav", ":is(.x, .y)"):
        assert kept in out, kept
    assert "#nowhere" not in out and "ul.nav" not in out


def test_purge_words_come_from_pages_and_scripts_only(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "page.html").write_text('<div class="cell_input">', encoding="utf-8")
    (tmp_path / "_static" / "theme.js").write_text('el.classList.add("show")', encoding="utf-8")
    (tmp_path / "_static" / "theme.css").write_text(".unused-rule{}", encoding="utf-8")
    words = pa.words_in_site(tmp_path)
    assert {"cell_input", "show"} <= words and "unused-rule" not in words


def test_icon_code_points_read_escaped_or_literal():
    escaped = '.fa-github:before{content:"\\f09b"}'
    literal = '.fa-github:before{content:"\uf09b"}'
    for css in (escaped, literal):
        assert pa.icon_codepoints(css, {"fa-github"}) == {0xF09B}
