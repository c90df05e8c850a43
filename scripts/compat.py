"""Run every chapter in other environments and keep a record of what differs (`make compat`).

Usage:
  python scripts/compat.py run [--envs colab,newest] [--out assets/compat.json] [NB ...]
  python scripts/compat.py check --against assets/compat.json [--fresh FILE] [--report FILE]
  python scripts/compat.py setup [--envs ...]

`run` makes (or reuses) one virtual environment per environment below, outside the
repository (COMPAT_ENVS_DIR, default ~/.cache/pytorch-book-compat), runs each chapter
top to bottom in a kernel from that environment, and compares every code cell's outputs
with the stored ones the way the tests do (nbval: the same keys and mime types, after
tests/sanitize.cfg; "Cell N" is the N-th code cell, from 0). The record keeps, per
environment, its versions and date, and per chapter the notebook's sha256 and:

* untagged_errors: cells that raised although they are not tagged raises-exception,
* missing_errors:  cells tagged raises-exception that did not raise,
* differences:     cells whose outputs differ from the stored ones.

Each entry has a fingerprint (what the cell is and what it printed). Anyone may add an
"explanation" to an entry in the record; a rerun keeps it for an entry with the same
fingerprint, so an explanation is dropped as soon as the behaviour it explains changes.
A difference that vanishes once the environment's version strings are replaced by the
reference ones is recorded with kind "version" and explained automatically.

`check` is what `make test` (tests/test_compat.py) and the weekly workflow use: the
record must not list an unexplained untagged error or missing error, and a fresh run
(`--fresh`) must not show an error or a changed explained entry the record lacks.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import toc  # noqa: E402

ROOT = toc.ROOT
RECORD = ROOT / "assets" / "compat.json"
SANITIZE = ROOT / "tests" / "sanitize.cfg"
STATUS = ROOT / "assets" / "execution_status.json"
ENVS_DIR = Path(os.environ.get("COMPAT_ENVS_DIR",
                               Path.home() / ".cache" / "pytorch-book-compat"))
KERNEL_TOOLS = ["nbclient", "nbformat", "ipykernel", "matplotlib-inline"]
# What the chapters import besides torch, numpy, matplotlib and scikit-learn.
BOOK_EXTRAS = ["torchviz==0.0.3", "graphviz", "koreanize-matplotlib==0.1.1", "setuptools"]

# Each environment: the interpreter (COMPAT_PYTHON_<NAME> overrides it, e.g. in CI),
# what pip installs, and what the record says about it.
ENVS = {
    "oldest": {
        "label": "가장 낮은 지원 버전",
        "python": "3.10",
        "packages": ["torch==2.6.0", "numpy", "matplotlib", "scikit-learn",
                     *BOOK_EXTRAS, *KERNEL_TOOLS],
        "note": "책이 요구하는 가장 낮은 버전(Python 3.10, PyTorch 2.6)과, "
                "Python 3.10을 지원하는 가장 새로운 numpy/matplotlib/scikit-learn.",
    },
    "colab": {
        "label": "Colab과 같은 구성",
        "python": "3.12",
        # googlecolab/backend-info pip-freeze.gpu.txt (Python 3.12 runtime):
        # torch 2.10.0+cu128, numpy 2.0.2, matplotlib 3.10.0, scikit-learn 1.6.1,
        # graphviz 0.21, setuptools 75.2.0, ipykernel 6.17.1 on IPython 7.34.0.
        # torchviz and koreanize-matplotlib are not there: the setup cell installs them.
        "packages": ["torch==2.10.0", "numpy==2.0.2", "matplotlib==3.10.0",
                     "scikit-learn==1.6.1", "graphviz==0.21", "setuptools==75.2.0",
                     "ipykernel==6.17.1", "ipython==7.34.0", "jupyter_client==7.4.9",
                     "traitlets==5.7.1", "matplotlib-inline==0.2.1", "pyzmq==26.2.1",
                     "tornado==6.5.1", "nbclient==0.10.4", "nbformat==5.10.4"],
        "fake_colab": True,
        "colab_installs": ["torchviz", "koreanize-matplotlib"],
        "note": "Colab 런타임(Python 3.12)의 미리 설치된 버전 "
                "(googlecolab/backend-info의 pip-freeze.gpu.txt). 가짜 google.colab "
                "모듈을 두어 준비 셀이 Colab에서처럼 torchviz와 koreanize-matplotlib를 "
                "pip로 설치합니다. CPU에서 실행했습니다.",
    },
    "newest": {
        "label": "가장 새로운 버전",
        "python": "3.13",
        "packages": ["torch==2.15.0", "numpy", "matplotlib", "scikit-learn",
                     *BOOK_EXTRAS, *KERNEL_TOOLS],
        "note": "PyPI의 가장 새로운 PyTorch와 의존성.",
    },
    "below-minimum": {
        "label": "최소 버전 아래 (근거용)",
        "python": "3.11",
        "packages": ["torch==2.4.1", "numpy", "matplotlib", "scikit-learn",
                     *BOOK_EXTRAS, *KERNEL_TOOLS],
        "below_minimum": True,
        "note": "below the minimum: evidence for the minimum. 준비 셀의 버전 검사를 "
                "이 실행에서만 끄고(PyTorch 2.4.1) 무엇이 달라지는지 기록합니다.",
    },
}
SCHEDULED = ["colab", "newest"]   # what the weekly workflow reruns
GPU_LINE = "not verified"

# The setup cell's version check; the below-minimum run lowers the torch minimum.
MIN_CHECK = re.compile(r"(MIN_PYTHON, MIN_TORCH = \([^)]*\), )\([^)]*\)")
FAKE_COLAB = '"""Stands in for Colab\'s module so the setup cell takes its Colab path."""\n'
EXCERPT = 400


# --- comparing outputs as nbval does -------------------------------------------------

# nbval does not compare these keys (nor PNG/JPEG images, since nbdime is off).
SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name",
                "execution_count", "application/vnd.jupyter.widget-view+json",
                "image/png", "image/jpeg")
_CR = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)


def sanitize_patterns(path=SANITIZE):
    """The regex/replace pairs of an nbval sanitize file (nbval's own parser)."""
    text = Path(path).read_text(encoding="ascii")
    return re.findall("^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def sanitize(value, patterns):
    if not isinstance(value, str):
        return value
    for regex, replace in patterns:
        value = re.sub(regex, replace, value)
    return value


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def coalesce(outputs):
    """Merge stream outputs of the same name and apply \\r and \\b (nbval's way)."""
    merged, streams = [], {}
    for out in outputs:
        out = dict(out)
        if out.get("output_type") == "stream":
            out["text"] = _text(out.get("text", ""))
            if out["name"] in streams:
                streams[out["name"]]["text"] += out["text"]
                continue
            streams[out["name"]] = out
        merged.append(out)
    # nbval's backspace loop never runs (it starts with equal lengths), so only
    # carriage returns are applied here too.
    for out in streams.values():
        out["text"] = _CR.sub("", out["text"])
    return merged


def flatten(outputs, patterns):
    """{key: [sanitized values]} the way nbval groups outputs before comparing them."""
    flat = defaultdict(list)
    for out in coalesce(outputs):
        if out.get("output_type") == "stream":
            out = {"output_type": "stream", out["name"]: out["text"]}
        for key, value in out.items():
            if key in SKIP_COMPARE:
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in SKIP_COMPARE:
                        flat[mime].append(sanitize(_text(data), patterns))
            else:
                flat[key].append(sanitize(_text(value), patterns))
    return dict(flat)


def cell_options(cell):
    """nbval's options for a cell: check (compare outputs), check_exception, skip."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    comments = {line.strip().lstrip("#").strip() for line in cell["source"].splitlines()
                if line.strip().startswith("#")}
    check = not ({"nbval-ignore-output", "pytest-validate-ignore-output"} & tags
                 or {"NBVAL_IGNORE_OUTPUT", "PYTEST_VALIDATE_IGNORE_OUTPUT"} & comments)
    if "nbval-check-output" in tags or "NBVAL_CHECK_OUTPUT" in comments:
        check = True
    return {
        "check": check,
        "check_exception": bool({"raises-exception", "nbval-raises-exception"} & tags
                                or "NBVAL_RAISES_EXCEPTION" in comments),
        "skip": "nbval-skip" in tags or "NBVAL_SKIP" in comments,
    }


# Object reprs carry memory addresses ("<... at 0x7f1d6c1fd6d0>") that change every run.
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")


def fingerprint(*parts):
    blob = ADDRESS.sub("0x…", json.dumps(parts, ensure_ascii=False, sort_keys=True))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def excerpt(flat):
    """A short readable form of the compared outputs, for the record and the report."""
    text = "\n".join(f"[{k}] {v}" for k in sorted(flat) for v in flat[k])
    return text if len(text) <= EXCERPT else text[:EXCERPT] + " …"


def first_difference(expected, got):
    """The first differing line of the compared outputs (expected, got)."""
    exp_lines = excerpt_full(expected).splitlines()
    got_lines = excerpt_full(got).splitlines()
    for a, b in zip(exp_lines, got_lines):
        if a != b:
            return a[:200], b[:200]
    if len(exp_lines) != len(got_lines):
        longer = exp_lines if len(exp_lines) > len(got_lines) else got_lines
        extra = longer[min(len(exp_lines), len(got_lines))][:200]
        return (extra, "") if longer is exp_lines else ("", extra)
    return "", ""


def excerpt_full(flat):
    return "\n".join(f"[{k}] {v}" for k in sorted(flat) for v in flat[k])


def replace_versions(flat, versions, reference):
    """`flat` with this environment's version strings put back to the reference ones."""
    pairs = []
    for key in ("torch_full", "torch", "python", "numpy"):
        mine = versions.get(key)
        ref = reference.get(key) or reference.get(key.replace("_full", ""))
        if mine and ref and mine != ref:
            pairs.append((mine, ref))
    out = {}
    for key, values in flat.items():
        new = []
        for value in values:
            if isinstance(value, str):
                for mine, ref in pairs:
                    value = value.replace(mine, ref)
            new.append(value)
        out[key] = new
    return out


def compare_notebook(stored, ran, patterns, versions=None, reference=None):
    """Compare a stored notebook with the same notebook after a run (both nbformat v4).

    Returns (untagged_errors, missing_errors, differences), lists of dicts with the cell
    number counted as nbval counts it.
    """
    untagged, missing, diffs = [], [], []
    code = [(s, r) for s, r in zip(stored.cells, ran.cells) if s.cell_type == "code"]
    for num, (scell, rcell) in enumerate(code):
        opts = cell_options(scell)
        if opts["skip"]:
            continue
        outs = rcell.get("outputs", [])
        errors = [o for o in outs if o.get("output_type") == "error"]
        if errors and not opts["check_exception"]:
            err = errors[0]
            untagged.append({"cell": num, "ename": err.get("ename"),
                             "evalue": str(err.get("evalue"))[:EXCERPT],
                             "fingerprint": fingerprint(scell.source, err.get("ename"),
                                                        err.get("evalue"))})
        stored_errors = [o for o in scell.get("outputs", [])
                         if o.get("output_type") == "error"]
        if opts["check_exception"] and stored_errors and not errors:
            flat = flatten(outs, patterns)
            missing.append({"cell": num, "expected": stored_errors[0].get("ename"),
                            "got": excerpt(flat),
                            "fingerprint": fingerprint(scell.source, "no-error", flat)})
        if not opts["check"] or scell.get("execution_count") is None:
            continue
        expected = flatten(scell.get("outputs", []), patterns)
        got = flatten(outs, patterns)
        if expected == got:
            continue
        kind = "output"
        if versions and reference and \
                replace_versions(got, versions, reference) == expected:
            kind = "version"
        exp_line, got_line = first_difference(expected, got)
        entry = {"cell": num, "kind": kind, "expected": exp_line, "got": got_line,
                 "fingerprint": fingerprint(scell.source, expected, got)}
        if os.environ.get("COMPAT_DETAILS"):
            # Whole compared outputs, for reading a difference (not kept in the record).
            with open(os.environ["COMPAT_DETAILS"], "a", encoding="utf-8") as details:
                details.write(json.dumps({"cell": num, "source": scell.source,
                                          "expected": expected, "got": got},
                                         ensure_ascii=False) + "\n")
        if kind == "version":
            entry["explanation"] = "버전 문자열만 다릅니다 (이 환경의 버전을 출력하는 셀)."
        diffs.append(entry)
    return untagged, missing, diffs


def sha256_file(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def result_word(chapter):
    if chapter.get("untagged_errors") or chapter.get("missing_errors"):
        return "error"
    if any(d.get("kind") != "version" for d in chapter.get("differences", [])):
        return "differs"
    return "ok"


def carry_explanations(new_env, old_env):
    """Keep explanations from the old record for entries with the same fingerprint."""
    if not old_env:
        return
    for name, chapter in new_env.get("chapters", {}).items():
        old = old_env.get("chapters", {}).get(name, {})
        for kind in ("untagged_errors", "missing_errors", "differences"):
            known = {e["fingerprint"]: e.get("explanation")
                     for e in old.get(kind, []) if e.get("explanation")}
            for entry in chapter.get(kind, []):
                if entry["fingerprint"] in known and entry.get("kind") != "version":
                    entry["explanation"] = known[entry["fingerprint"]]


# --- environments --------------------------------------------------------------------

def env_dir(name):
    return ENVS_DIR / name


def env_python(name):
    return env_dir(name) / "bin" / "python"


def interpreter(name):
    override = os.environ.get("COMPAT_PYTHON_" + name.upper().replace("-", "_"))
    if override:
        return override
    wanted = ENVS[name]["python"]
    pyenv = sorted(Path("/root/.pyenv/versions").glob(wanted + ".*"))
    return str(pyenv[-1] / "bin" / "python") if pyenv else "python" + wanted


def pip_env():
    env = dict(os.environ)
    # The machine's pip configuration may cap versions (e.g. torch); these runs must
    # get exactly what the environment names.
    env["PIP_CONFIG_FILE"] = os.devnull
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def setup(name):
    spec = ENVS[name]
    marker = env_dir(name) / "compat-spec.json"
    wanted = json.dumps(spec["packages"])
    py = env_python(name)
    if py.exists() and marker.exists() and marker.read_text() == wanted:
        return py
    if not py.exists():
        subprocess.run([interpreter(name), "-m", "venv", str(env_dir(name))], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--progress-bar", "off",
                    *spec["packages"]], check=True, env=pip_env())
    if spec.get("fake_colab"):
        site = Path(subprocess.run(
            [str(py), "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True).stdout.strip())
        (site / "google" / "colab").mkdir(parents=True, exist_ok=True)
        (site / "google" / "colab" / "__init__.py").write_text(FAKE_COLAB)
        # Colab's kernel has google.colab imported before the first cell runs.
        (site / "zz_fake_google_colab.pth").write_text("import google.colab\n")
    marker.write_text(wanted)
    return py


def env_versions(py):
    code = ("import json,platform,torch,numpy\n"
            "from importlib import metadata as m\n"
            "v={'python':platform.python_version(),'torch':torch.__version__.split('+')[0],"
            "'torch_full':torch.__version__,'numpy':numpy.__version__}\n"
            "for k in ('matplotlib','scikit-learn'):\n"
            "    v[k]=m.version(k)\n"
            "print(json.dumps(v))")
    out = subprocess.run([str(py), "-c", code], check=True, capture_output=True, text=True,
                         env=pip_env()).stdout
    return json.loads(out.strip().splitlines()[-1])


def reference_versions():
    """The versions the stored outputs were made with (assets/execution_status.json)."""
    status = json.loads(STATUS.read_text(encoding="utf-8")) if STATUS.exists() else {}
    found = {}
    for entry in status.values():
        for key, value in entry["versions"].items():
            found.setdefault(key, value)
    if "torch" in found:
        found["torch_full"], found["torch"] = found["torch"], found["torch"].split("+")[0]
    return found


def prepare(nb, spec):
    """The notebook as this environment runs it (the below-minimum run lowers the check)."""
    if spec.get("below_minimum"):
        first = next(c for c in nb.cells if c.cell_type == "code")
        first.source, count = MIN_CHECK.subn(r"\1(0, 0)", first.source)
        if count != 1:
            raise SystemExit("준비 셀에서 버전 검사(MIN_PYTHON, MIN_TORCH = ...)를 "
                             "찾지 못했습니다.")
    for cell in nb.cells:
        if cell.cell_type == "code" and cell_options(cell)["skip"]:
            cell.source = ""
    return nb


def run_chapter(name, path, kernel_dir):
    import nbformat
    from nbclient import NotebookClient

    spec = ENVS[name]
    if spec.get("colab_installs"):
        # A fresh Colab runtime lacks them: every chapter's setup cell installs them.
        subprocess.run([str(env_python(name)), "-m", "pip", "uninstall", "-y", "-q",
                        *spec["colab_installs"]], env=pip_env(), capture_output=True)
    stored = nbformat.read(path, as_version=4)
    ran = prepare(nbformat.read(path, as_version=4), spec)
    client = NotebookClient(ran, timeout=600, kernel_name="compat-" + name,
                            record_timing=False, coalesce_streams=True, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)
    return stored, ran, time.perf_counter() - start


def write_kernel(name, kernel_dir):
    spec_dir = Path(kernel_dir) / "kernels" / ("compat-" + name)
    spec_dir.mkdir(parents=True, exist_ok=True)
    env = {"PIP_CONFIG_FILE": os.devnull} if ENVS[name].get("fake_colab") else {}
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [str(env_python(name)), "-m", "ipykernel_launcher", "-f",
                 "{connection_file}"],
        "display_name": "compat " + name, "language": "python", "env": env}))


def run_env(name, paths, patterns, reference):
    import bookenv

    bookenv.apply()
    py = setup(name)
    versions = env_versions(py)
    spec = ENVS[name]
    entry = {"label": spec["label"], "note": spec["note"],
             "below_minimum": bool(spec.get("below_minimum")),
             "python": versions["python"], "torch": versions["torch_full"],
             "numpy": versions["numpy"], "matplotlib": versions["matplotlib"],
             "scikit-learn": versions["scikit-learn"],
             "date": datetime.date.today().isoformat(), "device": "cpu", "chapters": {}}
    with tempfile.TemporaryDirectory() as kernel_dir:
        write_kernel(name, kernel_dir)
        os.environ["JUPYTER_PATH"] = kernel_dir
        total = 0.0
        for path in paths:
            rel = path.relative_to(ROOT).as_posix()
            print(f"[{name}] {rel} ...", end=" ", flush=True)
            stored, ran, seconds = run_chapter(name, path, kernel_dir)
            total += seconds
            untagged, missing, diffs = compare_notebook(stored, ran, patterns,
                                                        versions, reference)
            chapter = {"sha256": sha256_file(path), "seconds": round(seconds, 1),
                       "untagged_errors": untagged, "missing_errors": missing,
                       "differences": diffs}
            chapter["result"] = result_word(chapter)
            entry["chapters"][rel] = chapter
            cells = [d["cell"] for d in untagged + missing + diffs]
            print(f"{seconds:.1f}초 {chapter['result']} {sorted(set(cells))}")
        entry["seconds"] = round(total, 1)
    return entry


def load(path):
    path = Path(path)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"schema": 1, "gpu": GPU_LINE, "environments": {}}


def save(record, path):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")


# --- checking a record ---------------------------------------------------------------

def unexplained(record):
    """Untagged errors and missing deliberate errors that nobody has explained."""
    found = []
    for env, entry in record.get("environments", {}).items():
        for chapter, result in entry.get("chapters", {}).items():
            for kind in ("untagged_errors", "missing_errors"):
                for item in result.get(kind, []):
                    if not (item.get("explanation") or "").strip():
                        found.append(f"{env} {chapter} Cell {item['cell']}: {kind}")
    return found


def changes(committed, fresh):
    """What a fresh run shows that the committed record does not account for."""
    problems = []
    for env, entry in fresh.get("environments", {}).items():
        old_env = committed.get("environments", {}).get(env, {})
        for chapter, result in entry.get("chapters", {}).items():
            old = old_env.get("chapters", {}).get(chapter, {})
            for kind in ("untagged_errors", "missing_errors", "differences"):
                known = {e["fingerprint"]: e for e in old.get(kind, [])}
                for item in result.get(kind, []):
                    if item["fingerprint"] in known:
                        continue
                    if kind == "differences" and item.get("kind") == "version":
                        continue
                    if kind != "differences":
                        problems.append(f"{env} {chapter} Cell {item['cell']}: 새 오류 "
                                        f"({kind}: {item.get('ename') or item.get('expected')})")
                    elif any(k.get("cell") == item["cell"] and k.get("explanation")
                             for k in known.values()):
                        problems.append(f"{env} {chapter} Cell {item['cell']}: 설명이 붙은 "
                                        f"차이가 바뀌었습니다 ({item['expected']!r} -> "
                                        f"{item['got']!r})")
                fresh_prints = {i["fingerprint"] for i in result.get(kind, [])}
                for fp, item in known.items():
                    if kind == "differences" and item.get("explanation") and \
                            item.get("kind") != "version" and fp not in fresh_prints:
                        problems.append(f"{env} {chapter} Cell {item['cell']}: 설명이 붙은 "
                                        "차이가 사라졌거나 바뀌었습니다")
    return problems


def check(against, fresh=None, report=None):
    committed = load(against)
    problems = [f"설명 없음: {p}" for p in unexplained(committed)]
    if fresh:
        problems += changes(committed, load(fresh))
    if report:
        body = "\n".join(f"- {p}" for p in problems) or "- 문제 없음"
        Path(report).write_text("호환성 실행 결과\n\n" + body + "\n", encoding="utf-8")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run")
    run_p.add_argument("--envs", default=",".join(ENVS))
    run_p.add_argument("--out", default=str(RECORD))
    run_p.add_argument("notebooks", nargs="*")
    set_p = sub.add_parser("setup")
    set_p.add_argument("--envs", default=",".join(ENVS))
    chk = sub.add_parser("check")
    chk.add_argument("--against", default=str(RECORD))
    chk.add_argument("--fresh")
    chk.add_argument("--report")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.against, args.fresh, args.report)
    names = [n for n in args.envs.split(",") if n]
    for name in names:
        if name not in ENVS:
            raise SystemExit(f"모르는 환경: {name} (가능: {', '.join(ENVS)})")
    if args.command == "setup":
        for name in names:
            print(setup(name))
        return 0
    paths = [Path(a).resolve() for a in args.notebooks] or toc.notebooks()
    patterns = sanitize_patterns()
    reference = reference_versions()
    record = load(args.out)
    if Path(args.out).resolve() != RECORD.resolve() and RECORD.exists():
        base = load(RECORD)     # explanations come from the committed record
    else:
        base = record
    record.setdefault("environments", {})
    record["gpu"] = GPU_LINE
    record["reference"] = reference
    for name in names:
        entry = run_env(name, paths, patterns, reference)
        old = base.get("environments", {}).get(name)
        if old and len(paths) < len(toc.notebooks()):
            merged = dict(old.get("chapters", {}))
            merged.update(entry["chapters"])
            entry["chapters"] = merged
        entry["seconds"] = round(sum(c.get("seconds", 0)
                                     for c in entry["chapters"].values()), 1)
        carry_explanations(entry, old)
        for chapter in entry["chapters"].values():
            chapter["result"] = result_word(chapter)
        record["environments"][name] = entry
        save(record, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
