"""What a shared link, a search engine and a phone on a slow network get from each page.

Deterministic checks of what the Lighthouse scores in `make bench` rest on:
* every page has a Korean meta description and OpenGraph tags, with a social card that
  was drawn at build time and ships with the site;
* sitemap.xml lists every page at the configured base URL, and robots.txt points to it;
* no page asks any host but the site's own for a script, style, font, image or frame;
* every chapter page stays within the DOM-size and script budgets below.
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from docutils.utils import new_document
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser

import toc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import share_meta  # noqa: E402

BASE_URL = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"]
PAGES = toc.pages()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]
HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Budgets per chapter page, chosen from what the pages measure today with a little room:
# 2,700-4,100 elements, and up to 5,800 on the pages whose math is drawn at build time
# (CommonHTML is one element per glyph; the alternative, MathJax in the browser, blocked
# a phone's main thread for 1-2 s), after the plain code tokens are unwrapped (8,300
# before); about 150 kB of the theme's scripts. A change that adds a lot to every page
# fails here first.
MAX_DOM_ELEMENTS = 6500
MAX_SCRIPT_BYTES = 200_000
MAX_SCRIPTS = 12


def soup(site, page):
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def meta(doc, **attrs):
    tag = doc.find("meta", attrs=attrs)
    return tag["content"] if tag else None


@pytest.mark.parametrize("page", PAGES + ["search", "genindex"])
def test_every_page_has_a_korean_description(site, page):
    description = meta(soup(site, page), name="description")
    assert description and HANGUL.search(description), f"{page}: meta description 없음"
    assert 20 <= len(description) <= 160, f"{page}: 설명 길이 {len(description)}"
    assert not re.search(r"\) [을를이가은는의에도]", description), \
        f"{page}: 조사 앞에 빈칸이 끼었습니다: {description}"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_opengraph_and_a_social_card(site, page):
    doc = soup(site, page)
    assert meta(doc, property="og:title")
    assert meta(doc, property="og:description") == meta(doc, name="description")
    assert meta(doc, property="og:url") == BASE_URL + f"{page}.html"
    image = meta(doc, property="og:image")
    assert image and image.startswith(BASE_URL) and image.endswith(".png"), image
    card = site / image.removeprefix(BASE_URL)
    assert card.is_file() and card.stat().st_size > 5000, f"소셜 카드가 사이트에 없습니다: {card}"
    link = doc.find("link", rel="canonical")
    assert link and link["href"] == BASE_URL + f"{page}.html"


def test_sitemap_lists_every_page_and_robots_points_to_it(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(site / "sitemap.xml")
    urls = {loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)}
    expected = {BASE_URL + f"{p}.html" for p in PAGES}
    assert expected <= urls, f"sitemap.xml에 없는 페이지: {sorted(expected - urls)}"
    assert urls == expected, f"sitemap.xml에 책의 쪽이 아닌 것: {sorted(urls - expected)}"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots.splitlines()


# Elements whose URL the browser fetches by itself when the page opens.
FETCHED = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
           "video": "src", "audio": "src", "embed": "src", "object": "data"}


def third_party_requests(doc):
    found = []
    for tag, attr in FETCHED.items():
        for el in doc.find_all(tag):
            url = el.get(attr)
            if not url or tag == "link" and not {"stylesheet", "preload", "icon", "modulepreload",
                                                  "manifest"} & set(el.get("rel", [])):
                continue
            host = urlparse(url).netloc
            if host or url.startswith("//"):
                found.append(f"<{tag} {attr}={url}>")
    for style in doc.find_all("style"):
        found += [f"CSS url({u})" for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", style.text)]
    return found


@pytest.mark.parametrize("page", PAGES + ["search", "genindex"])
def test_no_page_requests_another_host(site, page):
    assert third_party_requests(soup(site, page)) == []


def test_no_stylesheet_imports_another_host(site):
    for css in (site / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        remote = re.findall(r"(?:@import\s+|url\()\s*['\"]?((?:https?:)?//[^)'\"\s;]+)", text)
        assert remote == [], f"{css.relative_to(site)}: {remote}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_pages_stay_within_their_budgets(site, page):
    doc = soup(site, page)
    elements = len(doc.find_all(True))
    assert elements <= MAX_DOM_ELEMENTS, f"{page}: DOM 요소 {elements}개 (예산 {MAX_DOM_ELEMENTS})"
    # A script from another host fails test_no_page_requests_another_host instead.
    scripts = [s["src"] for s in doc.find_all("script", src=True) if not urlparse(s["src"]).netloc]
    assert len(scripts) <= MAX_SCRIPTS, f"{page}: 스크립트 {len(scripts)}개: {scripts}"
    total = sum((site / page).parent.joinpath(src.split("?")[0]).resolve().stat().st_size
                for src in scripts)
    total += sum(len(s.text.encode()) for s in doc.find_all("script", src=False))
    assert total <= MAX_SCRIPT_BYTES, f"{page}: 스크립트 {total:,} B (예산 {MAX_SCRIPT_BYTES:,})"


def _doctree(rst):
    document = new_document("test", get_default_settings(Parser))
    Parser().parse(rst, document)
    return document


def test_description_keeps_korean_particles_attached():
    doc = _doctree("제목\n====\n\n신경망은 *손실(loss)*\\ 을 줄입니다. 두 번째 문장입니다.\n")
    assert share_meta.page_description(doc) == "신경망은 손실(loss)을 줄입니다. 두 번째 문장입니다."


def test_description_is_cut_at_a_sentence_or_a_word():
    long = "가나다 " * 40
    doc = _doctree(f"첫 문장은 충분히 길어서 잘라도 뜻이 남는 문장입니다. {long}끝.\n")
    text = share_meta.page_description(doc, length=60)
    assert text == "첫 문장은 충분히 길어서 잘라도 뜻이 남는 문장입니다."
    doc = _doctree(f"{long}\n")
    text = share_meta.page_description(doc, length=30)
    assert text.endswith("…") and len(text) <= 30 and "가나다…" in text


def test_robots_txt_points_to_the_sitemap_of_the_base_url():
    assert share_meta.robots_txt("https://example.org/book").splitlines()[-1] == \
        "Sitemap: https://example.org/book/sitemap.xml"


# --- _ext/page_speed.py -------------------------------------------------------------
sys.path.insert(0, str(ROOT / "_ext"))
import page_speed  # noqa: E402

THEME_JS_SAMPLE = ('function I(){const e=()=>{document.querySelectorAll(["pre"].join(", "))'
                   '.forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.'
                   'clientHeight?0:-1})};e()}window.addEventListener("load",I),'
                   'window.addEventListener("load",K)')


def test_the_theme_scan_is_removed_and_nothing_else():
    text, found = page_speed.remove_layout_scan(THEME_JS_SAMPLE)
    assert found
    assert 'addEventListener("load",I)' not in text and 'addEventListener("load",K)' in text
    assert page_speed.remove_layout_scan('window.addEventListener("load",K)') == (
        'window.addEventListener("load",K)', False)


def test_scrollable_blocks_become_focusable_once():
    html = '<pre><span></span>x</pre><pre tabindex="-1">y</pre>' \
           '<div class="pst-scrollable-table-container"><table></table></div>'
    out = page_speed.focusable_scrollables(html)
    assert out.count('tabindex="0"') == 2 and 'tabindex="-1"' in out
    assert page_speed.focusable_scrollables(out) == out


PYGMENTS_SAMPLE = """html[data-theme="light"] .highlight { background: #fefefe; color: #080808 }
html[data-theme="light"] .highlight .n { color: #080808 }
html[data-theme="light"] .highlight .p { color: #080808 }
html[data-theme="light"] .highlight .k { color: #6730C5 }
html[data-theme="light"] .highlight .w { color: #080808 }
html[data-theme="light"] .highlight .gs { font-weight: bold }
html[data-theme="dark"] .highlight { background: #2b2b2b; color: #F8F8F2 }
html[data-theme="dark"] .highlight .n { color: #F8F8F2 }
html[data-theme="dark"] .highlight .p { color: #F8F8F2; font-weight: bold }
html[data-theme="dark"] .highlight .k { color: #F8F8F2 }
"""


def test_plain_classes_are_plain_in_both_themes():
    # k is plain only in the dark style, p is bold there, w has no dark rule: only n.
    assert page_speed.plain_classes(PYGMENTS_SAMPLE) == {"n"}
    assert page_speed.plain_classes(PYGMENTS_SAMPLE.split("html[data-theme=\"dark\"]")[0]) == set()


def test_plain_tokens_are_unwrapped_only_in_cell_code():
    cell = ('<div class="cell_input docutils container">\n<div class="highlight-ipython3 notranslate">'
            '<div class="highlight"><pre tabindex="0"><span></span><span class="n">x</span>'
            '<span class="o">=</span><span class="n">f</span><span class="p">(</span>'
            '<span class="mi">1</span><span class="p">)</span>\n</pre></div></div></div>')
    output = '<div class="highlight"><pre><span class="n">y</span></pre></div>'
    out = page_speed.unwrap_plain_tokens(cell + output, {"n", "p"})
    assert ('<pre tabindex="0"><span></span>x<span class="o">=</span>f(<span class="mi">1</span>)\n</pre>'
            in out)
    assert out.endswith(output)
    assert page_speed.unwrap_plain_tokens(out, {"n", "p"}) == out
    assert page_speed.unwrap_plain_tokens(cell, set()) == cell


def test_built_cells_hold_no_plain_token_spans(site):
    classes = page_speed.plain_classes((site / "_static" / "pygments.css").read_text(encoding="utf-8"))
    for page in CHAPTERS:
        spans = soup(site, page).select("article .cell_input pre span")
        left = [s for s in spans if set(s.get("class") or []) & classes]
        assert spans and not left, (page, left[:3])


def test_built_site_has_no_layout_scan_and_focusable_code(site):
    theme = (site / page_speed.THEME_SCRIPT).read_text(encoding="utf-8")
    assert page_speed.remove_layout_scan(theme)[1] is False, "테마의 스크롤 요소 검사가 남아 있습니다"
    for page in CHAPTERS:
        doc = soup(site, page)
        pres = doc.select("article pre")
        assert pres and all(p.get("tabindex") == "0" for p in pres), page


@pytest.mark.parametrize("page", CHAPTERS + ["index"])
def test_head_scripts_do_not_block_the_first_paint(site, page):
    doc = soup(site, page)
    blocking = [s["src"] for s in doc.head.find_all("script", src=True)
                if not (s.has_attr("defer") or s.has_attr("async"))]
    assert all(src.split("?")[0].endswith(page_speed.KEEP_BLOCKING) for src in blocking), blocking


# --- _ext/math_prerender.py ----------------------------------------------------------
import math_prerender  # noqa: E402


def test_math_already_drawn_is_not_drawn_again():
    """`jupyter-book build` without a fresh environment leaves unchanged pages as the last
    build wrote them: their drawn math must not be taken for TeX a second time."""
    page = ('<head></head><p><span class="math notranslate nohighlight">\\(x^2\\)</span> and '
            '<div class="math notranslate nohighlight">\n\\[y = 1\\]\n</div></p>')
    found = [math_prerender.tex_of(kind, body) for kind, _, body in math_prerender.MATH.findall(page)]
    assert found == [("x^2", False), ("y = 1", True)]
    drawn = math_prerender.rewrite(page, ["<mjx-container><mjx-c>x</mjx-c></mjx-container>",
                                          "<mjx-container display=\"true\"><mjx-c>y</mjx-c></mjx-container>"],
                                   "mjx-c{}")
    assert math_prerender.MATH.findall(drawn) == []
    assert drawn.count('<style id="mathjax-chtml">') == 1
    assert math_prerender.rewrite(drawn, [], "mjx-c{}") == drawn
