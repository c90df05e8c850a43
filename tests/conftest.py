"""Fixtures for the tests of the built site."""
import json
from pathlib import Path

import pytest
from filelock import FileLock

import browser as chromium
import build_book


@pytest.fixture(scope="session")
def site(tmp_path_factory, request):
    """The book built once per test run, in a temporary directory: the html folder.

    Under pytest-xdist every worker asks for it; the first builds, the others wait on a
    lock and reuse the result (and its failure, if the build failed).
    """
    # This run's own temporary folder; under xdist each worker has a subfolder of it.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if hasattr(request.config, "workerinput") else base
    out = shared / "book"
    record = shared / "book-build.json"
    with FileLock(str(shared / "book.lock")):
        if not record.exists():
            html, proc = build_book.build(out, quiet=True)
            record.write_text(json.dumps({
                "html": str(html), "returncode": proc.returncode,
                "log": (proc.stdout or "")[-20000:] + (proc.stderr or "")[-20000:],
            }))
        result = json.loads(record.read_text())
    if result["returncode"] != 0:
        pytest.fail("책 빌드가 실패했습니다 (경고도 오류입니다):\n" + result["log"], pytrace=False)
    return Path(result["html"])


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through Playwright; skipped, with the reason, where there is none."""
    executable = chromium.find_browser()
    if executable is None:
        pytest.skip(f"브라우저 테스트를 건너뜁니다: {chromium.NO_BROWSER}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=chromium.FLAGS)
        yield instance
        instance.close()
