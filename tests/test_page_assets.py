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
