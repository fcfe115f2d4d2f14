"""Quotations attributed by what surrounds them rather than by a cue: a dash credit after them
('"..." — Jane Doe'), an embedded social post with its signature, and a fully quoted paragraph that
goes on with the attributed quotation of the paragraph before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc

from ..intervals import GrowingSpanIndex
from ..nlp import doc_text, line_bounds
from .candidates import Candidate, content_index, trim
from .quotemarks import QuoteMarks, QuoteRegion

_SCORES = {"follow_on": 0.75, "dash_credit": 0.8}
# How a quoted statement ends inside its marks ("...," "...." "...?" "...'"), unlike a quoted term.
_STATEMENT_ENDS = (".", ",", "!", "?", "…", "'", "’", ";", ":")
_DASH = r"(?:[―—–]|--|-)"
_NAME = r"(?P<source>[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,5})"
# '"...," \n\n- Bernie Sanders.' / '“...” ― Jane Doe, Ohio': a quotation credited by a dash.
_CREDIT_AFTER_QUOTE = re.compile(rf"[^\S\n]*\n?\n?[^\S\n]*(?P<cue>{_DASH})[^\S\n]*{_NAME}(?=\s*(?:[,.(]|\n|$))")
# An embedded post: 'No one should be above the law. pic.twitter.com/x — Paul Ryan (@SpeakerRyan) July 5, 2016'
_CREDIT_OF_POST = re.compile(rf"\s(?P<cue>{_DASH})\s+{_NAME}\s+\(@\w+\)[^\n]*$")
_ABBREVIATIONS = ("Jr.", "Sr.", "Dr.", "St.", "Inc.", "Co.", "Ltd.")
_TRAILING_LINK = re.compile(r"(?:\s+(?:pic\.twitter\.com|https?://)\S+)+\s*$")


def dash_credits(doc: Doc, marks: QuoteMarks, taken: list[Candidate]) -> list[Candidate]:
    """Quotations credited with a dash after them, and embedded social posts with their signature."""
    text = doc_text(doc)
    found: list[Candidate] = []
    contents = GrowingSpanIndex(len(text), (span for c in taken for span in c.content))

    def free(start: int, end: int) -> bool:
        return not contents.any_overlapping(start, end)

    def keep(candidate: Candidate) -> None:
        found.append(candidate)
        for start, end in candidate.content:
            contents.add(start, end)

    for region in marks.regions:
        if not region.double or not free(region.start, region.end):
            continue
        match = _CREDIT_AFTER_QUOTE.match(text, region.end)
        if match is not None:
            keep(_credit(doc, [(region.start, region.end)], match, [region]))
    offset = 0
    for line in text.split("\n"):
        match = _CREDIT_OF_POST.search(line)
        if match is not None:
            body_end = offset + match.start()
            link = _TRAILING_LINK.search(text, offset, body_end)
            content = trim(text, offset, link.start() if link else body_end)
            if content[1] > content[0] and free(*content):
                keep(_credit(doc, [content], match, [], offset))
        offset += len(line) + 1
    return found


def _credit(doc: Doc, content: list[tuple[int, int]], match: re.Match[str], regions: list[QuoteRegion],
            offset: int = 0) -> Candidate:
    source_text = match.group("source")
    if source_text.endswith(".") and not source_text.endswith(_ABBREVIATIONS):
        source_text = source_text[:-1]  # the sentence's full stop, not "Jr."
    source = (offset + match.start("source"), offset + match.start("source") + len(source_text))
    span = doc.char_span(*source, alignment_mode="expand")
    return Candidate(content=content, cue=(offset + match.start("cue"), offset + match.end("cue")),
                     source=source, rule="dash_credit", score=_SCORES["dash_credit"],
                     source_token=span.root.i if span is not None else None, regions=regions)


def _paragraph_regions(doc: Doc, regions: Iterable[QuoteRegion], taken: list[Candidate]) -> list[QuoteRegion]:
    """Unattributed quotations that open their paragraph with a statement: one that runs on into
    the next paragraph or ends a sentence or clause inside its marks, not a quoted term the
    paragraph goes on about ('"Phase one" is what the council calls ...')."""
    text = doc_text(doc)
    contents = content_index(taken)
    result = []
    for region in regions:
        paragraph_start, paragraph_end = line_bounds(doc, region.start)
        if not region.double or text[paragraph_start : region.start].strip():
            continue
        statement = not region.closed or region.inner_text(text).rstrip().endswith(_STATEMENT_ENDS) or (
            not text[region.end : paragraph_end].strip())
        if not statement:
            continue
        if contents.any_overlapping(region.start, region.end):
            continue
        result.append(region)
    return result


def follow_on_quotes(doc: Doc, marks: QuoteMarks, candidates: list[Candidate], max_paragraphs: int) -> list[Candidate]:
    """A fully quoted paragraph right after an attributed quotation continues it (same speaker)."""
    text = doc_text(doc)
    new: list[Candidate] = []
    quoting = _QuotingByStart(candidates)
    for region in _paragraph_regions(doc, marks.regions, candidates):
        paragraph_start, _ = line_bounds(doc, region.start)
        previous_end = paragraph_start
        while previous_end > 0 and text[previous_end - 1].isspace():
            previous_end -= 1
        if previous_end == 0:
            continue
        prev_start, _ = line_bounds(doc, previous_end - 1)
        owner = quoting.last(prev_start, previous_end)
        if owner is None or _chain_length(owner) >= max_paragraphs:
            continue
        new.append(Candidate(content=[(region.start, region.end)], cue=None, source=None, rule="follow_on",
                             score=_SCORES["follow_on"] * (1.0 if region.closed else 0.95), parent=owner,
                             regions=[region]))
        quoting.add(new[-1])
    return new


class _QuotingByStart:
    """The attributions that carry a quotation, by start: a paragraph's are found by bisection,
    not by reading every attribution of the article for each quoted paragraph."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self._starts: list[int] = []
        self._entries: list[tuple[int, int, Candidate]] = []  # (start, rank, candidate), by start
        for candidate in candidates:
            self.add(candidate)

    def add(self, candidate: Candidate) -> None:
        if candidate.regions or candidate.parent is not None or (
                candidate.cue_class == "speech" and candidate.frame in ("clause", "inverted", "according_to")):
            start = candidate.start
            k = bisect_right(self._starts, start)
            self._starts.insert(k, start)
            self._entries.insert(k, (start, len(self._entries), candidate))

    def last(self, start: int, end: int) -> Candidate | None:
        """The one in [start, end) that ends last (the first listed of those ending together)."""
        inside = self._entries[bisect_left(self._starts, start) : bisect_left(self._starts, end)]
        best = max(inside, key=lambda entry: (entry[2].end, -entry[1]), default=None)
        return best[2] if best is not None else None


def _chain_length(candidate: Candidate) -> int:
    length = 0
    while candidate.parent is not None:
        candidate, length = candidate.parent, length + 1
    return length
