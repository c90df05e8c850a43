"""Re-run chapter notebooks top to bottom and store their fresh outputs (`make execute`).

Usage: python scripts/execute.py [chapters/NN_slug.ipynb ...]   (default: every chapter in _toc.yml)

The run is deterministic: the same pinned environment as the tests (scripts/bookenv.py),
no timing metadata in cells, and notebook metadata reduced to what the book needs, so
running it twice changes nothing in git. It also records, per chapter, the versions it
ran with and how long it took (assets/execution_status.json), which the book's status
page shows.
"""
import json
import re
import subprocess
import platform
import sys
import time
from importlib import metadata
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bookenv  # noqa: E402
import toc  # noqa: E402

ROOT = toc.ROOT
STATUS = ROOT / "assets" / "execution_status.json"
LIBRARIES = ["torch", "numpy", "matplotlib", "torchviz", "graphviz", "scikit-learn"]
# A new duration replaces the stored one only when it differs by more than this
# fraction (or the versions changed): run-to-run jitter must not churn the repo.
DURATION_TOLERANCE = 0.3


def versions():
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


# A traceback names the files of the libraries it passes through by absolute path
# (the virtual environment, the user's home). nbval does not compare tracebacks, but
# they are shown on the site: keep the part from site-packages/ or pythonX.Y/ on.
ABSOLUTE_LIB_PATH = re.compile(r"(?:/[^\s/\x1b\"'():]+)+/((?:site-packages|python3\.\d+)/)")


def clean_tracebacks(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                out["traceback"] = [ABSOLUTE_LIB_PATH.sub(r".../\1", line) for line in out["traceback"]]


def clean_metadata(nb):
    """Keep only stable notebook metadata: the kernel and the language."""
    nb.metadata = nbformat.from_dict({
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    for cell in nb.cells:
        for key in ("execution", "collapsed", "scrolled", "ExecuteTime"):
            cell.metadata.pop(key, None)


def run(nb, cwd):
    """Execute a notebook object in place, in a fresh kernel; return the seconds it took."""
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        # The kernel flushes printed text on a timer, so one print may arrive in one
        # piece on one run and in two on the next: store each stream merged.
        coalesce_streams=True,
        # The kernel starts in the notebook's folder, as under nbval; chapters write
        # files only into temporary directories they create.
        resources={"metadata": {"path": str(cwd)}},
    )
    start = time.perf_counter()
    # The kernel process's own log (e.g. ipykernel's notice about TCP transport) is
    # noise here; what cells print still arrives through the notebook protocol.
    client.execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def execute(path):
    """Re-run the notebook at `path` and store its outputs; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    seconds = run(nb, path.parent)
    clean_metadata(nb)
    clean_tracebacks(nb)
    nbformat.validate(nb)
    text = nbformat.writes(nb) + "\n"
    if path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return seconds


def update_status(status, name, seconds, vers):
    old = status.get(name)
    if old and old.get("versions") == vers:
        if abs(seconds - old["seconds"]) <= DURATION_TOLERANCE * max(old["seconds"], 1.0):
            return
    status[name] = {"seconds": round(seconds, 1), "versions": vers}


def main(argv):
    bookenv.apply()
    paths = [Path(a).resolve() for a in argv] or toc.notebooks()
    status = json.loads(STATUS.read_text(encoding="utf-8")) if STATUS.exists() else {}
    vers = versions()
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        print(f"실행 중: {rel} ...", end=" ", flush=True)
        seconds = execute(path)
        print(f"{seconds:.1f}초")
        update_status(status, rel, seconds, vers)
    listed = {p.relative_to(ROOT).as_posix() for p in toc.notebooks()}
    status = {k: status[k] for k in sorted(status) if k in listed}
    STATUS.parent.mkdir(exist_ok=True)
    STATUS.write_text(json.dumps(status, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
