"""No broken internal link anywhere in the built site.

Every href and src in every page that points inside the site must name a file that
exists, and every #fragment an id in the target page. (LinkChecker was tried first:
over file:// and loopback it took a minute for this small site and passed a missing
#fragment, so this test reads the HTML itself.)
"""
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# `make pdf` puts the PDF into the site after `make book` (the deploy workflow runs both).
BUILT_LATER = {"pytorch-basics.pdf"}
ATTRIBUTES = {"a": "href", "img": "src", "link": "href", "script": "src", "source": "src"}


@lru_cache(maxsize=None)
def parse(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@lru_cache(maxsize=None)
def ids(path):
    soup = parse(path)
    return {el["id"] for el in soup.find_all(id=True)} | {el["name"] for el in soup.find_all("a", attrs={"name": True})}


def broken_links(site):
    site = Path(site)
    broken = []
    # The theme copies its Jinja templates into _static/; those are not pages.
    for page in sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts):
        for tag, attribute in ATTRIBUTES.items():
            for element in parse(page).find_all(tag, attrs={attribute: True}):
                url = element[attribute]
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:", "data:")):
                    continue
                target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
                if parts.path.endswith("/"):
                    target = target / "index.html"
                where = f"{page.relative_to(site)}: {url}"
                if target.name in BUILT_LATER and target.parent.resolve() == site.resolve():
                    continue
                if not target.exists() or site.resolve() not in (target.resolve().parents):
                    broken.append(f"{where} (파일 없음)")
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                    broken.append(f"{where} (#{parts.fragment} 없음)")
    return broken


def test_no_broken_internal_links(site):
    broken = broken_links(site)
    assert not broken, "깨진 내부 링크:\n" + "\n".join(broken)


def test_the_link_checker_catches_a_missing_file_and_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<p id="here">x</p><a href="b.html">ok</a>'
                                     '<a href="#here">ok</a><a href="missing.html">no</a>'
                                     '<a href="b.html#nowhere">no</a><a href="https://x.org/y">ext</a>',
                                     encoding="utf-8")
    (tmp_path / "b.html").write_text('<h1 id="top">b</h1>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a.html: missing.html (파일 없음)", "a.html: b.html#nowhere (#nowhere 없음)"]
