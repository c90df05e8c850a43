"""`make book` a second time, with nothing changed, gives the same site.

Sphinx rewrites only the pages whose sources changed; the book's post-build steps
(_ext/: math drawn at build time, code tokens unwrapped, CSS purged, fonts subset,
sitemap) then run again over pages they have already changed. Each must leave such a
page as it is: a second build once drew every equation's own drawing as math again (a
chapter grew from 8,000 to 225,000 elements), and sphinx-sitemap kept only the pages it
had just written. The book is built twice into one folder here and every file compared.
"""
import hashlib
import re

import pytest

import build_book

# Sphinx adds ?v=<checksum> to a stylesheet link once the file is in the output folder,
# i.e. from the second build on: a cache-busting query, not a change of the page.
CHECKSUM_QUERY = re.compile(rb"\?v=[0-9a-f]{8}")


def snapshot(html_dir):
    files = {}
    for path in sorted(html_dir.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".html":
                data = CHECKSUM_QUERY.sub(b"", data)
            files[str(path.relative_to(html_dir))] = hashlib.sha256(data).hexdigest()
    return files


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    out = tmp_path_factory.mktemp("twice")
    html, proc = build_book.build(out, quiet=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    first = snapshot(html)
    html, proc = build_book.build(out, quiet=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return first, snapshot(html)


def test_a_second_build_changes_no_file(two_builds):
    first, second = two_builds
    assert set(first) == set(second), sorted(set(first) ^ set(second))
    changed = sorted(name for name in first if first[name] != second[name])
    assert not changed, f"두 번째 빌드가 바꾼 파일: {changed}"
