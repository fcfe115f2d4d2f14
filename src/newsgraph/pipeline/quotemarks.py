"""Pairing quotation marks as news is really typeset: straight, curly, mismatched and missing.

Newsrooms mix “curly” and "straight" marks in one article, close a curly opening with a straight
mark, leave a paragraph open because the quotation continues in the next one (the English
convention), use ‘single’ marks in headlines and `''` as a closing mark. textacy gives up on an
article with an odd number of marks; this scanner pairs what it can, one paragraph at a time, and
reports the marks it could not pair so that the flags stage can tell an editor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from ..nlp import doc_text

DOUBLE_OPENING = frozenset("“„‟«")
DOUBLE_CLOSING = frozenset("”»")
DOUBLE_EITHER = frozenset('"')
SINGLE_OPENING = frozenset("‘‚")
SINGLE_EITHER = frozenset("'’")
_BEFORE_OPENING = frozenset(" \t\n([{—–-/:;,")
_AFTER_CLOSING = frozenset(" \t\n)]}.,;:!?—–-/")
# A single-quoted region longer than this is an apostrophe misread, not a quotation.
_MAX_SINGLE_QUOTED_CHARS = 300

_CACHE_KEY = "newsgraph.quote_regions"
# Markup left in extracted text (`<tweet author="...">`): its attribute quotes are not quotation marks.
_MARKUP = re.compile(r"<[A-Za-z/][^<>\n]{0,400}>")


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """Text between a pair of quotation marks.

    `start`/`end` include the marks (the PARC/PolNeAR content convention); `inner_start`/`inner_end`
    do not. `closed` is False when the paragraph ended first (the quotation continues, or a mark is
    missing); `double` is False for ‘single’ marks.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    double: bool = True

    def inner_text(self, text: str) -> str:
        return text[self.inner_start : self.inner_end]


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """Every quoted region of a text, and the marks that could not be paired."""

    regions: tuple[QuoteRegion, ...]
    stray_marks: tuple[int, ...]

    def region_at(self, offset: int) -> QuoteRegion | None:
        """The innermost region whose marks enclose `offset`."""
        best = None
        for region in self.regions:
            if region.start <= offset < region.end and (best is None or region.start >= best.start):
                best = region
        return best

    def inside(self, start: int, end: int) -> bool:
        """True when [start, end) lies within the marks of some region."""
        return any(r.inner_start <= start and end <= r.inner_end for r in self.regions)

    def inside_each(self, spans: Sequence[tuple[int, int]]) -> list[bool]:
        """`inside` for many spans sorted by start, in one pass over the regions."""
        starts = [start for start, _ in spans]
        flags = [False] * len(spans)
        for region in self.regions:
            for k in range(bisect_left(starts, region.inner_start), len(spans)):
                start, end = spans[k]
                if start >= region.inner_end:
                    break
                if end <= region.inner_end:
                    flags[k] = True
        return flags


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return (before in _BEFORE_OPENING or before in DOUBLE_OPENING or before in SINGLE_OPENING) and not after.isspace()


def _can_close(text: str, i: int, end_of_mark: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[end_of_mark] if end_of_mark < len(text) else "\n"
    return not before.isspace() and (after in _AFTER_CLOSING or after in DOUBLE_CLOSING or after in SINGLE_EITHER
                                     or after in DOUBLE_EITHER)


def _double_marks(paragraph: str, offset: int) -> list[tuple[int, int, str]]:
    """(position, length, role) of each double mark; role is 'open', 'close' or 'either'."""
    marks = []
    i = 0
    while i < len(paragraph):
        char = paragraph[i]
        if paragraph.startswith("''", i) or paragraph.startswith("``", i):
            role = "open" if char == "`" else ("close" if _can_close(paragraph, i, i + 2) else "either")
            marks.append((offset + i, 2, role))
            i += 2
            continue
        if char in DOUBLE_OPENING or char in DOUBLE_CLOSING or char in DOUBLE_EITHER:
            opens, closes = _can_open(paragraph, i), _can_close(paragraph, i, i + 1)
            if opens and not closes:
                role = "open"
            elif closes and not opens:
                role = "close"
            elif char in DOUBLE_OPENING:
                role = "open"
            elif char in DOUBLE_CLOSING:
                role = "close"
            else:
                role = "either"
            # The surroundings decide over the glyph: “expedited review“ closes with an opening mark.
            marks.append((offset + i, 1, role))
        i += 1
    return marks


def _pair_double(paragraph: str, offset: int, regions: list[QuoteRegion], stray: list[int]) -> None:
    open_at: int | None = None
    open_len = 0
    for position, length, role in _double_marks(paragraph, offset):
        if open_at is None:
            if role == "close" and position > offset:
                # A closing mark with nothing open: its opening went missing or is in a previous
                # paragraph that already ended. Keep it as a stray for the flags stage.
                stray.append(position)
                continue
            open_at, open_len = position, length
            continue
        if role == "open" and position > open_at + open_len:
            # A second opening while one is open: the first was never closed.
            regions.append(QuoteRegion(open_at, position, open_at + open_len, position, closed=False))
            stray.append(open_at)
            open_at, open_len = position, length
            continue
        regions.append(QuoteRegion(open_at, position + length, open_at + open_len, position, closed=True))
        open_at = None
    if open_at is not None:
        end = offset + len(paragraph.rstrip())
        if end > open_at + open_len:
            regions.append(QuoteRegion(open_at, end, open_at + open_len, end, closed=False))
        else:
            stray.append(open_at)


def _pair_single(paragraph: str, offset: int, regions: list[QuoteRegion]) -> None:
    i = 0
    while i < len(paragraph):
        char = paragraph[i]
        if (char in SINGLE_OPENING or char in SINGLE_EITHER) and _can_open(paragraph, i) and paragraph[i + 1 :
                                                                                                  i + 2].isalnum():
            limit = min(len(paragraph), i + _MAX_SINGLE_QUOTED_CHARS)
            for j in range(i + 2, limit):
                if paragraph[j] in SINGLE_EITHER and _can_close(paragraph, j, j + 1) and not (
                    paragraph[j - 1] == "s" and paragraph[j + 1 : j + 2] == " " and paragraph[j + 2 : j + 3].isupper()
                ):
                    regions.append(QuoteRegion(offset + i, offset + j + 1, offset + i + 1, offset + j, True, False))
                    i = j
                    break
        i += 1


def find_quote_marks(text: str) -> QuoteMarks:
    """Pair the quotation marks of `text`, paragraph by paragraph (a newline ends a paragraph)."""
    regions: list[QuoteRegion] = []
    stray: list[int] = []
    offset = 0
    for paragraph in _MARKUP.sub(lambda m: " " * len(m.group()), text).split("\n"):
        if paragraph.strip():
            _pair_double(paragraph, offset, regions, stray)
            before = len(regions)
            _pair_single(paragraph, offset, regions)
            # Single marks inside a double-quoted region are nested quotations: keep them, they are
            # regions too, but a single-quoted region that straddles a double mark is an apostrophe.
            regions[before:] = [
                r for r in regions[before:]
                if not any(d.double and (d.start < r.start < d.end) != (d.start < r.end <= d.end)
                           for d in regions[:before])
            ]
        offset += len(paragraph) + 1
    regions.sort(key=lambda r: (r.start, -r.end))
    return QuoteMarks(tuple(regions), tuple(sorted(stray)))


def quote_marks(doc: Doc) -> QuoteMarks:
    """The quotation marks of a parsed document, computed once and cached on the doc."""
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is None:
        cached = doc.user_data[_CACHE_KEY] = find_quote_marks(doc_text(doc))
    return cached
