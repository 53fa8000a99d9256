"""A griffe extension for the docs site (mkdocs.yml names it): the package's docstrings are
written in the reStructuredText habit of ``help()`` and Sphinx, and mkdocstrings renders
Markdown, so before rendering each docstring gets

- cross-reference roles (``:func:`~custometrics.retention.clv```) as code spans of the name shown;
- reST simple tables (rows of ``====`` column rules) as Markdown tables;
- doctest blocks (``>>>`` lines and their output) as fenced Python code;
- ``::`` literal blocks as fenced code.

Hand-written (about sixty lines): no maintained griffe extension converts reST markup to
Markdown; Sphinx would read it natively but would bring a second documentation toolchain.
"""

from __future__ import annotations

import re
from typing import Any, List

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj):`(~?)([^`<]+?)(?:\s*<([^>]+)>)?`")
_RULE = re.compile(r"^(=+)( +=+)+\s*$")


def _role(m: "re.Match[str]") -> str:
    short, name, target = m.group(1), m.group(2).strip(), m.group(3)
    shown = name.split(".")[-1] if short and not target else name
    return f"`{shown}`"


def _columns(rule: str) -> List[tuple]:
    return [(m.start(), m.end()) for m in re.finditer(r"=+", rule)]


def _cells(line: str, cols: List[tuple]) -> List[str]:
    out = []
    for i, (start, _) in enumerate(cols):
        end = cols[i + 1][0] if i + 1 < len(cols) else len(line)
        out.append(line[start:end].strip())
    return out


def _rows(lines: List[str], cols: List[tuple]) -> List[List[str]]:
    rows: List[List[str]] = []
    for line in lines:
        cells = _cells(line, cols)
        if rows and not cells[0] and any(cells):  # a continuation line of the row above
            rows[-1] = [(a + " " + b).strip() for a, b in zip(rows[-1], cells)]
        elif any(cells):
            rows.append(cells)
    return rows


def _tables(lines: List[str]) -> List[str]:
    """rule, [header, rule,] rows, rule -> a Markdown table (no blank line inside a table)."""
    out: List[str] = []
    i = 0
    while i < len(lines):
        if not _RULE.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        cols = _columns(lines[i])
        j = i + 1
        while j < len(lines) and not _RULE.match(lines[j]):
            j += 1
        first = lines[i + 1:j]
        k = j + 1
        while k < len(lines) and lines[k].strip() and not _RULE.match(lines[k]):
            k += 1
        if k < len(lines) and _RULE.match(lines[k]) and k > j + 1:
            header = [" ".join(h) for h in zip(*_rows(first, cols))] or [""] * len(cols)
            body, end = _rows(lines[j + 1:k], cols), k
        else:
            header, body, end = [""] * len(cols), _rows(first, cols), j
        out += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(cols)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in body]
        out.append("")
        i = end + 1
    return out


def _blocks(lines: List[str]) -> List[str]:
    out: List[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out += ["", indent + "```python"]
            while i < len(lines) and lines[i].strip():
                out.append(lines[i])
                i += 1
            out += [indent + "```", ""]
            continue
        if line.rstrip().endswith("::") and not line.strip().startswith(".."):
            out.append(line.rstrip()[:-1])
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
            out += ["", "```"]
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                out.append(lines[i])
                i += 1
            out += ["```", ""]
            continue
        out.append(line)
        i += 1
    return out


def markdown(text: str) -> str:
    """``text`` (a reST-habit docstring) as Markdown."""
    lines = _ROLE.sub(_role, text).splitlines()
    return "\n".join(_blocks(_tables(lines)))


class RestToMarkdown(griffe.Extension):
    """Rewrites every docstring before mkdocstrings parses it."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
