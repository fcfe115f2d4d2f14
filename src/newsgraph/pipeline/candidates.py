"""The attribution candidate every quotation rule produces, and span helpers over a parsed doc."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..intervals import SpanIndex
from ..nlp import doc_text
from .quotemarks import QuoteMarks, QuoteRegion

Offsets = tuple[int, int]

# Rules whose content is what was said, not what was done or thought.
_QUOTING_FRAMES = frozenset({
    "clause", "inverted", "parenthetical", "according_to", "adjacent_after", "adjacent_before", "colon",
    "follow_on", "format", "unattributed", "dash_credit",
})

# Quoted words that make an attribution a quotation: fewer are a name, a label or a scare quote.
_MIN_QUOTED_WORDS = 3
_TRAILING = ".,;:!?—–-"
# Sentence connectives that open a reported clause but are not part of what was reported.
_LEADING_CONNECTIVES = frozenset({"meanwhile", "however", "but", "and", "also", "still", "yet", "so", "now",
                                  "separately", "earlier", "later", "then", "instead", "moreover", "further",
                                  "additionally", "nonetheless", "nevertheless", "indeed"})


@dataclass
class Candidate:
    """One attribution found by a rule: character offsets, plus the tokens speaker resolution needs."""

    content: list[Offsets]
    cue: Offsets | None
    source: Offsets | None
    rule: str
    score: float
    cue_token: int | None = None
    source_token: int | None = None
    parent: Candidate | None = None
    in_headline: bool = False
    regions: list[QuoteRegion] = field(default_factory=list)
    cue_class: str = "speech"
    # Whether it reports a clause ("said [the office would close]") when its rule does not tell:
    # set for the learned tagger's attributions, whose rule is only "model".
    reports_clause: bool = False
    # A verdict that overrides the rule's: False for quoted words that are not a statement.
    quotation: bool | None = None

    @property
    def frame(self) -> str:
        return self.rule.split(":", 1)[0]

    def is_quotation(self, marks: QuoteMarks, text: str) -> bool:
        """A quotation, as a journalist means it: speech reported as a clause or in quotation marks.

        Beliefs, stances, intentions and topics ("X believes...", "criticised the plan", "vowed to
        fight on", "talked about the economy") stay attributions unless their content quotes words:
        three or more, since one or two quoted words are a name, a label or a scare quote ('a
        programme called "Bridges for All"', 'the so-called "phase one" deal').
        """
        if self.quotation is not None:
            return self.quotation
        if self.cue_class == "speech" and (self.frame in _QUOTING_FRAMES or self.reports_clause):
            return True
        if self.cue_class == "topic":
            return False  # what "they discussed" is not their words, quotation marks or not
        return any(r.double and len(r.inner_text(text).split()) >= _MIN_QUOTED_WORDS
                   for r in marks.covered_by(self.content))

    @property
    def start(self) -> int:
        return min(s for s, _ in self.all_spans())

    @property
    def end(self) -> int:
        return max(e for _, e in self.all_spans())

    def all_spans(self) -> list[Offsets]:
        return [*self.content, *(s for s in (self.cue, self.source) if s is not None)]

    def content_covers(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.content)

    def content_overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.content)


def content_index(candidates: Iterable[Candidate]) -> SpanIndex:
    """Every content span of `candidates`, indexed: `any(c.content_overlaps(...) for c in candidates)`
    for many questions, without reading every candidate for each."""
    return SpanIndex(span for candidate in candidates for span in candidate.content)


def token_end(token: Token) -> int:
    return token.idx + len(token.text)


def words_between(doc: Doc, start: int, end: int, limit: int, from_end: bool = False) -> list[Token]:
    """The first (or, `from_end`, the last) `limit` tokens that are not whitespace within [start, end),
    in text order; looking at no more tokens than it must."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return []
    positions = range(span.end - 1, span.start - 1, -1) if from_end else range(span.start, span.end)
    words: list[Token] = []
    for i in positions:
        if len(words) == limit:
            break
        if not doc[i].is_space:
            words.append(doc[i])
    return words[::-1] if from_end else words


def holds_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether [start, end) holds a verb with its subject: a reported clause, not a noun phrase."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(
        token.pos_ in ("VERB", "AUX") and any(child.dep_ in ("nsubj", "nsubjpass") and start <= child.idx < end
                                              for child in token.children) for token in span)


def subtree_offsets(token: Token) -> Offsets:
    """Character bounds of a token's subtree (the parser's phrase)."""
    return token.left_edge.idx, token_end(token.right_edge)


def trim(text: str, start: int, end: int) -> Offsets:
    """Drop surrounding whitespace and trailing punctuation, keeping punctuation inside a closing mark."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start:
        char = text[end - 1]
        if char.isspace() or char in _TRAILING:
            end -= 1
        else:
            break
    return start, end


def trim_content(doc: Doc, start: int, end: int, marks: QuoteMarks) -> Offsets:
    """A reported clause's bounds: no leading connective ("Meanwhile,"), no trailing punctuation
    unless a quotation mark closes after it; snapped outward to enclose any quotation it cuts."""
    text = doc_text(doc)
    start, end = trim(text, start, end)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span) > 2:
        i = 0
        while i < len(span) - 1 and (span[i].lower_ in _LEADING_CONNECTIVES and span[i + 1].text == ","):
            start = span[i + 2].idx if i + 2 < len(span) else start
            i += 2
    # The regions that overlap [start, end) in order, as [start, end) grows: a region that does not
    # overlap it when its turn comes changes nothing.
    k = marks.next_overlapping(0, start, end)
    while k is not None:
        region = marks.regions[k]
        if region.double:
            only_marks_after = not text[end : region.inner_end].strip(" ,.;:!?")
            only_marks_before = not text[region.inner_start : start].strip(" ")
            if start < region.start and end < region.end:
                end = region.end  # a mixed quotation ends with its closing mark
            elif region.start <= start and (only_marks_before or only_marks_after):
                # The parse cut a quotation short (one sentence of several, or without its marks).
                start, end = region.start, max(end, region.end)
        k = marks.next_overlapping(k + 1, start, end)
    return start, end
