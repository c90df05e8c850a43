"""The PDF of the book (`make pdf` builds it and then runs this file).

Building the PDF takes a couple of minutes, so `make test` does not build it and runs
only the fast checks at the end. The tests that read the PDF run when `make pdf` runs
this file (it sets PDF_REQUIRED=1: a missing PDF fails), or with PDF=path/to/book.pdf.
`make test` skips them even where an older PDF lies in _build: after a chapter changes,
that PDF is stale, and its test would fail for no fault of the chapter.
"""
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import pdf as book_pdf  # noqa: E402
import toc  # noqa: E402

PDF = Path(os.environ.get("PDF", book_pdf.PDF))
# pypdf reads some spaces of the Hangul font as U+0001: no whitespace, no control characters.
SPACE = re.compile(r"[\s\x00-\x1f]+")


@pytest.fixture(scope="module")
def reader():
    if not (os.environ.get("PDF_REQUIRED") or os.environ.get("PDF")):
        pytest.skip("PDF 검사는 make pdf 가 PDF를 만든 뒤에 실행합니다")
    if not PDF.exists():
        pytest.fail(f"PDF가 없습니다: {PDF}")
    from pypdf import PdfReader

    return PdfReader(str(PDF))


@lru_cache(maxsize=None)
def _texts(path):
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


@pytest.fixture(scope="module")
def text(reader):
    return "\n".join(_texts(PDF))


@pytest.fixture(scope="module")
def flat(text):
    """The PDF's text with no whitespace: a wrapped line reads as one."""
    return SPACE.sub("", text)


def chapter_titles():
    titles = {}
    for path in toc.notebooks():
        nb = nbformat.read(path, as_version=4)
        first = next(l for c in nb.cells if c.cell_type == "markdown"
                     for l in c.source.splitlines() if l.startswith("# "))
        titles[path.stem] = first[2:].strip()
    return titles


def code_lines():
    """(chapter, cell, line) for every line of code the reader sees."""
    for path in toc.notebooks():
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            tags = cell.metadata.get("tags", [])
            if cell.cell_type != "code" or any(t in tags for t in ("remove-cell", "remove-input")):
                continue
            for line in cell.source.splitlines():
                if line.strip():
                    yield path.stem, i, line


def test_every_chapter_title_is_in_the_text(flat):
    missing = [t for t in chapter_titles().values() if SPACE.sub("", t) not in flat]
    assert not missing, f"PDF에 없는 장 제목: {missing}"


def test_every_line_of_code_is_whole_in_the_text(flat):
    missing = [f"{ch} 셀 {i}: {line}" for ch, i, line in code_lines()
               if SPACE.sub("", line) not in flat]
    assert not missing, f"PDF에 없거나 잘린 코드 줄 {len(missing)}개:\n" + "\n".join(missing[:30])


def test_no_replacement_characters(text):
    assert "\ufffd" not in text, "PDF의 글자에 U+FFFD(깨진 글자)가 있습니다"


def _fonts(reader):
    for number, page in enumerate(reader.pages, start=1):
        resources = page.get("/Resources") or {}
        fonts = resources.get_object().get("/Font") or {}
        for name, ref in fonts.get_object().items():
            yield number, name, ref.get_object()


def _embedded(font):
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True   # its glyphs are drawing procedures inside the PDF itself
    if subtype == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = (font.get("/FontDescriptor") or {})
    descriptor = descriptor.get_object() if hasattr(descriptor, "get_object") else descriptor
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_font_is_embedded_and_hangul_is_truetype(reader):
    seen, missing = set(), []
    for number, name, font in _fonts(reader):
        base = str(font.get("/BaseFont", name))
        seen.add(base.split("+")[-1])
        if not _embedded(font):
            missing.append(f"{number}쪽: {base}")
    assert not missing, f"심지 않은 글꼴: {missing}"
    assert any(b.startswith("NanumGothic") for b in seen), f"한글 글꼴(NanumGothic)이 없습니다: {seen}"


def _outline_titles(reader):
    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, item.title
    return list(walk(reader.outline, 0))


def test_the_outline_has_every_chapter_and_its_sections(reader):
    entries = _outline_titles(reader)
    for stem, title in chapter_titles().items():
        hits = [i for i, (depth, t) in enumerate(entries) if t.strip().endswith(title)]
        assert hits, f"목차(북마크)에 장이 없습니다: {title}"
        depth = entries[hits[0]][0]
        after = entries[hits[0] + 1] if hits[0] + 1 < len(entries) else (depth, "")
        assert after[0] > depth, f"목차에서 '{title}' 아래에 절이 없습니다"


def test_every_deliberate_error_is_labelled(text):
    cells = sum("raises-exception" in c.metadata.get("tags", [])
                for p in toc.notebooks() for c in nbformat.read(p, as_version=4).cells)
    assert SPACE.sub("", text).count("일부러낸오류:") == cells


def test_pages_are_numbered(reader):
    texts = _texts(PDF)
    total = len(texts)
    unnumbered = [i for i, t in enumerate(texts, start=1)
                  if not re.search(rf"\b{i}\s*/\s*{total}\b", t)]
    assert not unnumbered, f"쪽 번호가 없는 쪽: {unnumbered[:20]}"


def test_internal_links_stay_in_the_document(reader):
    """Glossary terms and cross-references are links to places in the PDF itself."""
    internal = external_to_site = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            if "/Dest" in a:
                internal += 1
            elif action is not None and "/URI" in action.get_object():
                uri = str(action.get_object()["/URI"])
                if uri.startswith("http://127.0.0.1"):
                    external_to_site += 1
    assert internal > 100, f"문서 안 링크가 {internal}개뿐입니다"
    assert external_to_site == 0, f"빌드할 때의 임시 서버를 가리키는 링크 {external_to_site}개"


# --- fast checks, no PDF needed ----------------------------------------------------------
def test_the_cover_lists_every_version_the_chapters_ran_with():
    cover = book_pdf.cover_html()
    for name, found in book_pdf.versions().items():
        assert name in cover and all(v in cover for v in found)
    assert "torch" in book_pdf.versions()


def test_the_hangul_font_is_bundled_truetype():
    fonts = book_pdf.hangul_fonts()
    assert any(f.name == "NanumGothic.ttf" for f in fonts)
    assert all(f.read_bytes()[:4] == b"\x00\x01\x00\x00" for f in fonts)   # TrueType outlines
