#!/usr/bin/env python3
"""Runs the Python blocks of a docs page in order, in one namespace, from the repository's root
(as a reader would paste them): ``bindings-python/tests/test_docs.py`` runs every page's blocks
this way so the pages cannot rot, and running it by hand redraws the page's figures into
docs/img (the pages save them to ``$CUSTOMETRICS_DOCS_IMG``, default docs/img).

    .venv/bin/python docs/run_tour.py docs/getting-started.md
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def blocks(page: Path) -> list:
    """The ```python blocks of ``page``."""
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)


def run(page: Path) -> dict:
    """Runs ``page``'s blocks from the repository's root; returns their namespace."""
    namespace: dict = {"__name__": "__docs__"}
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, code in enumerate(blocks(page)):
            exec(compile(code, f"{page.name}, block {i + 1}", "exec"), namespace)
    finally:
        os.chdir(here)
    return namespace


if __name__ == "__main__":
    for name in sys.argv[1:] or ["docs/getting-started.md"]:
        run(ROOT / name)
