"""What a shared link and a search engine see of each page.

sphinxext-opengraph writes og:title, og:description, og:image and the meta description
of every page; its social card (a PNG per page, drawn at build time with matplotlib,
never fetched) needs a font with Hangul, so the NanumGothic that koreanize-matplotlib
bundles is registered with matplotlib before any card is drawn. sphinx-sitemap writes
sitemap.xml from `html_baseurl`; this extension adds robots.txt pointing at it, from the
same one base URL (`html.baseurl` in _config.yml). sphinx-sitemap lists only the pages
a build writes (upstream jdillard/sphinx-sitemap#13): `make book` reads every page
afresh (scripts/build_book.py), so it lists them all. The description of a page is its
opening prose (see `page_description`).
"""
import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)


def register_korean_font(app, config):
    import matplotlib
    from matplotlib import font_manager

    matplotlib.use("agg")
    import koreanize_matplotlib  # noqa: F401  registers NanumGothic with matplotlib

    names = {f.name for f in font_manager.fontManager.ttflist}
    if "NanumGothic" not in names:
        logger.warning("[share_meta] NanumGothic이 matplotlib에 등록되지 않았습니다")


def page_description(doctree, length=150, known_titles=frozenset()) -> str:
    """The page's opening prose, whole sentences up to `length` characters.

    sphinxext-opengraph's own parser joins the text of neighbouring inline nodes with
    a space, which is right for English and wrong for Korean: a particle after a
    glossary link came out as "손실(loss) 을". Here each paragraph's text is taken as
    the reader sees it (`astext()`), so nothing is inserted.
    """
    text = ""
    for para in doctree.findall(nodes.paragraph):
        if para.next_node(nodes.literal_block) or any(
                isinstance(a, (nodes.literal_block, nodes.Admonition, nodes.table,
                               nodes.container)) for a in _ancestors(para)):
            continue
        words = re.sub(r"\s+", " ", para.astext()).strip()
        if not words or words in known_titles:
            continue
        text = f"{text} {words}".strip()
        if len(text) >= length:
            break
    if len(text) > length:
        cut = max(text.rfind(". ", 0, length - 1), text.rfind("다. ", 0, length - 1))
        if cut > length // 3:
            text = text[:cut + 1]
        else:  # one long sentence: cut between words
            text = text[:text.rfind(" ", 0, length - 1)].rstrip(",") + "…"
    return html.escape(text, quote=True)


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def use_korean_description(app, config):
    import sphinxext.opengraph as ogp

    ogp.get_description = lambda doctree, length, known_titles=frozenset(): \
        page_description(doctree, length, known_titles)


# Pages Sphinx writes without a source (no doctree): what a search engine should say.
GENERATED_PAGES = {"search": "파이토치 기초 책 안에서 검색합니다.",
                   "genindex": "파이토치 기초의 색인: 용어와 항목을 가나다순으로 찾습니다."}


def describe_generated_page(app, pagename, templatename, context, doctree):
    if doctree is None and pagename in GENERATED_PAGES:
        context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{GENERATED_PAGES[pagename]}" />'


def draw_logo(path: Path) -> Path:
    """The book's mark (the favicon of _templates/layout.html) as the PNG a card needs."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyBboxPatch

    fig = plt.figure(figsize=(1, 1), dpi=256)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 64)
    ax.set_ylim(64, 0)
    ax.set_axis_off()
    ax.add_patch(FancyBboxPatch((0, 0), 64, 64, boxstyle="round,pad=0,rounding_size=14",
                                color="#ee4c2c"))
    ax.add_patch(Circle((32, 36), 14, fill=False, lw=6 * 72 / 64, color="white"))
    ax.add_patch(Circle((42, 17), 4, color="white"))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, transparent=True)
    plt.close(fig)
    return path


def use_book_logo(app, config):
    cards = dict(config.ogp_social_cards or {})
    if cards.get("enable", True) and "image_mini" not in cards:
        cards["image_mini"] = str(draw_logo(Path(app.doctreedir) / "share_meta" / "logo.png"))
        config.ogp_social_cards = cards


def robots_txt(base_url: str) -> str:
    base = base_url.rstrip("/") + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"


def write_robots(app, exception):
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    (Path(app.outdir) / "robots.txt").write_text(robots_txt(app.config.html_baseurl), encoding="utf-8")


def setup(app):
    app.connect("config-inited", register_korean_font)
    app.connect("config-inited", use_korean_description)
    app.connect("config-inited", use_book_logo)
    app.connect("html-page-context", describe_generated_page)
    app.connect("build-finished", write_robots)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
