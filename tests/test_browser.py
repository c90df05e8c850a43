"""The built site as a reader sees it: headless Chromium, driven by Playwright.

The site is served on loopback and every page is opened in a real browser. A machine
with no Chromium (and no way to install one: `make test` tries apt-get first) skips
these tests with that reason; everything else in `make test` still runs.
"""
import io
import json
import sys
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

import browser as chromium
import toc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import korean_search  # noqa: E402

PHONE = {"width": 390, "height": 844}

# What a Korean reader types, and the chapter that is about it.
QUERIES = {
    "텐서": "chapters/01_tensors",
    "연산": "chapters/02_operations",
    "브로드캐스팅": "chapters/03_broadcasting",
    "기울기": "chapters/04_autograd",
    "자동 미분": "chapters/04_autograd",
    "requires_grad": "chapters/04_autograd",
    "NumPy": "chapters/05_numpy_bridge",
    "DataLoader": "chapters/06_data",
    "모델": "chapters/07_nn_module",
    "손실": "chapters/08_optim",
    "옵티마이저": "chapters/08_optim",
    "저장": "chapters/09_save_load",
    "체크포인트": "chapters/09_save_load",
    "학습": "chapters/08_optim",
    "메모리 공유": "chapters/05_numpy_bridge",
}


@pytest.fixture(scope="module")
def base_url(site):
    with chromium.serve(site) as url:
        yield url


class Visit:
    """A page opened in a fresh context, with its console errors and failed requests."""

    def __init__(self, browser, base_url, path, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors = []
        host = urlparse(base_url).netloc

        def local(url):
            return urlparse(url).netloc == host

        def on_console(msg):
            if msg.type == "error" and local(msg.location.get("url", "") or base_url):
                self.errors.append(f"console: {msg.text}")

        self.page.on("console", on_console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("requestfailed", lambda req: local(req.url) and self.errors.append(
            f"request failed: {req.url}"))
        self.page.on("response", lambda res: local(res.url) and res.status >= 400 and self.errors.append(
            f"HTTP {res.status}: {res.url}"))
        self.page.goto(base_url + path, wait_until="load")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    opened = []

    def open_page(path, **context):
        v = Visit(browser, base_url, path, **context)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


PAGES = toc.pages()
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]


@pytest.mark.parametrize("docname", PAGES)
def test_page_loads_without_errors(visit, docname):
    v = visit(f"{docname}.html")
    assert v.page.locator("article h1").first.is_visible()
    v.page.wait_for_timeout(200)  # late errors from scripts that run after load
    assert v.errors == []


@pytest.mark.parametrize("docname", CHAPTERS)
def test_graphs_and_figures_are_visible(visit, docname):
    v = visit(f"{docname}.html")
    images = v.page.locator("article img")
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        # Figures are lazy: scrolling starts the download; decode() waits for it.
        natural = img.evaluate("el => el.decode().then(() => el.naturalWidth, () => 0)")
        box = img.bounding_box()
        assert natural > 0 and box and box["width"] > 50 and box["height"] > 20, img.get_attribute("src")


@pytest.mark.parametrize("docname", CHAPTERS)
def test_colab_button_opens_this_notebook(visit, docname):
    v = visit(f"{docname}.html")
    link = v.page.locator('a[href^="https://colab.research.google.com/"]')
    assert link.count() == 1
    assert link.get_attribute("href").endswith(f"/blob/main/{docname}.ipynb")
    # One labelled button in the chapter header, not a menu behind a rocket icon.
    assert link.is_visible() and "Colab에서 열기" in link.inner_text()


def search(visit, query):
    v = visit(f"search.html?q={quote(query)}")
    chromium.wait_for_search_results(v.page)
    hrefs = v.page.eval_on_selector_all("#search-results ul.search li a",
                                        "els => els.map(e => e.getAttribute('href'))")
    docs = []
    for href in hrefs:
        doc = href.split("#")[0].split("?")[0].removesuffix(".html")
        if doc not in docs:
            docs.append(doc)
    return v, docs


@pytest.mark.parametrize("query, expected", QUERIES.items())
def test_korean_search_finds_the_chapter_first(visit, query, expected):
    v, docs = search(visit, query)
    assert v.errors == []
    assert docs and docs[0] == expected, f"'{query}' 검색 결과 순서: {docs}"


def test_search_finds_a_word_with_any_particle(visit):
    # "누적" appears only with particles and endings ("누적됩니다", "누적을" ...).
    _, docs = search(visit, "누적")
    assert "chapters/04_autograd" in docs


def test_browser_stemmer_matches_the_index_stemmer(visit):
    """The query side (JavaScript) reduces words exactly as the index side (Python)."""
    v = visit("search.html")
    words = ["텐서를", "텐서들은", "모델이", "학습합니다", "경로", "결과를", "에서는", "DataLoader",
             "requires_grad", "tensors", "역전파로", "기울기가"]
    got = v.page.evaluate("ws => ws.map(w => new Stemmer().stemWord(w.toLowerCase()))", words)
    lang = korean_search.SearchKorean({})
    assert got == [lang.stem(w) for w in words]
    split = v.page.evaluate("q => splitQuery(q)", "DataLoader를 쓰는 법")
    assert split == korean_search.split("DataLoader를 쓰는 법")


@pytest.mark.parametrize("docname", PAGES)
def test_no_horizontal_scroll_on_a_phone(visit, docname):
    v = visit(f"{docname}.html", viewport=PHONE, is_mobile=True, has_touch=True)
    overflow = v.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{docname}: 휴대폰 화면에서 가로로 {overflow}px 넘칩니다"


def mean_and_min_luminance(png_bytes):
    from PIL import Image

    image = Image.open(io.BytesIO(png_bytes)).convert("L")
    histogram = image.histogram()  # 256 counts, one per grey level
    total = sum(histogram)
    mean = sum(level * count for level, count in enumerate(histogram)) / total
    darkest = next(level for level, count in enumerate(histogram) if count)
    return mean / 255, darkest / 255


@pytest.mark.parametrize("docname", CHAPTERS)
def test_dark_mode_keeps_graphs_and_figures_readable(visit, docname):
    """In dark mode every graph and figure still sits on a light background with dark ink."""
    v = visit(f"{docname}.html", color_scheme="dark")
    assert v.page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    images = v.page.locator("article img")
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        img.evaluate("el => el.decode()")
        mean, darkest = mean_and_min_luminance(img.screenshot())
        assert mean > 0.6 and darkest < 0.35, json.dumps(
            {"src": img.get_attribute("src"), "mean": mean, "darkest": darkest})


@pytest.mark.parametrize("docname", ["index", "chapters/04_autograd"])
def test_header_icons_are_drawn_from_the_web_font(visit, docname):
    """fontawesome.js is not shipped; the theme's CSS must still draw every icon."""
    v = visit(f"{docname}.html")
    chromium.await_in_page(v.page, "() => document.fonts.ready")
    icons = v.page.eval_on_selector_all(
        ".bd-header-article i[class*='fa-'], .article-header-buttons i[class*='fa-']",
        """els => els.filter(el => el.getClientRects().length > 0).map(el => {
            const before = getComputedStyle(el, '::before');
            return {cls: el.className, content: before.content, font: before.fontFamily,
                    width: el.getBoundingClientRect().width};
        })""")
    assert len(icons) >= 4
    for icon in icons:
        assert icon["content"] not in ("none", "normal", '""') and icon["width"] > 0, icon
        assert "Font Awesome" in icon["font"], icon
    loaded = v.page.evaluate("""async () => [
        ...(await document.fonts.load('900 16px "Font Awesome 6 Free"', '\\uf135')),
        ...(await document.fonts.load('400 16px "Font Awesome 6 Brands"', '\\uf09b')),
    ].map(f => f.status)""")
    assert loaded == ["loaded", "loaded"]


def test_solutions_open_when_clicked(visit):
    v = visit("chapters/01_tensors.html")
    solutions = v.page.locator("details.hide", has_text="풀이 보기")
    assert solutions.count() >= 3
    first = solutions.first
    first.scroll_into_view_if_needed()
    assert not first.evaluate("el => el.open")
    first.locator("summary").click()
    assert first.evaluate("el => el.open")
    assert first.locator("pre").first.is_visible()


def test_math_is_drawn_when_the_site_is_built(visit):
    """No page runs MathJax: its output is already in the HTML (_ext/math_prerender.py)."""
    def scripts_and_math(docname):
        return visit(f"{docname}.html").page.evaluate(
            """() => ({mathjax: [...document.scripts].some(s => (s.src || '').includes('mathjax')),
                       drawn: document.querySelectorAll('mjx-container mjx-math').length})""")

    capstone = scripts_and_math("chapters/10_capstone")
    assert not capstone["mathjax"] and capstone["drawn"] > 40, capstone
    assert scripts_and_math("index") == {"mathjax": False, "drawn": 0}
