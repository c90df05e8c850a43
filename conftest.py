"""Shared test set-up: the pinned kernel environment, and chapters in _toc.yml order."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))

import bookenv  # noqa: E402
import toc  # noqa: E402

# nbval starts each notebook's kernel from this process: it inherits these settings.
bookenv.apply()


def pytest_collection_modifyitems(session, config, items):
    """Run the chapters in the order the book lists them (then everything else)."""
    order = {p.resolve(): i for i, p in enumerate(toc.notebooks())}

    def key(item):
        path = Path(str(item.path)).resolve()
        return (0, order[path]) if path in order else (1, 0)

    items.sort(key=key)  # stable: cells keep their order inside a notebook
