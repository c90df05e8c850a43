"""Build the site with Jupyter Book (`make book`; the site tests call `build` too).

Warnings are errors and every cross-reference must resolve, so a broken link, a
missing glossary term or a malformed notebook stops the build. Notebooks are not
executed (`_config.yml`): the site shows the stored outputs that nbval proves.

Every build reads all pages afresh (`--all`, ~10 s more here): Sphinx 7.4's incremental
build drops the index entries of the pages it keeps from searchindex.js, so the
glossary's search keywords vanished on a second `make book` (upstream
sphinx-doc/sphinx#12599); tests/test_rebuild.py builds twice and compares.

    python scripts/build_book.py [OUTPUT_DIR]     (default: the repository, i.e. ./_build/html)
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command(output_dir=None, source=ROOT):
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jupyter_book), "build", str(source), "--all", "--warningiserror", "--nitpick", "--keep-going"]
    if output_dir is not None:
        cmd += ["--path-output", str(output_dir)]
    return cmd


def build(output_dir=None, quiet=False, source=ROOT, env=None):
    """Build; return (html_dir, completed process). Output goes to OUTPUT_DIR/_build/html.

    `env`: extra environment variables for the build (the tests use one to build a
    reference copy without a post-build step)."""
    cmd = command(output_dir, source) + (["--quiet"] if quiet else [])
    proc = subprocess.run(cmd, capture_output=quiet, text=True, cwd=source,
                          env={**os.environ, **env} if env else None)
    html = Path(output_dir or source) / "_build" / "html"
    return html, proc


def main(argv):
    html, proc = build(argv[0] if argv else None)
    if proc.returncode != 0:
        print("빌드 실패: 위의 경고/오류를 고치세요 (경고도 오류로 취급합니다).", file=sys.stderr)
        return proc.returncode
    print(f"완성된 사이트: {html / 'index.html'}  (make serve 로 브라우저에서 볼 수 있습니다)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
