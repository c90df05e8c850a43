"""The book's execution status, from the data `make execute` records.

`scripts/execute.py` writes `assets/execution_status.json`: for each chapter, the
versions it last ran with and how long it took. This extension

* adds the ``execution-status`` directive, a table of every chapter in the table of
  contents with those versions and its run time (the 실행 현황 page), and
* makes the versions available to every page as MyST substitutions, e.g.
  ``{{ torch_version }}`` on the front page.

It also adds the ``compat-status`` directive: the chapter x environment table of
`assets/compat.json`, the record `make compat` (scripts/compat.py) writes after running
every chapter in other environments.

Nothing here is typed by hand: change the environment, run `make execute`, rebuild.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docutils import nodes
from packaging.version import Version
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxDirective

STATUS_FILE = Path("assets") / "execution_status.json"
COMPAT_FILE = Path("assets") / "compat.json"
COLUMNS = [("python", "Python"), ("torch", "PyTorch"), ("numpy", "NumPy"),
           ("matplotlib", "matplotlib"), ("scikit-learn", "scikit-learn")]


def load_status(srcdir) -> dict:
    path = Path(srcdir) / STATUS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def common_versions(status: dict) -> dict:
    """The version of each library that the chapters ran with (the newest, if several)."""
    found: dict[str, str] = {}
    for entry in status.values():
        for name, version in entry["versions"].items():
            if name not in found or Version(version) > Version(found[name]):
                found[name] = version
    return found


def format_seconds(seconds: float) -> str:
    return f"{seconds:.1f}초"


def _table(cls, headers):
    """A table with one header row: (table, its tgroup, its thead) to fill in."""
    table = nodes.table(classes=[cls])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    thead = nodes.thead()
    thead += _row(headers)
    return table, group, thead


def _row(cells):
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=str(cell))
        row += entry
    return row


class ExecutionStatus(SphinxDirective):
    """A table: chapter, versions it ran with, run time."""

    has_content = False

    def run(self):
        status = load_status(self.env.srcdir)
        self.env.note_dependency(str(Path(self.env.srcdir) / STATUS_FILE))
        headers = ["장"] + [label for _, label in COLUMNS] + ["실행 시간"]
        table, group, thead = _table("execution-status", headers)
        group += thead
        body = nodes.tbody()
        total = 0.0
        for notebook in sorted(status):
            entry = status[notebook]
            link = _chapter_link(notebook)
            versions = entry["versions"]
            body += _row([link] + [versions.get(key, "-") for key, _ in COLUMNS]
                         + [format_seconds(entry["seconds"])])
            total += entry["seconds"]
        group += body
        summary = nodes.paragraph(
            text=f"모든 장을 합한 실행 시간: {format_seconds(total)} "
                 f"({len(status)}개 장, 스레드 1개, 이 책을 빌드한 컴퓨터의 CPU 기준)")
        return [table, summary]


# --- the compatibility record (assets/compat.json) ----------------------------------

def load_compat(srcdir) -> dict:
    path = Path(srcdir) / COMPAT_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _cells(items) -> str:
    return ", ".join(str(n) for n in sorted({item["cell"] for item in items}))


def compat_cell(result: dict | None, current_sha: str | None) -> str:
    """What one chapter x environment cell of the table says."""
    if not result:
        return "-"
    if current_sha is not None and result.get("sha256") != current_sha:
        return "오래됨"
    errors = result.get("untagged_errors", []) + result.get("missing_errors", [])
    if errors:
        return f"오류 (셀 {_cells(errors)})"
    diffs = [d for d in result.get("differences", []) if d.get("kind") != "version"]
    if diffs:
        return f"차이 (셀 {_cells(diffs)})"
    return "✓"


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _chapter_link(notebook: str):
    docname = notebook.rsplit(".", 1)[0]
    link = nodes.paragraph()
    ref = pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname,
                       refexplicit=False, refwarn=True)
    ref += nodes.inline(text=docname)
    link += ref
    return link


def gpu_sentence(record: dict) -> str:
    gpu = record.get("gpu", "not verified")
    if gpu == "not verified":
        return ("GPU: not verified. GPU(CUDA)에서는 아직 확인하지 않았습니다. "
                "아래의 모든 실행은 CPU에서 한 것입니다.")
    return f"GPU: {gpu}"


class CompatStatus(SphinxDirective):
    """A table: chapter x environment, each cell ✓ / 차이 / 오류 / 오래됨."""

    has_content = False

    def run(self):
        srcdir = Path(self.env.srcdir)
        record = load_compat(srcdir)
        self.env.note_dependency(str(srcdir / COMPAT_FILE))
        envs = record.get("environments", {})
        names = list(envs)
        headers = ["장"] + [f"{envs[n].get('label', n)} ({n})" for n in names]
        table, group, thead = _table("compat-status", headers)
        thead += _row(["버전"] + [f"Python {envs[n].get('python')}, PyTorch "
                                  f"{envs[n].get('torch')}, NumPy {envs[n].get('numpy')}"
                                  for n in names])
        group += thead
        body = nodes.tbody()
        notebooks = sorted({nb for n in names for nb in envs[n].get("chapters", {})})
        for notebook in notebooks:
            sha = _sha256(srcdir / notebook)
            body += _row([_chapter_link(notebook)]
                         + [compat_cell(envs[n].get("chapters", {}).get(notebook), sha)
                            for n in names])
        group += body
        out = [table, nodes.paragraph(text=gpu_sentence(record))]
        details = nodes.bullet_list()
        for n in names:
            env = envs[n]
            item = nodes.list_item()
            item += nodes.paragraph(text=f"{env.get('label', n)} ({n}, {env.get('date')}): "
                                         f"{env.get('note', '')}")
            notes = nodes.bullet_list()
            for notebook, result in sorted(env.get("chapters", {}).items()):
                kinds = (("untagged_errors", "오류"), ("missing_errors", "일어나지 않은 오류"),
                         ("differences", "차이"))
                for key, word in kinds:
                    for entry in result.get(key, []):
                        if key == "differences" and entry.get("kind") == "version":
                            continue
                        text = entry.get("explanation") or "아직 설명이 없습니다."
                        sub = nodes.list_item()
                        sub += nodes.paragraph(
                            text=f"{notebook.rsplit('.', 1)[0]} 셀 {entry['cell']} "
                                 f"({word}): {text}")
                        notes += sub
            if len(notes):
                item += notes
            details += item
        out.append(details)
        return out


def add_substitutions(app, config):
    versions = common_versions(load_status(app.srcdir))
    subs = dict(config.myst_substitutions or {})
    for key, _ in COLUMNS:
        subs[f"{key.replace('-', '_')}_version"] = versions.get(key, "?")
    # Where readers report problems: derived from the one repository URL in _config.yml.
    repository = (config.html_theme_options or {}).get("repository_url", "").rstrip("/")
    subs["issues_url"] = f"{repository}/issues" if repository else ""
    config.myst_substitutions = subs


def setup(app):
    app.add_directive("execution-status", ExecutionStatus)
    app.add_directive("compat-status", CompatStatus)
    app.connect("config-inited", add_substitutions, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
