"""Company names and generic words: what a company's name is without its legal form or trade
descriptor ("Apple Inc.", "Ford Motor Company"), and which words never name one referent alone
("News", "Party").

Shared by the article's clusters (pipeline/clusters.py: "Salling" is "Salling Group") and the store's
identity keys (store/keys.py), so that an article and the store fold a company's name the same way.
"""

from __future__ import annotations

from functools import cache

from . import gazetteer, lexicons
from .names import fold


@cache
def _company_suffixes() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Folded suffixes as word tuples, by their last word, longest first (a name is tested only
    against the suffixes its own last word ends)."""
    suffixes = {tuple(fold(line).split()) for line in lexicons.word_list("company_suffixes.txt")}
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for suffix in sorted((s for s in suffixes if s), key=len, reverse=True):
        by_last.setdefault(suffix[-1], []).append(suffix)
    return {last: tuple(group) for last, group in by_last.items()}


@cache
def _generic_names() -> frozenset[str]:
    return frozenset(fold(line) for line in lexicons.word_list("generic_names.txt"))


def is_generic(key: str) -> bool:
    """A generic word ("news", "party"): alone it never ties two names to one entity."""
    return key in _generic_names()


def _foldable(rest: list[str]) -> bool:
    """Whether a suffix may go: not when a generic word or a country, region or continent would be
    left ("News Corp", "Australia Group": not News, not Australia's government)."""
    remainder = " ".join(rest)
    return bool(rest) and not is_generic(remainder) and not any(
        reading.feature != "city" for reading in gazetteer.readings(remainder))


def without_company_suffixes(words: list[str]) -> list[str]:
    """Folded name words without the company suffixes at their end ("ford motor company" -> "ford")."""
    changed = True
    while changed and words:
        changed = False
        for suffix in _company_suffixes().get(words[-1], ()):
            size = len(suffix)
            if len(words) > size and tuple(words[-size:]) == suffix and _foldable(words[:-size]):
                words, changed = words[:-size], True
                break
    return words


def has_company_suffix(name: str) -> bool:
    """The name carries a company suffix that folds away ("Walt Disney Company"): a company's name."""
    words = fold(name).split()
    return without_company_suffixes(words) != words
