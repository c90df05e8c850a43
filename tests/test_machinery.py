"""Tests of the test machinery: a broken notebook must make `make test` fail, and say where.

Each test makes a small chapter-shaped notebook in a temporary directory, executes it
the way `make execute` does, breaks it the way a contributor might, and runs the same
checks `make test` runs on the real chapters: nbval with this repository's pytest.ini
and sanitizer (in a subprocess), and the form checks of scripts/nbcheck.py.
"""
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import execute
import nbcheck

ROOT = Path(__file__).resolve().parent.parent
SETUP = ('import sys\n\nif "google.colab" in sys.modules:\n'
         '    print("Colab에서만 설치합니다")')


def make_chapter(directory, cells):
    """A minimal chapter (title, setup cell, given code cells, 정리, 연습문제), executed."""
    nb = new_notebook(cells=[
        new_markdown_cell("# 시험용 장\n\n테스트 장치를 시험합니다."),
        new_code_cell(SETUP, metadata={"tags": ["hide-input"]}),
        *cells,
        new_markdown_cell("## 정리\n\n- 끝"),
        new_markdown_cell("## 연습문제\n\n1. 없음"),
    ])
    path = Path(directory) / "99_machinery.ipynb"
    nbformat.write(nb, path)
    execute.execute(path)
    return path


def run_nbval(path):
    """nbval exactly as `make test` configures it (pytest.ini, sanitizer), on one notebook."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(path), "-n", "0", "-q",
         "-c", str(ROOT / "pytest.ini"), "--rootdir", str(path.parent)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture
def chapter(tmp_path):
    cells = [
        new_code_cell("x = [1, 2, 3]\nsum(x)"),
        new_code_cell('print("합:", sum(x) * 2)'),
    ]
    return make_chapter(tmp_path, cells)


def test_a_freshly_executed_chapter_passes(chapter):
    code, log = run_nbval(chapter)
    assert code == 0, log
    assert nbcheck.check(chapter) == []


def test_an_output_edited_by_hand_fails_and_names_the_cell(chapter):
    nb = nbformat.read(chapter, as_version=4)
    nb.cells[3].outputs[0]["text"] = "합: 13\n"  # the code prints 합: 12
    nbformat.write(nb, chapter)
    code, log = run_nbval(chapter)
    assert code != 0
    assert "99_machinery.ipynb::Cell 2" in log  # nbval counts code cells from 0
    assert "합: 13" in log and "합: 12" in log


def test_a_cell_never_executed_is_reported(chapter):
    nb = nbformat.read(chapter, as_version=4)
    nb.cells.insert(4, new_code_cell("y = 1"))  # added after the last execution
    nbformat.write(nb, chapter)
    problems = nbcheck.check(chapter, name="99_machinery.ipynb")
    assert "99_machinery.ipynb, Cell 3: 실행되지 않은 코드 셀입니다 (make execute 로 출력을 저장하세요)" in problems


def test_an_untagged_error_fails_nbval_and_the_form_check(tmp_path):
    path = make_chapter(tmp_path, [
        new_code_cell("1 / 0", metadata={"tags": ["raises-exception"]}),
        new_markdown_cell("0으로 나누면 오류가 납니다."),
    ])
    assert run_nbval(path)[0] == 0
    assert nbcheck.check(path) == []
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].metadata["tags"] = []  # someone drops the tag
    nbformat.write(nb, path)
    code, log = run_nbval(path)
    assert code != 0 and "ZeroDivisionError" in log
    assert any("Cell 1: raises-exception 태그 없이 오류가 저장되었습니다" in p for p in nbcheck.check(path))


def test_machine_specific_output_is_reported(tmp_path):
    path = make_chapter(tmp_path, [
        new_code_cell("object()"),  # <object object at 0x7f...>
        new_code_cell("import tempfile\nprint(tempfile.gettempdir() + '/x')"),
        new_code_cell("import warnings\nwarnings.warn('조심하세요')"),
    ])
    problems = "\n".join(nbcheck.check(path))
    assert "Cell 1: 출력에 메모리 주소가 있습니다" in problems
    assert "Cell 2: 출력에 절대 경로가 있습니다" in problems
    assert "Cell 3: 출력에 경고가 저장되었습니다 (UserWarning:)" in problems


def test_the_sanitizer_ignores_graphviz_layout_but_not_labels(tmp_path):
    svg = ('from IPython.display import SVG\nSVG(\'<svg width="62pt" height="44pt" viewBox="0 0 62 44">'
           '<g><title>node0</title><text x="31" y="-18">LABEL</text></g></svg>\')')
    path = make_chapter(tmp_path, [new_code_cell(svg.replace("LABEL", "MulBackward0"))])
    nb = nbformat.read(path, as_version=4)
    stored = nb.cells[2].outputs[0]["data"]["image/svg+xml"]
    # Another Graphviz version lays the graph out differently: still passes.
    nb.cells[2].outputs[0]["data"]["image/svg+xml"] = stored.replace('x="31"', 'x="40"').replace("62pt", "70pt")
    nbformat.write(nb, path)
    assert run_nbval(path)[0] == 0
    # A different label is a different graph: fails.
    nb.cells[2].outputs[0]["data"]["image/svg+xml"] = stored.replace("MulBackward0", "AddBackward0")
    nbformat.write(nb, path)
    code, log = run_nbval(path)
    assert code != 0 and "AddBackward0" in log


def test_execute_is_idempotent(chapter):
    before = chapter.read_bytes()
    execute.execute(chapter)
    assert chapter.read_bytes() == before


def test_tracebacks_keep_no_absolute_paths(tmp_path):
    path = make_chapter(tmp_path, [
        new_code_cell("import json\njson.loads('{')", metadata={"tags": ["raises-exception"]}),
        new_markdown_cell("잘못된 JSON입니다."),
    ])
    nb = nbformat.read(path, as_version=4)
    traceback = "\n".join(nb.cells[2].outputs[0]["traceback"])
    assert "json/decoder.py" in traceback
    assert not nbcheck.ABSOLUTE_PATH.search(traceback), traceback
    assert nbcheck.check(path) == []


def test_the_form_check_wants_the_colab_setup_cell(chapter):
    nb = nbformat.read(chapter, as_version=4)
    nb.cells[1].metadata["tags"] = []
    nbformat.write(nb, chapter)
    assert any("Cell 0: Colab 준비 셀에 hide-input 태그가 없습니다" in p for p in nbcheck.check(chapter))
