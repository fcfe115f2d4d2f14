"""Word lists and patterns shipped as data files in newsgraph/data/, loaded once.

Format: UTF-8, one item per line; `#` starts a comment; blank lines are ignored. TSV files
split each line on tabs.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("newsgraph.data").joinpath(name).read_text(encoding="utf-8")
    lines = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if line.strip():
            lines.append(line.strip("\n"))
    return lines


@cache
def word_list(name: str, *, lower: bool = True) -> frozenset[str]:
    """The items of data file `name` as a set (lower-cased unless `lower=False`)."""
    return frozenset(line.strip().lower() if lower else line.strip() for line in _lines(name))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of TSV data file `name`, each a tuple of stripped cells."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(name))


@cache
def mapping(name: str, *, lower: bool = True) -> dict[str, str]:
    """A two-column TSV data file as a dict from first to second column."""
    return {(row[0].lower() if lower else row[0]): row[1] for row in table(name) if len(row) >= 2}
