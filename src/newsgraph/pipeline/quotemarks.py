"""Pairing quotation marks as news is really typeset: straight, curly, mismatched and missing.

Newsrooms mix “curly” and "straight" marks in one article, close a curly opening with a straight
mark, leave a paragraph open because the quotation continues in the next one (the English
convention), use ‘single’ marks in headlines, and type a double mark as two single ones (`''`,
`’’`, `‘‘`). textacy gives up on an article with an odd number of marks; this scanner pairs what
it can, one paragraph at a time, and reports the marks it could not pair so that the flags stage
can tell an editor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..intervals import SpanIndex
from ..nlp import doc_text

DOUBLE_OPENING = frozenset("“„‟«")
DOUBLE_CLOSING = frozenset("”»")
DOUBLE_EITHER = frozenset('"')
SINGLE_OPENING = frozenset("‘‚")
SINGLE_EITHER = frozenset("'’")
_BEFORE_OPENING = frozenset(" \t\n([{—–-/:;,")
_AFTER_CLOSING = frozenset(" \t\n)]}.,;:!?—–-/")
# A double mark typed as two characters: TeX and wire copy's `` and '', a keyboard's doubled
# single marks ‘‘ and ’’ (two apostrophes closing a quotation that opened with “).
_DOUBLED_OPENING = ("``", "‘‘")
_DOUBLED_EITHER = ("''", "’’")
_DOUBLED = re.compile("|".join(map(re.escape, _DOUBLED_OPENING + _DOUBLED_EITHER)))
# Every double mark, a doubled one first where both start (found by the regex engine: a Python
# loop over every character of every paragraph cost more than the pairing).
_DOUBLE_MARK = re.compile(
    f"{_DOUBLED.pattern}|[{re.escape(''.join(sorted(DOUBLE_OPENING | DOUBLE_CLOSING | DOUBLE_EITHER)))}]")
# A single-quoted region longer than this is an apostrophe misread, not a quotation.
_MAX_SINGLE_QUOTED_CHARS = 300
_SINGLE_OPENER = re.compile(f"[{re.escape(''.join(sorted(SINGLE_OPENING | SINGLE_EITHER)))}]")
_SINGLE_CLOSER = re.compile(f"[{re.escape(''.join(sorted(SINGLE_EITHER)))}]")

_CACHE_KEY = "newsgraph.quote_regions"
# Markup left in extracted text (`<tweet author="...">`): its attribute quotes are not quotation marks.
_MARKUP = re.compile(r"<[A-Za-z/][^<>\n]{0,400}>")

_ELISION = re.compile(r"^\s*[\[(]\s*(?:\.{3}|…)\s*[\])]\s*")


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

    def opens_statement(self, text: str) -> bool:
        """Whether the quotation can stand as a whole statement: it starts a sentence, not a
        fragment. An editor's bracket ("[T]his decision", "[We] let them") stands for the
        speaker's capital, and an editor's elision ("[...] Rather, ...") for words left out before it."""
        inner = _ELISION.sub("", text[self.inner_start : self.inner_end]).lstrip("…. [(")
        return bool(inner) and (inner[0].isupper() or inner[0].isdigit())


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """Every quoted region of a text, and the marks that could not be paired."""

    regions: tuple[QuoteRegion, ...]
    stray_marks: tuple[int, ...]
    # The regions with and without their marks, indexed: the stages ask about every token.
    _outer: SpanIndex = field(init=False, repr=False, compare=False)
    _inner: SpanIndex = field(init=False, repr=False, compare=False)
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_outer", SpanIndex((r.start, r.end) for r in self.regions))
        object.__setattr__(self, "_inner", SpanIndex((r.inner_start, r.inner_end) for r in self.regions))
        object.__setattr__(self, "_starts", [r.start for r in self.regions])  # regions are sorted by start

    def next_double(self, offset: int) -> QuoteRegion | None:
        """The first double-quoted region that starts at or after `offset`."""
        first = bisect_left(self._starts, offset)
        return next((r for r in self.regions[first:] if r.double), None)

    def encloses(self, offset: int) -> bool:
        """True when the marks of some region enclose `offset`."""
        return self._outer.any_overlapping(offset, offset + 1)

    def inside(self, start: int, end: int) -> bool:
        """True when [start, end) lies within the marks of some region."""
        return self._inner.any_containing(start, end)

    def inside_each(self, spans: Sequence[tuple[int, int]]) -> list[bool]:
        """`inside` for many spans."""
        return [self._inner.any_containing(start, end) for start, end in spans]

    def covered_by(self, spans: Iterable[tuple[int, int]]) -> list[QuoteRegion]:
        """The regions, marks included, that lie inside one of `spans`, in order."""
        positions = {k for start, end in spans for k in self._outer.within(start, end)}
        return [self.regions[k] for k in sorted(positions)]

    def next_overlapping(self, index: int, start: int, end: int) -> int | None:
        """The index of the first region from `index` on that overlaps [start, end), marks included."""
        return self._outer.next_overlapping(index, start, end)


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
    for match in _DOUBLE_MARK.finditer(paragraph):
        i = match.start()
        if match.end() - i == 2:
            opening = match.group() in _DOUBLED_OPENING
            role = "open" if opening else ("close" if _can_close(paragraph, i, i + 2) else "either")
            marks.append((offset + i, 2, role))
            continue
        char = match.group()
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


def _single_closers(paragraph: str) -> list[int]:
    """Positions of the marks that can close a single-quoted region, in order."""
    return [j for match in _SINGLE_CLOSER.finditer(paragraph) if (j := match.start()) >= 2 and _can_close(
        paragraph, j, j + 1) and not (
        paragraph[j - 1] == "s" and paragraph[j + 1 : j + 2] == " " and paragraph[j + 2 : j + 3].isupper())]


def _pair_single(paragraph: str, offset: int, regions: list[QuoteRegion]) -> None:
    closers: list[int] | None = None  # found once, and only when a paragraph opens a single mark
    resume = 0  # a region's marks and text are not searched again
    for match in _SINGLE_OPENER.finditer(paragraph):
        i = match.start()
        if i < resume or not (_can_open(paragraph, i) and paragraph[i + 1 : i + 2].isalnum()):
            continue
        if closers is None:
            closers = _single_closers(paragraph)
        k = bisect_left(closers, i + 2)
        if k < len(closers) and closers[k] < min(len(paragraph), i + _MAX_SINGLE_QUOTED_CHARS):
            j = closers[k]
            regions.append(QuoteRegion(offset + i, offset + j + 1, offset + i + 1, offset + j, True, False))
            resume = j + 1


def _straddles(single: QuoteRegion, doubles: list[QuoteRegion], starts: list[int]) -> bool:
    """A single-quoted region with one end inside a double-quoted region and the other outside (an
    apostrophe). `doubles` are one paragraph's, disjoint and in order; `starts` their starts."""
    def holder(position: int, end_inclusive: bool) -> QuoteRegion | None:
        k = bisect_left(starts, position) - 1  # the last double opening before `position`
        if k < 0:
            return None
        double = doubles[k]
        return double if position < double.end or (end_inclusive and position == double.end) else None

    return holder(single.start, False) is not holder(single.end, True)


def find_quote_marks(text: str) -> QuoteMarks:
    """Pair the quotation marks of `text`, paragraph by paragraph (a newline ends a paragraph)."""
    regions: list[QuoteRegion] = []
    stray: list[int] = []
    offset = 0
    for paragraph in _MARKUP.sub(lambda m: " " * len(m.group()), text).split("\n"):
        if paragraph.strip():
            doubles: list[QuoteRegion] = []
            _pair_double(paragraph, offset, doubles, stray)
            singles: list[QuoteRegion] = []
            # A doubled mark's characters are not single marks of their own.
            _pair_single(_DOUBLED.sub("  ", paragraph), offset, singles)
            # Single marks inside a double-quoted region are nested quotations: keep them, they are
            # regions too, but a single-quoted region that straddles a double mark is an apostrophe.
            starts = [d.start for d in doubles]
            regions += doubles
            regions += [r for r in singles if not _straddles(r, doubles, starts)]
        offset += len(paragraph) + 1
    regions.sort(key=lambda r: (r.start, -r.end))
    return QuoteMarks(tuple(regions), tuple(sorted(stray)))


def quote_marks(doc: Doc) -> QuoteMarks:
    """The quotation marks of a parsed document, computed once and cached on the doc."""
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is None:
        cached = doc.user_data[_CACHE_KEY] = find_quote_marks(doc_text(doc))
    return cached
