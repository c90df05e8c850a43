"""The 오류 메시지 사전 (appendix/errors), the notebooks' zip and the download links.

The dictionary is generated at build time (_ext/error_dictionary.py) from the chapters'
`raises-exception` cells; these tests prove that every deliberate error is on it, in a
group, with an explanation, and that its link lands on the section that holds that very
error cell. A reader pasting a message into the site's search finds the entry.
"""
import posixpath
import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

import browser as chromium
import toc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import error_dictionary as ed  # noqa: E402

ENTRIES = ed.collect(ROOT)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def deliberate_errors():
    """(docname, cell index, ename, first line of the message) of every error cell."""
    for path in toc.notebooks():
        doc = path.relative_to(ROOT).with_suffix("").as_posix()
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "code" and "raises-exception" in cell.metadata.get("tags", []):
                err = next(o for o in cell.outputs if o.output_type == "error")
                yield doc, i, err.ename, ANSI.sub("", err.evalue).strip().splitlines()[0]


def test_every_deliberate_error_has_an_entry():
    shown = {(s.docname, s.cell) for e in ENTRIES for s in e.sources}
    missing = [f"{d} 셀 {i}: {n}" for d, i, n, _ in deliberate_errors() if (d, i) not in shown]
    assert not missing, f"사전에 없는 오류: {missing}"
    assert len(list(deliberate_errors())) >= 20


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.anchor)
def test_every_entry_has_a_group_an_explanation_and_its_real_message(entry):
    assert entry.group in {g for g, _, _ in ed.GROUPS}, f"분류되지 않은 오류: {entry.message}"
    assert len(ed.plain(entry.explanation)) >= 20, f"설명이 없거나 짧습니다: {entry.explanation!r}"
    assert re.search(r"[가-힣]", entry.explanation) and entry.explanation.endswith(".")
    # The invariant part matches the stored message, with `…` standing for what varies.
    pattern = ".+?".join(re.escape(part) for part in entry.message.split("…"))
    assert re.match(pattern, entry.full), (entry.message, entry.full)


def test_the_classifier_puts_each_kind_where_a_reader_looks():
    assert ed.classify("RuntimeError", "expected m1 and m2 to have the same dtype") == "dtypes"
    assert ed.classify("RuntimeError", "The size of tensor a (4) must match") == "shapes"
    assert ed.classify("RuntimeError", "Trying to backward through the graph a second time") == "autograd"
    assert ed.classify("RuntimeError", "Error(s) in loading state_dict for Net") == "saving"
    assert ed.classify("RuntimeError", "Tensor on device cpu is not on the expected device") == "devices"
    assert ed.classify("X", "nothing to see") == ""


def test_the_explanation_is_a_sentence_about_the_message():
    md = ("위의 GPU 메시지와 비교해 보세요. 장치 이름만 다릅니다. "
          "`.numpy()`는 텐서가 CPU에 있는지 검사한다는 뜻입니다.")
    assert ed.explanation(md).startswith("`.numpy()`")
    assert ed.split_sentences("`a.b()`는 뜻입니다. 둘째 $x.y$ 문장입니다.") == [
        "`a.b()`는 뜻입니다.", "둘째 $x.y$ 문장입니다."]


# --- the built site ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def errors_page(site):
    return BeautifulSoup((site / f"{ed.DOCNAME}.html").read_text(encoding="utf-8"), "html.parser")


def test_the_page_shows_every_message_and_links_to_its_cell(site, errors_page):
    article = errors_page.find("article")
    text = " ".join(article.get_text().split())
    links = [a["href"] for a in article.find_all("a", href=True) if "chapters/" in a["href"]]
    for entry in ENTRIES:
        assert " ".join(f"{entry.ename}: {entry.message}".split()) in text, entry.message
    found = set()
    for href in links:
        parts = urlsplit(href)
        target = ((site / ed.DOCNAME).parent / unquote(parts.path)).resolve()
        soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
        section = soup.find(id=unquote(parts.fragment))
        assert section is not None and section.name == "section", href
        cells = section.select(".cell.tag_raises-exception")
        assert cells, f"{href}: 이 절에 오류 셀이 없습니다"
        doc = target.relative_to(site.resolve()).with_suffix("").as_posix()
        for cell in cells:
            tb = cell.select_one(".output.traceback")
            found.update((doc, line) for line in [tb.get_text()] if tb)
    for doc, i, ename, first in deliberate_errors():
        assert any(d == doc and first.split(" (")[0][:40] in t for d, t in found), \
            f"{doc} 셀 {i}의 오류({first[:50]})로 가는 링크가 없습니다"


def test_the_troubleshooting_errors_are_there_too(errors_page):
    text = errors_page.find("article").get_text()
    for ename, message, *_ in ed.EXTRA:
        assert ename in text and message.split("…")[0].strip() in text


def test_the_zip_holds_each_notebook_byte_for_byte(site):
    with zipfile.ZipFile(site / ed.ZIP_NAME) as z:
        names = z.namelist()
        assert len(names) == len(toc.notebooks())
        for path in toc.notebooks():
            assert z.read(f"pytorch-basics/{path.name}") == path.read_bytes(), path.name


def test_front_page_and_every_chapter_link_the_downloads(site):
    pages = ["index"] + [p.relative_to(ROOT).with_suffix("").as_posix() for p in toc.notebooks()]
    for doc in pages:
        soup = BeautifulSoup((site / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
        hrefs = {posixpath.normpath(posixpath.join(posixpath.dirname(doc), urlsplit(a["href"]).path))
                 for a in soup.find("article").find_all("a", href=True) if not urlsplit(a["href"]).scheme}
        for want in (ed.PDF_NAME, ed.ZIP_NAME, f"{ed.DOCNAME}.html"):
            assert want in hrefs, f"{doc}: {want} 링크가 없습니다"


@pytest.fixture(scope="module")
def base_url(site):
    with chromium.serve(site) as url:
        yield url


def test_pasting_a_message_into_search_finds_the_entry(browser, base_url):
    page = browser.new_page()
    try:
        query = "Trying to backward through the graph a second time"
        page.goto(base_url + f"search.html?q={quote(query)}", wait_until="load")
        chromium.wait_for_search_results(page)
        hrefs = page.eval_on_selector_all("#search-results ul.search li a",
                                          "els => els.map(e => e.getAttribute('href'))")
        docs = [h.split("#")[0].split("?")[0].removesuffix(".html") for h in hrefs]
        assert ed.DOCNAME in docs, f"검색 결과: {docs}"
    finally:
        page.close()
