"""The book's execution status, from the data `make execute` records.

`scripts/execute.py` writes `assets/execution_status.json`: for each chapter, the
versions it last ran with and how long it took. This extension

* adds the ``execution-status`` directive, a table of every chapter in the table of
  contents with those versions and its run time (the 실행 현황 page), and
* makes the versions available to every page as MyST substitutions, e.g.
  ``{{ torch_version }}`` on the front page.

Nothing here is typed by hand: change the environment, run `make execute`, rebuild.
"""
from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from packaging.version import Version
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxDirective

STATUS_FILE = Path("assets") / "execution_status.json"
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
        table = nodes.table(classes=["execution-status"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        for _ in headers:
            group += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        thead += _row(headers)
        group += thead
        body = nodes.tbody()
        total = 0.0
        for notebook in sorted(status):
            entry = status[notebook]
            docname = notebook.rsplit(".", 1)[0]
            link = nodes.paragraph()
            ref = pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname,
                               refexplicit=False, refwarn=True)
            ref += nodes.inline(text=docname)
            link += ref
            versions = entry["versions"]
            body += _row([link] + [versions.get(key, "-") for key, _ in COLUMNS]
                         + [format_seconds(entry["seconds"])])
            total += entry["seconds"]
        group += body
        summary = nodes.paragraph(
            text=f"모든 장을 합한 실행 시간: {format_seconds(total)} "
                 f"({len(status)}개 장, 스레드 1개, 이 책을 빌드한 컴퓨터의 CPU 기준)")
        return [table, summary]


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
    app.connect("config-inited", add_substitutions, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
