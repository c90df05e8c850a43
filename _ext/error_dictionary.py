"""The 오류 메시지 사전 (appendix/errors): built from the chapters at every build.

Every code cell tagged `raises-exception` in a chapter is a deliberate error, and the
house style makes the markdown cell right after it explain the message. So the page
never goes stale, nothing of it is written by hand except the errors no chapter can
raise (a missing Graphviz, a full GPU: `EXTRA`):

* the exception type and the invariant part of its message, read from the cell's
  stored error output (numbers and shapes, which differ from one call to the next,
  become `…`);
* a one-line explanation: the first sentence of the markdown cell after the error
  (two when the first only introduces the message);
* a link to the section that holds the cell (a label registered on the section of the
  chapter's doctree, so the link is resolved, and checked, by Sphinx itself).

Errors with the same message are one entry with a link to each chapter that shows it.
Each entry is put into a group by keywords (`GROUPS`), so that a reader finds theirs.

Other extensions use `collect(root)` and `page_links(...)`; `scripts/pdf.py` and the
tests read the same entries.
"""
from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DOCNAME = "appendix/errors"
MARKER = "<!-- error-dictionary -->"
ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")

PDF_NAME = "pytorch-basics.pdf"
ZIP_NAME = "pytorch-basics-notebooks.zip"

# (group id, heading, keywords matched against "ExceptionType: message", lower case).
# The first group whose keyword occurs wins; tests/test_error_dictionary.py proves that
# every error of the book falls into one.
GROUPS = [
    ("saving", "저장과 불러오기", ["state_dict", "weights only", "unpickling", "can't get attribute",
                                 "torch.load", "rng state"]),
    ("devices", "장치(device)", ["device", "cuda", "cpu()", "out of memory", "meta tensor"]),
    ("autograd", "자동 미분(autograd)", ["grad", "backward", "leaf variable", "graph"]),
    ("dtypes", "자료형(dtype)", ["dtype", "double", "float", "long", "integer"]),
    ("data", "데이터와 NumPy", ["numpy", "array", "size mismatch between tensors", "dataset",
                               "dataloader", "graphviz", "executable", "distutils"]),
    ("modules", "모델 정의(nn.Module)", ["module"]),
    ("shapes", "모양(shape)과 인덱싱", ["size", "shape", "dim", "matrix", "tensors expected",
                                   "sequence of length", "step", "모양", "memory location",
                                   "stride"]),
]

# Errors the troubleshooting page (or the chapters' prose) covers but no chapter raises:
# (type, invariant message, explanation, docname, a word of the heading of the section,
#  group: the keywords would file a worker's "Can't get attribute" under saving).
EXTRA = [
    ("graphviz.backend.execute.ExecutableNotFound",
     "failed to execute PosixPath('dot'), make sure the Graphviz executables are on "
     "your systems' PATH",
     "torchviz가 그래프를 그리는 데 쓰는 Graphviz의 `dot` 프로그램이 설치되어 있지 않습니다. "
     "파이썬 패키지가 아니라 프로그램을 따로 설치합니다.",
     "appendix/troubleshooting", "Graphviz", "data"),
    ("ModuleNotFoundError", "No module named 'distutils'",
     "Python 3.12부터 표준 라이브러리에서 빠진 `distutils`를 옛 패키지가 찾습니다. "
     "`pip install setuptools`로 해결합니다.",
     "appendix/troubleshooting", "네모", "data"),
    ("AttributeError", "Can't get attribute '…' on <module '__main__' …>",
     "`DataLoader`의 작업 프로세스(`num_workers` > 0)가 노트북에서 정의한 `Dataset` "
     "클래스를 import하지 못했습니다 (Windows, macOS).",
     "appendix/troubleshooting", "작업 프로세스", "data"),
    ("torch.OutOfMemoryError", "CUDA out of memory. Tried to allocate …",
     "GPU 메모리가 모자랍니다. 배치 크기를 줄이거나, 필요 없는 텐서를 지우고 "
     "커널을 다시 시작합니다.",
     "appendix/troubleshooting", "GPU", "devices"),
    ("RuntimeError", "Expected all tensors to be on the same device, but …",
     "한 연산에 CPU의 텐서와 GPU의 텐서가 섞였습니다. 1장은 같은 오류를 `meta` 장치로 "
     "보여 줍니다: 모든 텐서와 모델을 `.to(device)`로 같은 장치에 둡니다.",
     "chapters/01_tensors", "다른 장치", "devices"),
]


@dataclass
class Source:
    """One place the error is shown: a chapter's cell, or a page's section."""
    docname: str
    chapter: str        # "4장 자동 미분" or the page title
    section: str        # the heading above the cell
    label: str          # the Sphinx label of that section
    cell: int = -1      # index of the cell in the notebook (-1: not a cell)


@dataclass
class Entry:
    ename: str
    message: str        # the invariant part, shown and searched
    explanation: str    # MyST markdown, one or two sentences
    group: str = ""
    sources: list = field(default_factory=list)
    full: str = ""      # the first line of the stored message, unchanged
    suffix: str = ""    # "-2", "-3" ... when two messages share their first 60 characters

    @property
    def anchor(self):
        base = re.sub(r"[^a-z0-9]+", "-", (self.ename + " " + self.message).lower()).strip("-")[:60]
        return "err-" + base.strip("-") + self.suffix


# --- reading the chapters ------------------------------------------------------------
def toc_pages(root=ROOT):
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                pages.append(str(Path(e["file"]).with_suffix("")))
            walk(e.get("sections"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return pages


def chapters(root=ROOT):
    root = Path(root)
    return [root / f"{p}.ipynb" for p in toc_pages(root) if (root / f"{p}.ipynb").exists()]


def invariant(message: str) -> str:
    """The part of a message that does not change from one call to the next."""
    first = ANSI.sub("", message).strip().splitlines()[0].strip() if message.strip() else ""
    # Long messages: up to the end of the first sentence (". " followed by a capital).
    m = re.search(r"(?<=[a-z)\]])\.\s+(?=[A-Z])", first)
    if m and m.start() > 40:
        first = first[: m.start() + 1]
    first = re.sub(r"torch\.Size\(\[[^\]]*\]\)", "torch.Size([…])", first)
    first = re.sub(r"\[\d+(?:,\s*\d+)*\]", "[…]", first)
    first = re.sub(r"(?<![\w.])\d+(?![\w.])", "…", first)
    return first


def split_sentences(markdown: str) -> list[str]:
    """Sentences of a markdown cell; a period inside `code` or $math$ ends none."""
    text = " ".join(line.strip() for line in markdown.strip().splitlines()
                    if line.strip() and not line.lstrip().startswith(("#", "```", ":::", "|")))
    out, start, code, math = [], 0, False, False
    for i, ch in enumerate(text):
        if ch == "`":
            code = not code
        elif ch == "$" and not code:
            math = not math
        elif ch == "." and not code and not math and i > 0 and (i + 1 == len(text) or text[i + 1] == " "):
            prev = text[i - 1]
            if "\uac00" <= prev <= "\ud7a3" or prev in ")\"'”":
                out.append(text[start: i + 1].strip())
                start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def plain(markdown: str) -> str:
    return re.sub(r"`[^`]*`|\$[^$]*\$|\{term\}|<[^>]*>", "", markdown)


# A sentence that explains a message, as opposed to one that points at the cell above.
EXPLAINS = ("뜻", "핵심", "말합니다", "알려 줍니다", "오류입니다", "때문", "이유")
POINTS_BACK = ("위의", "앞의", "위에서", "앞에서")


def explanation(markdown: str) -> str:
    """One line for the dictionary: the first of the cell's first three sentences that
    explains the message (the first sentence if none says so), with the next one when
    it only introduces the message ("메시지 `...`는 이렇게 읽습니다.")."""
    sentences = split_sentences(markdown)
    if not sentences:
        return ""
    head = sentences[:3]
    pick = next((i for i, s in enumerate(head)
                 if any(w in plain(s) for w in EXPLAINS) and not s.startswith(POINTS_BACK)),
                next((i for i, s in enumerate(head) if not s.startswith(POINTS_BACK)), 0))
    first = sentences[pick]
    if pick + 1 < len(sentences) and (len(plain(first).strip()) < 30
                                      or first.endswith(("읽습니다.", "봅니다."))):
        first += " " + sentences[pick + 1]
    return first


def classify(ename: str, message: str) -> str:
    text = f"{ename}: {message}".lower()
    for gid, _, words in GROUPS:
        if any(w in text for w in words):
            return gid
    return ""


def chapter_title(nb, number):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return f"{number}장 {line[2:].strip()}"
    return f"{number}장"


def label_for(docname, k):
    return f"errdict-{docname.replace('/', '-')}-{k}"


def collect(root=ROOT):
    """Every entry of the dictionary, in book order, grouped later by `group`."""
    import nbformat

    entries: dict[tuple, Entry] = {}
    for number, path in enumerate(chapters(root), start=1):
        nb = nbformat.read(path, as_version=4)
        docname = path.relative_to(root).with_suffix("").as_posix()
        title, section, k = chapter_title(nb, number), "", 0
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                heads = [l for l in cell.source.splitlines() if re.match(r"#{1,6} ", l)]
                if heads:
                    section = heads[-1].lstrip("#").strip()
                continue
            if "raises-exception" not in cell.metadata.get("tags", []):
                continue
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            if not errors:
                continue
            err = errors[0]
            nxt = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
            expl = explanation(nxt.source) if nxt is not None and nxt.cell_type == "markdown" else ""
            key = (err.ename, invariant(err.evalue))
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = Entry(err.ename, key[1], expl,
                                             full=ANSI.sub("", err.evalue).strip().splitlines()[0])
            entry.sources.append(Source(docname, title, section or title, label_for(docname, k), i))
            k += 1
    found = list(entries.values())
    for n, (ename, message, expl, docname, word, group) in enumerate(EXTRA):
        label = f"errdict-extra-{n}"
        found.append(Entry(ename, message, expl, group=group, full=message,
                           sources=[Source(docname, "", word, label)]))
    seen: dict[str, int] = {}
    for entry in found:
        entry.group = entry.group or classify(entry.ename, entry.message)
        n = seen[entry.anchor] = seen.get(entry.anchor, 0) + 1
        if n > 1:
            entry.suffix = f"-{n}"
    return found


# --- the page --------------------------------------------------------------------------
def markdown(entries) -> str:
    lines = []
    order = [g for g, _, _ in GROUPS]
    by_group = {g: [e for e in entries if e.group == g] for g in order}
    # Reading order of the groups: the chapters' order of topics.
    shown = ["shapes", "dtypes", "devices", "autograd", "data", "modules", "saving"]
    heading = {g: h for g, h, _ in GROUPS}
    for gid in shown:
        group = by_group.get(gid) or []
        if not group:
            continue
        lines += [f"({gid})=", f"## {heading[gid]}", ""]
        for e in group:
            message = e.message.replace("`", "'")
            lines += [f"({e.anchor})=",
                      f"**`{e.ename}`**: `{message}`", "", f"{e.explanation}", ""]
            links = ", ".join(f"{{ref}}`{_role_text(s.chapter + ' · ' + s.section)} <{s.label}>`"
                              if s.cell >= 0 else f"{{ref}}`{s.label}`"   # the section's own title
                              for s in e.sources)
            where = "설명" if all(s.cell >= 0 for s in e.sources) else "해결 방법"
            lines += [f"{where}: {links}", ""]
    return "\n".join(lines)


def _role_text(text):
    """A heading as the text of a {ref} role: no backticks or angle brackets inside."""
    return re.sub(r"[`<>]", "", text)


# --- Sphinx ------------------------------------------------------------------------
def _entries(app):
    env = app.env
    if getattr(env, "_error_dictionary", None) is None:
        env._error_dictionary = collect(Path(app.srcdir))
    return env._error_dictionary


def source_read(app, docname, source):
    if docname != DOCNAME:
        return
    for path in chapters(Path(app.srcdir)):
        app.env.note_dependency(str(path))
    app.env._error_dictionary = None
    text = markdown(_entries(app))
    source[0] = source[0].replace(MARKER, text) if MARKER in source[0] else source[0] + "\n" + text


def always_outdated(app, env, added, changed, removed):
    """The page is built from the chapters: read it again whenever anything was."""
    env._error_dictionary = None
    return [DOCNAME] if DOCNAME in env.found_docs else []


def register_labels(app, doctree):
    """A label on the section of every deliberate error (and every EXTRA section)."""
    from docutils import nodes

    docname = app.env.docname
    std = app.env.get_domain("std")
    k = 0
    for node in doctree.findall(nodes.container):
        if "tag_raises-exception" not in node.get("classes", []):
            continue
        section = next((p for p in _parents(node) if isinstance(p, nodes.section)), None)
        if app.builder.name == "singlehtml":
            # One page for the whole book (the PDF): headings of different chapters share
            # ids such as "id1", so the link goes to the cell itself, by a unique id.
            node["ids"].append(label_for(docname, k))
            _add_label(std, label_for(docname, k), docname, label_for(docname, k), "")
        elif section is not None and section["ids"]:
            title = section[0].astext() if len(section) else ""
            _add_label(std, label_for(docname, k), docname, section["ids"][0], title)
        k += 1
    for n, (_, _, _, doc, word, _) in enumerate(EXTRA):
        if doc != docname:
            continue
        for section in doctree.findall(nodes.section):
            if word in section[0].astext():
                _add_label(std, f"errdict-extra-{n}", docname, section["ids"][0], section[0].astext())
                break


def _parents(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _add_label(std, name, docname, labelid, title):
    std.anonlabels[name] = (docname, labelid)
    std.labels[name] = (docname, labelid, title)


def download_line(app, doctree, docname):
    """Each chapter ends with one line: the PDF, the notebooks' zip, the dictionary."""
    from docutils import nodes

    if app.builder.name not in ("html", "dirhtml") or not docname.startswith("chapters/"):
        return
    up = "../" * docname.count("/")
    html = (f'<p class="book-downloads">이 책 내려받기: '
            f'<a href="{up}{PDF_NAME}">PDF</a> · '
            f'<a href="{up}{ZIP_NAME}">노트북 10개(zip)</a> · '
            f'<a href="{up}{DOCNAME}.html">오류 메시지 사전</a></p>')
    doctree.append(nodes.raw("", html, format="html"))


def write_zip(app, exception):
    """The ten notebooks in one zip, each byte for byte the committed file."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    out = Path(app.outdir) / ZIP_NAME
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in chapters(Path(app.srcdir)):
            info = zipfile.ZipInfo(f"pytorch-basics/{path.name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())
    pdf = Path(app.srcdir) / "_build" / "pdf" / PDF_NAME
    if pdf.exists() and Path(app.outdir).resolve() != pdf.parent.resolve():
        (Path(app.outdir) / PDF_NAME).write_bytes(pdf.read_bytes())


def setup(app):
    app.connect("source-read", source_read)
    app.connect("env-get-outdated", always_outdated)
    app.connect("doctree-read", register_labels)
    app.connect("doctree-resolved", download_line)
    app.connect("build-finished", write_zip)
    return {"parallel_read_safe": False, "parallel_write_safe": True, "env_version": 1}


if __name__ == "__main__":
    for e in collect():
        print(json.dumps({"group": e.group, "ename": e.ename, "message": e.message,
                          "explanation": e.explanation, "at": [s.label for s in e.sources]},
                         ensure_ascii=False))
