"""The themes' own words on every page (buttons, tooltips, menus) in Korean.

pydata-sphinx-theme 0.17 ships no Korean catalog, and sphinx-book-theme 1.3's Korean
catalog lacks a few entries, so "Back to top" or "Open issue" appeared in English on
a Korean page. The missing entries are in _ext/locales/ko/LC_MESSAGES/ (sphinx.po for
pydata-sphinx-theme and Sphinx, booktheme.po for sphinx-book-theme).

At the start of every build they are compiled (with Babel, which Sphinx uses itself)
into the build's doctree folder, never into the sources, and added behind each
catalog: an entry a theme already translates keeps the theme's translation, ours only
fill the gaps.

A few labels are written into the themes' templates without translation (the tooltip
"Toggle primary sidebar", the aria-label "Main"); tests/test_site.py lists them.
"""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE = Path(__file__).resolve().parent / "locales"


def compile_catalogs(target: Path) -> Path:
    """Compile every .po under SOURCE to a .mo at the same place under `target`."""
    for po in SOURCE.rglob("*.po"):
        mo = target / po.relative_to(SOURCE).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalog = read_po(f)
        with mo.open("wb") as f:
            write_mo(f, catalog)
    return target


def setup(app):
    compiled = compile_catalogs(Path(app.doctreedir) / "korean_ui_locales")
    for domain in sorted({po.stem for po in SOURCE.rglob("*.po")}):
        app.add_message_catalog(domain, str(compiled))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
