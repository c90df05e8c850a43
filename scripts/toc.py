"""Read `_toc.yml`: the only place that says which chapters the book has, in order."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _walk(entries):
    for entry in entries or []:
        if "file" in entry:
            yield entry["file"]
        yield from _walk(entry.get("sections"))


def pages(root=ROOT):
    """Every page of the book (without suffix), in reading order, root first."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]
    for part in toc.get("parts", []):
        found.extend(_walk(part.get("chapters")))
    found.extend(_walk(toc.get("chapters")))
    return [str(Path(p).with_suffix("")) for p in found]


def notebooks(root=ROOT):
    """The chapter notebooks listed in the table of contents, in reading order."""
    root = Path(root)
    return [root / f"{p}.ipynb" for p in pages(root) if (root / f"{p}.ipynb").exists()]
