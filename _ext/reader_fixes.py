"""What a reader meets on the page, fixed at build time (issue 12, the reader review).

* MathJax ships with the site: the pinned PyPI package django-static-mathjax (3.2.2,
  the files of the MathJax release, no Django needed) holds tex-chtml.js and its fonts;
  they are copied into _static/mathjax/ and pages with math load them from there, so
  math renders behind a firewall and in an offline copy. Pages without math load
  nothing (page_assets.py).
* Deliberate errors (cells tagged raises-exception): what is SHOWN is trimmed. Frames
  from installed libraries (site-packages, the standard library) are replaced by one
  line "라이브러리 내부 N줄 생략"; the reader's own cell frames and the final exception
  lines stay. A label "의도한 오류" goes before the traceback. The notebook's stored
  traceback is untouched, so nbval still compares it in full.
* Glossary anchors get the term itself as id (#term-기울기, not #term-45), and every
  chapter that introduces a term gets the term's Hangul, English name and variant
  spellings as search keywords (parsed from appendix/glossary.md), so a reader who
  types any of them finds the chapter.
* The header: the issue link opens a Korean template, and the launch menu with its
  single Colab entry becomes one labelled button, "Colab에서 열기".
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

GLOSSARY_DOC = "appendix/glossary"
LIBRARY_FRAME = re.compile(r"^File (?:\S*(?:site-packages|dist-packages|/lib/python\d)|<frozen )")


# --- MathJax, shipped with the site --------------------------------------------------
def mathjax_source() -> Path | None:
    try:
        import mathjax  # django-static-mathjax
    except ImportError:
        return None
    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    return es5 if (es5 / "tex-chtml.js").exists() else None


def use_local_mathjax(app, config):
    if mathjax_source() is not None:
        config.mathjax_path = "mathjax/tex-chtml.js"
        # MathJax's lazy extension typesets an equation when it nears the screen, not
        # all of them on load: chapter 10's 49 equations cost a phone ~1.8 s of blocked
        # main thread (Lighthouse TBT) when typeset at once.
        mj = dict(config.mathjax3_config or {})
        mj["loader"] = {**mj.get("loader", {}), "load": ["ui/lazy"]}
        config.mathjax3_config = mj
    else:
        logger.warning("[reader_fixes] django-static-mathjax가 없어 MathJax를 CDN에서 불러옵니다")


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    if source is None:
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "tex-chtml.js", target / "tex-chtml.js")
    (target / "ui").mkdir(exist_ok=True)
    shutil.copy2(source / "ui" / "lazy.js", target / "ui" / "lazy.js")
    fonts = Path("output") / "chtml" / "fonts" / "woff-v2"
    shutil.copytree(source / fonts, target / fonts, dirs_exist_ok=True)


# --- Deliberate errors ---------------------------------------------------------------
def trim_traceback(text: str) -> tuple[str, int]:
    """Drop library frames; return the shown text and how many lines were dropped."""
    lines = text.split("\n")
    out, dropped, pending, i = [], 0, 0, 0
    while i < len(lines):
        line = lines[i]
        if LIBRARY_FRAME.match(line):
            j = i + 1
            while j < len(lines) and lines[j].strip():
                j += 1
            pending += j - i
            i = j + 1  # the blank line after the frame
            continue
        if pending:
            out += [f"··· 라이브러리 내부 {pending}줄 생략 (전체 기록은 노트북에 있습니다) ···", ""]
            dropped += pending
            pending = 0
        out.append(re.sub(r"^Cell In\[\d+\], line (\d+)", r"이 셀의 \1번째 줄", line))
        i += 1
    return "\n".join(out), dropped


def _cell_of(node):
    while node is not None and "cell" not in node.get("classes", []):
        node = node.parent
    return node


def label_and_trim_errors(app, doctree, docname):
    for block in list(doctree.findall(nodes.literal_block)):
        if "traceback" not in block.get("classes", []):
            continue
        cell = _cell_of(block)
        intended = cell is not None and "tag_raises-exception" in cell.get("classes", [])
        text, dropped = trim_traceback(block.astext())
        if dropped:
            block.children = [nodes.Text(text)]
            block.rawsource = text
        if intended:
            badge = nodes.paragraph(classes=["intended-error"])
            badge += nodes.strong(text="의도한 오류")
            badge += nodes.Text(": 설명을 위해 일부러 낸 오류입니다. 마지막 줄이 오류 메시지입니다.")
            block.parent.insert(block.parent.index(block), badge)


# --- Glossary ------------------------------------------------------------------------
def parse_glossary(text: str) -> dict[str, dict]:
    """{term: {"english": [...], "variants": [...], "chapter": docname}} (the same
    reading of the page as tests/test_glossary.py)."""
    block = text.split(":::{glossary}", 1)[1].split("\n:::", 1)[0]
    entries, term = {}, None
    for line in block.splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if not line.startswith(" "):
            term = line.strip()
            entries[term] = {"english": [], "variants": [], "chapter": None}
            continue
        english = re.match(r"\s*\*\*([^*]+)\*\*", line)
        if english and not entries[term]["english"]:
            entries[term]["english"] = [e.strip() for e in english.group(1).split(",") if e.strip()]
        variants = re.search(r"\*다른 표기\*: ([^.]*)\.", line)
        if variants:
            entries[term]["variants"] = [v.strip() for v in variants.group(1).split(",")]
        chapter = re.search(r"\{doc\}`\.\./(chapters/[^`]+)`", line)
        if chapter:
            entries[term]["chapter"] = chapter.group(1)
    return entries


def term_id(term: str) -> str:
    return "term-" + re.sub(r"\s+", "-", term.strip())


def glossary_entries(app):
    path = Path(app.srcdir) / "appendix" / "glossary.md"
    return parse_glossary(path.read_text(encoding="utf-8")) if path.exists() else {}


def name_glossary_anchors(app, doctree):
    """#term-기울기 instead of #term-45, also in every {term} link (resolved later)."""
    docname = app.env.docname
    if docname != GLOSSARY_DOC:
        return
    std = app.env.get_domain("std")
    renamed = {}
    for term in doctree.findall(nodes.term):
        text = term.astext().strip()
        new = term_id(text)
        old = list(term["ids"])
        if not old or new in old:
            continue
        term["ids"] = [new]
        for index in term.findall(addnodes.index):  # the genindex entry of the term
            index["entries"] = [(e[0], e[1], new if e[2] in old else e[2], *e[3:]) for e in index["entries"]]
        for key, value in list(std.objects.items()):
            if key[0] == "term" and value[0] == docname and value[1] in old:
                std.objects[key] = (docname, new)
        doctree.ids.pop(old[0], None)
        doctree.ids[new] = term
        renamed[old[0]] = new
    index_entries = app.env.get_domain("index").entries.get(docname, [])
    index_entries[:] = [(e[0], e[1], renamed.get(e[2], e[2]), *e[3:]) for e in index_entries]


def add_search_keywords(app, doctree, docname):
    words = []
    for term, entry in app.env.book_glossary.items():
        if entry["chapter"] != docname:
            continue
        for phrase in [term, *entry["english"], *entry["variants"]]:
            words += [w for w in re.split(r"[\s,()]+", phrase) if w]
    if words:
        meta = nodes.meta(name="keywords", content=", ".join(dict.fromkeys(words)))
        doctree.insert(0, meta)


def read_glossary(app):
    app.env.book_glossary = glossary_entries(app)


# --- Header buttons ------------------------------------------------------------------
ISSUE_TITLE = "[{page}] "
ISSUE_BODY = ("페이지: {url}\n\n무엇이 문제인가요? (틀린 설명, 실행되지 않는 코드, 읽기 어려운 문장 등)\n\n"
              "어떻게 바뀌면 좋을까요?\n")


def korean_header_buttons(app, pagename, templatename, context, doctree):
    buttons = context.get("header_buttons") or []
    repo = (context.get("theme_repository_url") or "").rstrip("/")
    title = re.sub(r"<[^>]+>", "", context.get("title") or pagename)
    for i, button in enumerate(buttons):
        for entry in [button, *button.get("buttons", [])]:
            url = entry.get("url") or ""
            if "/issues/new?" in url and repo:
                body = ISSUE_BODY.format(url=f"{pagename}.html")
                entry["url"] = (f"{repo}/issues/new?title={quote(ISSUE_TITLE.format(page=title))}"
                                f"&body={quote(body)}")
        if button.get("label") == "launch-buttons":
            colab = [b for b in button.get("buttons", []) if "colab" in (b.get("url") or "")]
            if len(colab) == len(button.get("buttons", [])) == 1:
                buttons[i] = {"type": "link", "url": colab[0]["url"], "text": "Colab에서 열기",
                              "icon": "fas fa-rocket", "label": "colab-launch",
                              "tooltip": "이 장의 노트북을 Google Colab에서 열어 실행합니다"}


# --- sphinx-copybutton in Korean ------------------------------------------------------
COPYBUTTON_KO = ("  'ko': {\n    'copy': '복사',\n    'copy_to_clipboard': '클립보드에 복사',\n"
                 "    'copy_success': '복사했습니다',\n    'copy_failure': '복사하지 못했습니다',\n  },\n")


def copybutton_in_korean(app, exception):
    """sphinx-copybutton 0.5 has no Korean messages: add them to the built script."""
    if exception is not None or app.builder.format != "html":
        return
    script = Path(app.outdir) / "_static" / "copybutton.js"
    if script.exists():
        text = script.read_text(encoding="utf-8")
        if "'ko':" not in text:
            script.write_text(text.replace("const messages = {\n", "const messages = {\n" + COPYBUTTON_KO, 1),
                              encoding="utf-8")


def setup(app):
    app.connect("config-inited", use_local_mathjax)
    app.connect("builder-inited", read_glossary)
    app.connect("doctree-read", name_glossary_anchors)
    app.connect("doctree-resolved", label_and_trim_errors)
    app.connect("doctree-resolved", add_search_keywords)
    app.connect("html-page-context", korean_header_buttons, priority=600)
    # Before page_assets' CSS purge (900): the elements MathJax makes (math, mjx-*) are
    # words of a shipped script then, so the theme's rules for them are kept.
    app.connect("build-finished", copy_mathjax, priority=850)
    app.connect("build-finished", copybutton_in_korean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
