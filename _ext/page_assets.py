"""Ship on each page only the scripts a reader of this book uses.

Jupyter Book always loads sphinx-thebe (live code cells in the page). This book runs
code in Colab instead, and with Sphinx 7 the thebe configuration script is added
twice to every page, which stops the page's scripts with "Identifier 'THEBE_JS_URL'
has already been declared". So thebe's scripts are dropped from every page.
"""
from __future__ import annotations

UNUSED_SCRIPTS = ("sphinx-thebe.js",)
UNUSED_INLINE = ("THEBE_JS_URL",)


def _filename(script) -> str:
    return str(getattr(script, "filename", script) or "")


def _body(script) -> str:
    return str(getattr(script, "attributes", {}).get("body", ""))


def keep_script(script) -> bool:
    name = _filename(script).split("?")[0]
    if name.endswith(UNUSED_SCRIPTS):
        return False
    return not any(marker in _body(script) for marker in UNUSED_INLINE)


def drop_unused_scripts(app, pagename, templatename, context, doctree):
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if keep_script(s)]


def setup(app):
    app.connect("html-page-context", drop_unused_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
