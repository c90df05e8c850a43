"""The form of every chapter notebook (what nbval does not check by itself)."""
from pathlib import Path

import pytest

import nbcheck
import toc

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = toc.notebooks()


def test_toc_lists_every_chapter_and_only_existing_files():
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "chapters").glob("*.ipynb")}
    listed = {p.relative_to(ROOT).as_posix() for p in CHAPTERS}
    assert on_disk == listed, f"_toc.yml에 없는 노트북: {sorted(on_disk - listed)}"
    for page in toc.pages():
        assert any((ROOT / page).with_suffix(s).exists() for s in (".md", ".ipynb")), \
            f"_toc.yml의 {page}에 해당하는 파일이 없습니다"


def test_chapter_files_follow_the_naming_scheme():
    for path in CHAPTERS:
        assert path.parent == ROOT / "chapters"
        number, _, slug = path.stem.partition("_")
        assert number.isdigit() and len(number) == 2 and slug, path.name


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_form(path):
    problems = nbcheck.check(path, name=path.relative_to(ROOT).as_posix())
    assert not problems, "\n".join(problems)
