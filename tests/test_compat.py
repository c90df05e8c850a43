"""The compatibility record (assets/compat.json) and the code that makes and checks it.

Nothing here runs another environment or downloads anything: the record is checked,
and the comparison code is tested on small synthetic notebooks.
"""
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import compat
import toc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import book_status  # noqa: E402

PATTERNS = compat.sanitize_patterns()


def stream(text, name="stdout"):
    return new_output("stream", name=name, text=text)


def result(text):
    return new_output("execute_result", data={"text/plain": text}, execution_count=1)


def error(ename="ValueError", evalue="bad"):
    return new_output("error", ename=ename, evalue=evalue, traceback=["..."])


def cell(source, outputs=(), tags=()):
    c = new_code_cell(source, outputs=list(outputs), execution_count=1)
    if tags:
        c.metadata["tags"] = list(tags)
    return c


def pair(stored_cells, ran_outputs):
    """A stored notebook, and the same notebook with the given outputs after a run."""
    stored = new_notebook(cells=[new_markdown_cell("# 제목")] + stored_cells)
    ran = nbformat.from_dict(json.loads(json.dumps(stored)))
    code = [c for c in ran.cells if c.cell_type == "code"]
    for c, outs in zip(code, ran_outputs):
        c.outputs = list(outs)
    return stored, ran


# --- the record ----------------------------------------------------------------------

def test_record_has_no_unexplained_error():
    record = compat.load(compat.RECORD)
    assert compat.unexplained(record) == [], (
        "assets/compat.json lists errors nobody has explained: add an \"explanation\"")


def test_record_says_how_each_environment_ran():
    record = compat.load(compat.RECORD)
    assert record.get("gpu") == "not verified" or record.get("gpu", "").startswith("verified")
    for name, env in record.get("environments", {}).items():
        for key in ("python", "torch", "numpy", "date"):
            assert env.get(key), f"{name}: no {key}"
        for notebook, chapter in env["chapters"].items():
            assert len(chapter["sha256"]) == 64
            assert chapter["result"] == compat.result_word(chapter)
    listed = {p.relative_to(ROOT).as_posix() for p in toc.notebooks()}
    for env in record.get("environments", {}).values():
        assert set(env["chapters"]) <= listed


# --- comparing as nbval does ---------------------------------------------------------

def test_equal_outputs_and_split_streams_are_no_difference():
    stored, ran = pair([cell("print(1)", [stream("a\nb\n")])],
                       [[stream("a\n"), stream("b\n")]])
    assert compat.compare_notebook(stored, ran, PATTERNS) == ([], [], [])


def test_cells_are_numbered_like_nbval_code_cells_from_zero():
    stored, ran = pair([cell("1", [result("1")]), cell("2", [result("2")])],
                       [[result("1")], [result("3")]])
    untagged, missing, diffs = compat.compare_notebook(stored, ran, PATTERNS)
    assert [d["cell"] for d in diffs] == [1]
    assert diffs[0]["expected"] == "[text/plain] 2" and diffs[0]["got"] == "[text/plain] 3"


def test_sanitizer_and_unchecked_mime_types_are_applied():
    svg = '<svg width="{}pt"><g id="node1"><title>x</title></g></svg>'
    png = new_output("display_data", data={"image/png": "AAAA", "text/plain": "<Figure>"})
    png2 = new_output("display_data", data={"image/png": "BBBB", "text/plain": "<Figure>"})
    stored, ran = pair(
        [cell("g", [new_output("display_data", data={"image/svg+xml": svg.format(10)})]),
         cell("plt", [png])],
        [[new_output("display_data", data={"image/svg+xml": svg.format(12)})], [png2]])
    assert compat.compare_notebook(stored, ran, PATTERNS)[2] == []
    renamed = svg.replace("<title>x<", "<title>y<").format(10)
    _, ran = pair(stored.cells[1:], [[new_output("display_data",
                                                 data={"image/svg+xml": renamed})], [png]])
    assert [d["cell"] for d in compat.compare_notebook(stored, ran, PATTERNS)[2]] == [0]


def test_ignored_and_skipped_cells_are_not_compared():
    stored, ran = pair([cell("t", [stream("1.0 s\n")], tags=["nbval-ignore-output"]),
                        cell("# NBVAL_IGNORE_OUTPUT\nt", [stream("2 s\n")]),
                        cell("x", [stream("a\n")], tags=["nbval-skip"])],
                       [[stream("9 s\n")], [stream("8 s\n")], []])
    assert compat.compare_notebook(stored, ran, PATTERNS) == ([], [], [])


def test_untagged_error_and_deliberate_error_that_did_not_happen():
    stored, ran = pair([cell("a", [stream("ok\n")]),
                        cell("raise", [error("UnpicklingError", "no")],
                             tags=["raises-exception"]),
                        cell("b", [error("TypeError", "x")], tags=["raises-exception"])],
                       [[error("RuntimeError", "boom")], [stream("payload ran\n")],
                        [error("TypeError", "x")]])
    untagged, missing, diffs = compat.compare_notebook(stored, ran, PATTERNS)
    assert [(e["cell"], e["ename"]) for e in untagged] == [(0, "RuntimeError")]
    assert [(e["cell"], e["expected"]) for e in missing] == [(1, "UnpicklingError")]
    assert "payload ran" in missing[0]["got"]
    assert sorted(d["cell"] for d in diffs) == [0, 1]


def test_a_difference_only_in_version_strings_is_explained_as_such():
    stored, ran = pair([cell("v", [stream("PyTorch 2.13.0 | 장치: cpu\n")]),
                        cell("w", [stream("2.13.0 -> 5\n")])],
                       [[stream("PyTorch 2.10.0+cu128 | 장치: cpu\n")],
                        [stream("2.10.0 -> 6\n")]])
    versions = {"torch": "2.10.0", "torch_full": "2.10.0+cu128", "python": "3.12.1"}
    reference = {"torch": "2.13.0", "python": "3.11.7"}
    diffs = compat.compare_notebook(stored, ran, PATTERNS, versions, reference)[2]
    assert [(d["cell"], d["kind"]) for d in diffs] == [(0, "version"), (1, "output")]
    assert diffs[0]["explanation"]
    chapter = {"untagged_errors": [], "missing_errors": [], "differences": diffs[:1]}
    assert compat.result_word(chapter) == "ok"


def test_the_below_minimum_run_lowers_only_the_torch_check():
    first = next(c for c in nbformat.read(toc.notebooks()[0], 4).cells
                 if c.cell_type == "code")
    nb = new_notebook(cells=[new_code_cell(first.source)])
    patched = compat.prepare(nb, {"below_minimum": True}).cells[0].source
    assert "MIN_PYTHON, MIN_TORCH = (3, 10), (0, 0)" in patched
    with pytest.raises(SystemExit):
        compat.prepare(new_notebook(cells=[new_code_cell("import torch")]),
                       {"below_minimum": True})


# --- explanations, staleness, and the check the workflow runs ------------------------

def record_with(entry_kind, item, sha="0" * 64):
    chapter = {"sha256": sha, "untagged_errors": [], "missing_errors": [],
               "differences": []}
    chapter[entry_kind].append(item)
    chapter["result"] = compat.result_word(chapter)
    return {"schema": 1, "gpu": "not verified", "environments": {"colab": {
        "label": "Colab", "python": "3.12.1", "torch": "2.10.0", "numpy": "2.0.2",
        "date": "2026-12-01", "chapters": {"chapters/01_tensors.ipynb": chapter}}}}


def test_explanations_carry_over_only_to_the_same_fingerprint():
    old = record_with("differences", {"cell": 3, "kind": "output", "fingerprint": "aa",
                                      "expected": "1", "got": "2", "explanation": "왜"})
    new = record_with("differences", {"cell": 4, "kind": "output", "fingerprint": "aa",
                                      "expected": "1", "got": "2"})
    changed = record_with("differences", {"cell": 3, "kind": "output", "fingerprint": "bb",
                                          "expected": "1", "got": "3"})
    compat.carry_explanations(new["environments"]["colab"], old["environments"]["colab"])
    compat.carry_explanations(changed["environments"]["colab"],
                              old["environments"]["colab"])
    chapter = "chapters/01_tensors.ipynb"
    assert new["environments"]["colab"]["chapters"][chapter]["differences"][0][
        "explanation"] == "왜"
    assert "explanation" not in changed["environments"]["colab"]["chapters"][chapter][
        "differences"][0]


def test_unexplained_errors_are_listed():
    bad = record_with("untagged_errors", {"cell": 2, "ename": "E", "fingerprint": "x"})
    assert compat.unexplained(bad) == [
        "colab chapters/01_tensors.ipynb Cell 2: untagged_errors"]
    bad["environments"]["colab"]["chapters"]["chapters/01_tensors.ipynb"][
        "untagged_errors"][0]["explanation"] = "PyTorch 2.x에서 바뀐 동작"
    assert compat.unexplained(bad) == []


def run_check(tmp_path, committed, fresh):
    (tmp_path / "committed.json").write_text(json.dumps(committed), encoding="utf-8")
    (tmp_path / "fresh.json").write_text(json.dumps(fresh), encoding="utf-8")
    report = tmp_path / "report.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compat.py"), "check",
         "--against", str(tmp_path / "committed.json"),
         "--fresh", str(tmp_path / "fresh.json"), "--report", str(report)],
        capture_output=True, text=True)
    return done.returncode, report.read_text(encoding="utf-8")


def test_check_passes_when_the_fresh_run_matches_the_record(tmp_path):
    diff = {"cell": 3, "kind": "output", "fingerprint": "aa", "expected": "1", "got": "2",
            "explanation": "마지막 자리"}
    code, report = run_check(tmp_path, record_with("differences", diff),
                             record_with("differences", dict(diff)))
    assert code == 0 and "문제 없음" in report


def test_check_fails_when_a_chapter_stops_running(tmp_path):
    fresh = record_with("untagged_errors", {"cell": 5, "ename": "AttributeError",
                                            "fingerprint": "cc"})
    committed = record_with("differences", {"cell": 1, "kind": "version",
                                            "fingerprint": "dd", "expected": "",
                                            "got": ""})
    code, report = run_check(tmp_path, committed, fresh)
    assert code == 1 and "Cell 5" in report and "AttributeError" in report


def test_check_fails_when_an_explained_difference_changes(tmp_path):
    diff = {"cell": 3, "kind": "output", "fingerprint": "aa", "expected": "1", "got": "2",
            "explanation": "마지막 자리"}
    changed = dict(diff, fingerprint="ee", got="3")
    del changed["explanation"]
    code, report = run_check(tmp_path, record_with("differences", diff),
                             record_with("differences", changed))
    assert code == 1 and "Cell 3" in report


def test_status_table_cells_say_ok_difference_error_or_stale():
    sha = "1" * 64
    ok = {"sha256": sha, "differences": [{"cell": 1, "kind": "version"}]}
    assert book_status.compat_cell(ok, sha) == "✓"
    differs = {"sha256": sha, "differences": [{"cell": 7, "kind": "output"},
                                              {"cell": 3, "kind": "output"}]}
    assert book_status.compat_cell(differs, sha) == "차이 (셀 3, 7)"
    broken = {"sha256": sha, "untagged_errors": [{"cell": 4}],
              "missing_errors": [{"cell": 9}]}
    assert book_status.compat_cell(broken, sha) == "오류 (셀 4, 9)"
    assert book_status.compat_cell(ok, "2" * 64) == "오래됨"
    assert book_status.compat_cell(None, sha) == "-"
    assert "not verified" in book_status.gpu_sentence({"gpu": "not verified"})


def test_fingerprints_do_not_depend_on_memory_addresses():
    stored, ran = pair([cell("ds", [error("AssertionError", "Size mismatch")],
                             tags=["raises-exception"])],
                       [[result("<TensorDataset at 0x7f1d6c1fd6d0>")]])
    _, again = pair(stored.cells[1:], [[result("<TensorDataset at 0x7f00aa11bb22>")]])
    first = compat.compare_notebook(stored, ran, PATTERNS)
    second = compat.compare_notebook(stored, again, PATTERNS)
    assert first[1][0]["fingerprint"] == second[1][0]["fingerprint"]
    assert first[2][0]["fingerprint"] == second[2][0]["fingerprint"]
