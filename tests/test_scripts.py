"""Unit tests of the helper code: scripts/ and the book_status extension."""
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

import bookenv
import execute
import toc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import book_status  # noqa: E402


def test_tracebacks_lose_the_machine_part_of_library_paths():
    line = "File \x1b[0;32m/home/kim/book/.venv/lib/python3.11/site-packages/torch/_tensor.py:626\x1b[0m"
    assert execute.ABSOLUTE_LIB_PATH.sub(r".../\1", line) == \
        "File \x1b[0;32m.../site-packages/torch/_tensor.py:626\x1b[0m"
    stdlib = "File /usr/lib/python3.12/json/decoder.py:338, in JSONDecoder.decode"
    assert execute.ABSOLUTE_LIB_PATH.sub(r".../\1", stdlib) == \
        "File .../python3.12/json/decoder.py:338, in JSONDecoder.decode"


def test_status_keeps_a_duration_within_tolerance_and_replaces_a_real_change():
    versions = {"python": "3.11.7", "torch": "2.13.0"}
    status = {}
    execute.update_status(status, "a.ipynb", 4.04, versions)
    assert status["a.ipynb"] == {"seconds": 4.0, "versions": versions}
    execute.update_status(status, "a.ipynb", 4.9, versions)      # jitter: kept
    assert status["a.ipynb"]["seconds"] == 4.0
    execute.update_status(status, "a.ipynb", 9.0, versions)      # a real change
    assert status["a.ipynb"]["seconds"] == 9.0
    execute.update_status(status, "a.ipynb", 9.1, {"python": "3.12.1", "torch": "2.13.0"})
    assert status["a.ipynb"] == {"seconds": 9.1, "versions": {"python": "3.12.1", "torch": "2.13.0"}}


def test_clean_metadata_keeps_only_kernel_and_language():
    nb = new_notebook(cells=[new_code_cell("1", metadata={"execution": {"iopub.status.busy": "2026-11-23T15:00:00Z"}, "tags": ["t"]})],
                      metadata={"jupytext": {}, "widgets": {}, "language_info": {"name": "python", "version": "3.11"}})
    execute.clean_metadata(nb)
    assert set(nb.metadata) == {"kernelspec", "language_info"}
    assert nb.cells[0].metadata == {"tags": ["t"]}
    nbformat.validate(nb)


def test_bookenv_pins_threads_unless_asked_otherwise():
    assert bookenv.apply({})["OMP_NUM_THREADS"] == "1"
    assert bookenv.apply({"OMP_NUM_THREADS": "2"})["MKL_NUM_THREADS"] == "2"


def test_toc_reads_pages_in_order(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: chapters/02_b\n      - file: chapters/01_a.ipynb\n"
        "  - caption: B\n    chapters:\n      - file: appendix/x\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "01_a.ipynb").write_text("{}")
    assert toc.pages(tmp_path) == ["index", "chapters/02_b", "chapters/01_a", "appendix/x"]
    assert toc.notebooks(tmp_path) == [tmp_path / "chapters" / "01_a.ipynb"]


def test_book_status_versions_take_the_newest_and_format_seconds():
    status = {"a.ipynb": {"seconds": 1, "versions": {"torch": "2.9.0", "python": "3.11.7"}},
              "b.ipynb": {"seconds": 2, "versions": {"torch": "2.13.0", "python": "3.11.7"}}}
    assert book_status.common_versions(status) == {"torch": "2.13.0", "python": "3.11.7"}
    assert book_status.format_seconds(3.04) == "3.0초"


def test_status_file_lists_exactly_the_chapters_of_the_book():
    status = book_status.load_status(ROOT)
    assert sorted(status) == sorted(p.relative_to(ROOT).as_posix() for p in toc.notebooks()), \
        "make execute 로 실행 현황을 다시 기록하세요"
