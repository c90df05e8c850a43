"""Static checks of a chapter notebook's form: what nbval alone does not catch.

nbval proves each stored output equals a fresh run, but it silently skips cells that
were never executed, and it does not look for machine-specific text. These checks
return a list of problems, each naming the cell, so a failing test says where to look.

    python scripts/nbcheck.py chapters/01_tensors.ipynb ...
"""
import re
import sys
from pathlib import Path

import nbformat

ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
# An object id in a graph (torchviz names nodes by id()): a long bare number used as a name.
OBJECT_ID = re.compile(r"<title>\d{9,}</title>|<!-- \d{9,} -->|\bnode\s*=\s*\d{9,}")
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.])(/tmp/|/root/|/home/[^/\s]+/|/Users/[^/\s]+/|/work/|/private/var/|[A-Z]:\\\\?Users\\)"
)
WARNING = re.compile(r"\b\w*Warning\b:")
COLAB_MARKER = '"google.colab" in sys.modules'


def _text(value):
    return "".join(value) if isinstance(value, list) else str(value)


def output_text(output):
    """All comparable or visible text of one output (images excluded)."""
    parts = []
    if "text" in output:
        parts.append(_text(output["text"]))
    for mime, value in output.get("data", {}).items():
        if not mime.startswith(("image/png", "image/jpeg")):
            parts.append(_text(value))
    if output.get("output_type") == "error":
        parts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
        parts.extend(output.get("traceback", []))
    return "\n".join(parts)


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def check(path, name=None):
    """Return a list of problems with the notebook at `path` (empty when it is fine).

    Each problem starts with `name` (default: the path) and the cell's index."""
    path = Path(path)
    name = name or path.as_posix()
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # unreadable JSON is the first and only thing to say
        return [f"{name}: 노트북을 읽을 수 없습니다: {exc}"]
    problems = []

    def say(where, what):
        problems.append(f"{name}, {where}: {what}")

    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        say("노트북", f"nbformat 스키마에 맞지 않습니다: {exc.message}")

    cells = nb.cells
    # Code cells are named as nbval names them ("Cell 0" is the first code cell), so a
    # problem found here and a failure reported by nbval point at the same cell.
    number = {i: n for n, i in enumerate(i for i, c in enumerate(cells) if c.cell_type == "code")}

    def where(i):
        return f"Cell {number[i]}" if i in number else f"마크다운 셀 (전체 {i}번째)"

    code = [(i, c) for i, c in enumerate(cells) if c.cell_type == "code" and c.source.strip()]
    if not code:
        return problems + [f"{name}: 코드 셀이 없습니다"]

    # Every code cell executed, in order: nbval does not compare never-executed cells.
    for n, (i, cell) in enumerate(code, start=1):
        if cell.execution_count is None:
            say(where(i), "실행되지 않은 코드 셀입니다 (make execute 로 출력을 저장하세요)")
        elif cell.execution_count != n:
            say(where(i), f"실행 순서가 {n}번이어야 하는데 {cell.execution_count}번입니다 "
                           "(처음부터 끝까지 다시 실행하세요)")

    # Structure of a chapter.
    first = cells[0]
    if first.cell_type != "markdown" or not first.source.lstrip().startswith("# "):
        say("첫 셀", "첫 셀은 '# 제목'으로 시작하는 마크다운이어야 합니다")
    setup_index, setup = code[0]
    if COLAB_MARKER not in setup.source:
        say(where(setup_index), "첫 코드 셀이 Colab 준비 셀이 아닙니다")
    elif "hide-input" not in tags(setup):
        say(where(setup_index), "Colab 준비 셀에 hide-input 태그가 없습니다")
    elif any(setup.get("outputs", [])):
        say(where(setup_index), "Colab 준비 셀은 Colab 밖에서 아무것도 출력하지 않아야 합니다")
    headings = [line.strip() for c in cells if c.cell_type == "markdown" for line in c.source.splitlines()]
    for heading in ("## 정리", "## 연습문제"):
        if heading not in headings:
            say("노트북", f"'{heading}' 절이 없습니다")

    # Outputs: errors only where intended, nothing machine-specific.
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        intended = "raises-exception" in tags(cell) or "# NBVAL_RAISES_EXCEPTION" in cell.source
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors and not intended:
            say(where(i), f"raises-exception 태그 없이 오류가 저장되었습니다 ({errors[0].get('ename')})")
        if intended and cell.execution_count is not None and not errors:
            say(where(i), "raises-exception 태그가 있지만 오류가 나지 않았습니다")
        if intended and not (i + 1 < len(cells) and cells[i + 1].cell_type == "markdown"):
            say(where(i), "일부러 낸 오류 다음에는 메시지를 설명하는 마크다운 셀이 와야 합니다")
        for output in cell.get("outputs", []):
            text = output_text(output)
            for pattern, what in ((ADDRESS, "메모리 주소"), (OBJECT_ID, "객체 id"),
                                  (ABSOLUTE_PATH, "절대 경로")):
                found = pattern.search(text)
                if found:
                    say(where(i), f"출력에 {what}가 있습니다 ({found.group(0)!r})")
            if output.get("name") == "stderr":
                found = WARNING.search(_text(output.get("text", "")))
                if found:
                    say(where(i), f"출력에 경고가 저장되었습니다 ({found.group(0)})")
    return problems


def main(argv):
    problems = [p for arg in argv for p in check(arg)]
    print("\n".join(problems) or "문제 없음")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
