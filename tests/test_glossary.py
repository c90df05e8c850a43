"""The glossary is the book's single spelling of every term, and chapters link to it.

* No page uses a spelling the glossary lists as *다른 표기* (e.g. 그래디언트 for 기울기).
* In every chapter, the first use of each glossary term in the prose (markdown, not
  headings, code or code comments, which cannot hold a link) is a {term} link.
* Every entry names the chapter that introduces it, and that chapter uses the term.
"""
import re
import sys
from pathlib import Path

import nbformat
import pytest

import toc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "appendix" / "glossary.md"
ROLE = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>`]+)>)?`")


# One reading of the glossary page for the tests and for the site's search keywords.
from reader_fixes import parse_glossary  # noqa: E402


TERMS = parse_glossary(GLOSSARY.read_text(encoding="utf-8"))


def prose_lines(path, comments=True):
    """The reader-facing Korean text of a page: markdown (without code) and code comments."""
    if path.suffix == ".ipynb":
        cells = nbformat.read(path, as_version=4).cells
        sources = [(c.cell_type, c.source) for c in cells]
    else:
        sources = [("markdown", path.read_text(encoding="utf-8"))]
    for kind, source in sources:
        if kind == "code":
            if not comments:
                continue
            yield from (line.split("#", 1)[1] for line in source.splitlines() if "#" in line)
            continue
        fenced = False
        for line in source.splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            if not fenced:
                yield line


def mask(text, start, end):
    return text[:start] + "\0" * (end - start) + text[end:]


def first_uses(lines):
    """For each term: True if its first use is a {term} link, False if plain text first."""
    found = {}
    longest_first = sorted(TERMS, key=len, reverse=True)
    for line in lines:
        if line.lstrip().startswith("#"):
            continue  # headings are not linked
        for role in ROLE.finditer(line):
            target = (role.group(2) or role.group(1)).strip()
            found.setdefault(target, True)
            line = mask(line, *role.span())
        # inline code and link texts are not prose
        for pattern in (r"`[^`]*`", r"\[[^\]]*\]\([^)]*\)", r"\{doc\}`[^`]*`"):
            for m in re.finditer(pattern, line):
                line = mask(line, *m.span())
        for term in longest_first:  # "잎 텐서" is not a use of "텐서"
            for m in re.finditer(re.escape(term), line):
                found.setdefault(term, False)
                line = mask(line, *m.span())
    return found


PAGES = [p for p in toc.notebooks()] + [ROOT / "index.md"] + \
        [p for p in (ROOT / "appendix").glob("*.md") if p != GLOSSARY]


def without_terms(text):
    """The text with every glossary term blanked out ("브로드캐스팅" hides no "캐스팅")."""
    for term in sorted(TERMS, key=len, reverse=True):
        text = text.replace(term, "\0" * len(term))
    return text


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_no_variant_spellings(path):
    text = without_terms("\n".join(prose_lines(path)))
    wrong = [f"'{variant}' → '{term}'" for term, entry in TERMS.items()
             for variant in entry["variants"] if variant in text]
    assert not wrong, f"{path.relative_to(ROOT)}: 용어집과 다른 표기: {', '.join(wrong)}"


CHAPTERS = toc.notebooks()


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_first_use_of_each_term_is_linked(path):
    unlinked = sorted(term for term, linked in first_uses(prose_lines(path, comments=False)).items() if not linked)
    assert not unlinked, (f"{path.relative_to(ROOT)}: 처음 나올 때 {{term}}으로 용어집에 연결되지 않은 용어: "
                          f"{', '.join(unlinked)}")


def test_every_entry_names_a_chapter_that_uses_it():
    for term, entry in TERMS.items():
        assert entry["chapter"], f"'{term}': 처음 나오는 장이 적혀 있지 않습니다"
        path = ROOT / f"{entry['chapter']}.ipynb"
        assert path.exists(), f"'{term}': {entry['chapter']}이(가) 없습니다"
        assert term in first_uses(prose_lines(path, comments=False)), f"'{term}': {entry['chapter']}에 나오지 않습니다"


def test_the_checks_themselves():
    lines = ["{term}`기울기(gradient) <기울기>`를 구합니다. 기울기는 다시 나옵니다.",
             "잎 텐서는 텐서가 아닙니다.", "`그래디언트`는 코드라서 괜찮습니다."]
    assert "캐스팅" not in without_terms("브로드캐스팅을 씁니다")
    uses = first_uses(lines)
    assert uses["기울기"] is True and uses["잎 텐서"] is False and uses["텐서"] is False
    assert parse_glossary(":::{glossary}\n가\n  **a**. 설명. *다른 표기*: 나, 다. → {doc}`../chapters/01_x`\n:::\n") == {
        "가": {"english": ["a"], "variants": ["나", "다"], "chapter": "chapters/01_x"}}
