"""The CSS purge (_ext/page_assets.py) changes no style a reader can see.

The same sources are built a second time with the purge switched off, and both sites
are opened side by side in headless Chromium. For every element of the page, and for
its ::before and ::after boxes, every computed style property must be equal: in light
and dark mode, on a phone, with a header menu open, and on a search page whose
results were drawn by a script.
"""
import json
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

import browser as chromium
import build_book

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
import page_assets  # noqa: E402

# Each element's full computed style (and its ::before/::after boxes), reduced to one
# 32-bit hash so that a page's thousands of elements come back as a short list.
STYLE_HASHES = """() => {
    const hash = text => {
        let h = 0x811c9dc5;
        for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
        return h >>> 0;
    };
    // The standard properties, in a fixed order. Custom properties (--pst-...) are
    // left out: they only matter through the standard ones that use them.
    const names = [...getComputedStyle(document.documentElement)].filter(n => !n.startsWith('--')).sort();
    const styleText = (el, pseudo) => {
        const s = getComputedStyle(el, pseudo);
        if (pseudo && s.content === 'none') return '';  // no ::before/::after box
        return names.map(name => s.getPropertyValue(name)).join(';');
    };
    return [...document.querySelectorAll('*')].map(el =>
        hash(styleText(el, null) + '|' + styleText(el, '::before') + '|' + styleText(el, '::after')));
}"""

# The properties of one element whose values differ, to name them in a failure.
STYLE_OF = """([index, pseudo]) => {
    const el = document.querySelectorAll('*')[index];
    const s = getComputedStyle(el, pseudo);
    const found = {element: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().replace(/\\s+/g, '.') : '')};
    for (const name of s) if (!name.startsWith('--')) found[name] = s.getPropertyValue(name);
    return found;
}"""

INNERMOST = """indices => {
    const all = [...document.querySelectorAll('*')];
    const differs = new Set(indices.map(i => all[i]));
    return indices.find(i => ![...all[i].querySelectorAll('*')].some(d => differs.has(d))) ?? indices[0];
}"""

SEARCH = "search.html?q=" + quote("텐서")
# page, browser-context options, and what a reader does before the styles are compared
CASES = {
    "front page": ("index.html", {}, None),
    "chapter with graphs": ("chapters/04_autograd.html", {}, None),
    "chapter, dark mode": ("chapters/04_autograd.html", {"color_scheme": "dark"}, None),
    "chapter on a phone": ("chapters/08_optim.html",
                           {"viewport": {"width": 390, "height": 844}, "is_mobile": True}, None),
    "solution and download menu open": ("chapters/01_tensors.html", {}, "open"),
    "glossary, dark mode": ("appendix/glossary.html", {"color_scheme": "dark"}, None),
    "search results": (SEARCH, {}, "search"),
}


@pytest.fixture(scope="module")
def reference_site(tmp_path_factory):
    """The book built without the purge: what the theme's full CSS draws."""
    out = tmp_path_factory.mktemp("unpurged")
    html, proc = build_book.build(out, quiet=True, env={page_assets.KEEP_CSS_ENV: "1"})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return html


@pytest.fixture(scope="module")
def urls(site, reference_site):
    with chromium.serve(site) as purged, chromium.serve(reference_site) as full:
        yield purged, full


def styles(browser, url, options, action):
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(url, wait_until="load")
    # Cells off the screen are laid out only when the reader nears them
    # (content-visibility, _ext/page_speed.py), so their size depends on what has been
    # on screen so far: lay every cell out on both sites, so only the purge can differ.
    page.add_style_tag(content=".bd-article div.cell { content-visibility: visible !important; }")
    # Sections below the screen are drawn one at a time after load (page-speed.js).
    page.wait_for_function("() => !document.querySelector('.bd-article > section > section')"
                           " || 'sectionsDrawn' in document.documentElement.dataset")
    chromium.await_in_page(page, "() => document.fonts.ready")
    # MathJax (shipped with the site) typesets after load: compare the typeset page.
    chromium.await_in_page(page, "() => window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => true) : null")
    if action == "open":
        page.locator("details.hide summary").first.click()
        page.locator(".dropdown-download-buttons button").first.click()
        page.locator(".dropdown-download-buttons .dropdown-menu a").first.wait_for(state="visible")
    elif action == "search":
        chromium.wait_for_search_results(page)
        # Each result's snippet is fetched from its page after the list is drawn: wait
        # until every fetch is done, or the two sites are compared half drawn.
        page.wait_for_load_state("networkidle")
    return context, page, settled_hashes(page)


def settled_hashes(page, tries=20):
    """The style hashes once the page has stopped changing.

    Transitions (the menu fades in) and the theme's observers (the scroll-spy marks the
    current section) finish some frames after load, later on a loaded machine: one CI
    run compared a page whose one element had not yet changed. Read until two readings,
    300 ms apart, agree.
    """
    before = page.evaluate(STYLE_HASHES)
    for _ in range(tries):
        page.wait_for_timeout(300)
        now = page.evaluate(STYLE_HASHES)
        if now == before:
            return now
        before = now
    pytest.fail(f"{page.url}: 페이지가 {tries}번 읽는 동안 계속 바뀌어 모양을 비교할 수 없습니다")


@pytest.mark.parametrize("case", CASES)
def test_purged_css_draws_every_element_as_the_full_css(browser, urls, case):
    path, options, action = CASES[case]
    purged_ctx, purged, got = styles(browser, urls[0] + path, options, action)
    full_ctx, full, want = styles(browser, urls[1] + path, options, action)
    try:
        assert len(got) == len(want) > 200, "두 사이트의 페이지 구조가 다릅니다"
        differ = [i for i, (a, b) in enumerate(zip(got, want)) if a != b]
        if differ:
            # Name an innermost one: when a rule is lost, its element's ancestors change
            # too (their height), which says little.
            index = purged.evaluate(INNERMOST, differ)
            report = {}
            for pseudo in (None, "::before", "::after"):
                a = purged.evaluate(STYLE_OF, [index, pseudo])
                b = full.evaluate(STYLE_OF, [index, pseudo])
                changed = {k: [a.get(k), b.get(k)] for k in set(a) | set(b) if a.get(k) != b.get(k)}
                if changed:
                    report[pseudo or "element"] = {"element": b["element"], **changed}
            if not report:  # equal when read again: name the element at least
                report = {"element": full.evaluate(STYLE_OF, [index, None])["element"],
                          "note": "다시 읽으니 같습니다: 비교하는 동안 페이지가 바뀌었습니다"}
            pytest.fail(f"{case}: CSS를 줄인 뒤 {len(differ)}개 요소의 모양이 달라졌습니다. "
                        f"첫 요소 [purged, full]:\n{json.dumps(report, ensure_ascii=False, indent=1)}")
    finally:
        purged_ctx.close()
        full_ctx.close()


def test_purge_makes_the_theme_css_smaller(site, reference_site):
    name = "_static/styles/pydata-sphinx-theme.css"
    purged, full = (site / name).stat().st_size, (reference_site / name).stat().st_size
    assert purged < full / 2, (purged, full)
