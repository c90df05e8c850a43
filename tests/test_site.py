"""The built site: every page there, in Korean, with its Colab link, graphs and figures."""
import re
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

import toc

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
CHAPTERS = toc.notebooks()
SPECIAL_PAGES = {"genindex", "search"}


def page(site, docname):
    return BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def count_outputs(path, mime):
    nb = nbformat.read(path, as_version=4)
    return sum(mime in out.get("data", {}) for cell in nb.cells if cell.cell_type == "code"
               for out in cell.get("outputs", []))


def main_content(soup):
    return soup.find("article") or soup


def test_every_toc_entry_has_a_page(site):
    missing = [p for p in toc.pages() if not (site / f"{p}.html").exists()]
    assert not missing, f"페이지가 만들어지지 않은 목차 항목: {missing}"


def test_no_stray_pages(site):
    pages = {p.relative_to(site).with_suffix("").as_posix() for p in site.rglob("*.html")
             if not p.relative_to(site).parts[0].startswith("_")}
    stray = pages - set(toc.pages()) - SPECIAL_PAGES
    assert not stray, f"목차에 없는 페이지가 사이트에 있습니다: {sorted(stray)}"
    top = {p.name for p in site.iterdir()}
    for name in ("README.html", "CONTRIBUTING.html", ".pytest_cache", "_build", ".venv", "tests", "scripts",
                 "_ext", "requirements.html"):
        assert name not in top, f"사이트에 {name}이(가) 들어 있습니다"
    sources = {p.relative_to(site / "_sources").as_posix() for p in (site / "_sources").rglob("*") if p.is_file()}
    assert {s.split(".")[0] for s in sources} <= set(toc.pages()), f"목차에 없는 원본: {sorted(sources)}"


@pytest.mark.parametrize("docname", toc.pages() + sorted(SPECIAL_PAGES))
def test_pages_are_korean(site, docname):
    html = page(site, docname).find("html")
    assert html.get("lang") == "ko"


def test_colab_link_opens_this_very_notebook(site):
    repo = urlparse(CONFIG["repository"]["url"]).path.strip("/")
    assert CONFIG["repository"]["branch"] == "main"
    for path in CHAPTERS:
        rel = path.relative_to(ROOT).as_posix()
        soup = page(site, rel.removesuffix(".ipynb"))
        links = {a["href"] for a in soup.find_all("a", href=True)
                 if a["href"].startswith("https://colab.research.google.com/")}
        assert links == {f"https://colab.research.google.com/github/{repo}/blob/main/{rel}"}, rel


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_graphs_and_figures_are_images_in_the_page(site, path):
    docname = path.relative_to(ROOT).with_suffix("").as_posix()
    images = main_content(page(site, docname)).find_all("img")
    sources = [site / Path(docname).parent / img["src"] for img in images]
    svgs = [s for s in sources if s.suffix == ".svg"]
    pngs = [s for s in sources if s.suffix == ".png"]
    assert len(svgs) == count_outputs(path, "image/svg+xml"), "SVG 그래프 수가 노트북과 다릅니다"
    assert len(pngs) == count_outputs(path, "image/png"), "PNG 그림 수가 노트북과 다릅니다"
    for svg in svgs:
        assert svg.exists() and "<svg" in svg.read_text(encoding="utf-8")[:2000], svg.name
    for png in pngs:
        assert png.exists() and png.read_bytes()[:4] == b"\x89PNG", png.name


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_setup_cell_and_solutions_are_collapsed(site, path):
    """The Colab setup cell's input and the exercise solutions are folded on the site."""
    nb = nbformat.read(path, as_version=4)
    hidden = sum("hide-input" in c.metadata.get("tags", []) or "hide-cell" in c.metadata.get("tags", [])
                 for c in nb.cells if c.cell_type == "code")
    solutions = sum("hide-cell" in c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code")
    assert solutions >= 3, "연습문제 풀이(hide-cell 태그 셀)가 3개 이상이어야 합니다"
    soup = main_content(page(site, path.relative_to(ROOT).with_suffix("").as_posix()))
    toggles = soup.select("details.hide")
    assert len(toggles) == hidden


def test_front_page_states_the_versions(site):
    text = page(site, "index").get_text()
    assert re.search(r"PyTorch \d+\.\d+\.\d+", text), "첫 페이지에 PyTorch 버전이 없습니다"
    assert "{{" not in text, "치환되지 않은 {{ }}가 남아 있습니다"
    assert 'torch.cuda.is_available()' in text


def test_subset_icon_fonts_keep_every_icon_the_pages_use(site):
    """page_assets cuts the Font Awesome fonts down; no icon a page shows may be lost."""
    import sys

    from fontTools.ttLib import TTFont

    sys.path.insert(0, str(ROOT / "_ext"))
    import page_assets

    css = (site / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    needed = page_assets.icon_codepoints(css, page_assets.icons_used(site))
    assert len(needed) >= 5
    fonts = sorted((site / page_assets.FONT_DIR).glob("*.woff2"))
    covered = set()
    for font in fonts:
        assert font.stat().st_size < 10_000, f"{font.name}: 글꼴이 줄지 않았습니다"
        covered |= set(TTFont(font).getBestCmap())
    assert needed <= covered, f"빠진 아이콘: {sorted(hex(c) for c in needed - covered)}"


# The themes' words a reader sees or hears (buttons, menus, tooltips, screen-reader
# labels) that _ext/korean_ui.py translates. The themes hard-code a few more in their
# templates, untranslatable without copying those templates: the tooltips "Toggle
# primary sidebar" and "Toggle secondary sidebar", and the aria-labels "Main", "Page",
# "Launch interactive content" and "Source repositories".
TRANSLATED_UI = ["Back to top", "Skip to main content", "Open issue", "Repository", "Launch on",
                 "Color mode", "Dark", "Light", "System Settings", "next page", "previous page",
                 "Site navigation", "Version warning"]


@pytest.mark.parametrize("docname", ["index", "chapters/01_tensors", "search"])
def test_theme_words_are_korean(site, docname):
    soup = page(site, docname)
    for hidden in soup(["article", "script", "style"]):
        hidden.decompose()
    words = [s.strip() for s in soup.find_all(string=True)]
    words += [el[attr] for attr in ("title", "aria-label", "data-bs-title")
              for el in soup.find_all(attrs={attr: True})]
    english = sorted({w for w in words for ui in TRANSLATED_UI if w == ui or w.startswith(ui + " ")})
    assert not english, f"{docname}: 번역되지 않은 테마의 글: {english}"
    assert "맨 위로" in soup.get_text()
