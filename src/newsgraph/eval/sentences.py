"""Sentences cut by one fixed rule, so that a score does not depend on the system's own splitter.

The rule is the event annotation's (docs/event-annotation.md, section 9): every newline ends a
sentence; inside a line, ".", "!" or "?" (with any closing quotes or brackets) followed by
whitespace and an upper-case letter, a digit or an opening quote ends one, unless the word before
a "." is a single letter, letters joined by periods ("U.S.", "p.m.") or a listed abbreviation.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..lexicons import word_list

Offsets = tuple[int, int]

_ABBREVIATIONS = word_list("eval_sentence_abbreviations.txt")
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[A-Z0-9\"'“‘])")
_WORD_BEFORE = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")  # "U", "U.S", "p.m" (the final "." is the end mark)


def _ends_a_sentence(line: str, mark: re.Match[str]) -> bool:
    if line[mark.start()] != ".":
        return True
    before = _WORD_BEFORE.search(line, 0, mark.start())
    word = before.group(1).lstrip("\"'“‘([") if before else ""  # "(U.S." is "U.S"
    return not (_INITIALS.match(word) or word.lower() in _ABBREVIATIONS)


def sentence_spans(text: str) -> list[Offsets]:
    """The sentences of `text` as (start, end) offsets, in order, without their surrounding whitespace."""
    spans: list[Offsets] = []
    line_start = 0
    for line in text.split("\n"):
        start = 0
        for mark in _END.finditer(line):
            if _ends_a_sentence(line, mark):
                spans.append((line_start + start, line_start + mark.end()))
                start = mark.end()
        spans.append((line_start + start, line_start + len(line)))
        line_start += len(line) + 1
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            left = start + len(piece) - len(piece.lstrip())
            trimmed.append((left, left + len(stripped)))
    return trimmed


class Sentences:
    """The sentence holding an offset, by bisection over the fixed-rule sentences of a text."""

    def __init__(self, text: str) -> None:
        self.spans = sentence_spans(text)
        self._starts = [start for start, _ in self.spans]

    def of(self, offset: int) -> Offsets | None:
        """The sentence containing `offset` (None between sentences)."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        start, end = self.spans[index]
        return (start, end) if offset < end else None
