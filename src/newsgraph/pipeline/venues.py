"""Venue, medium and date of each quotation: where and when it was said, when the text says so.

"In an interview with Le Parisien on Tuesday, Zelenskyy said" gives medium "interview", venue the
outlet Le Parisien and date 2024-12-17; "a statement released by Number 10 on Wednesday said" gives
medium "statement" and its date; "Rutte told the BBC" gives an interview with the BBC. The search
looks at the attribution's own words first (the sentence outside the content, then the source),
and only then at the reported clause outside quotation marks. A follow-on quotation shares its
parent's venue and date, and so does one whose cue continues the speaker's previous statement ("He
added: ..."). An occasion named with a definite article ("the statement added") is the one named
before, and takes its date.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import cache, cached_property

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from .. import lexicons
from ..nlp import sentence_of, tokens_where
from ..record import ArticleRecord, DateMention, Entity, Quote
from ..record import Span as TextSpan
from ..settings import Settings
from .mention_index import MentionIndex
from .quotemarks import QuoteMarks, quote_marks

_OUTLET_TYPES = frozenset({"outlet", "organisation"})
_VENUE_PREPOSITIONS = frozenset({"with", "to", "on", "in", "by", "from", "at"})
_INTERVIEW_VERBS = frozenset({"tell", "speak", "talk"})
# "in an interview", "during a speech", "at a rally", "on a phone call", "via a statement".
_OCCASION_PREPOSITIONS = frozenset({"in", "during", "at", "on", "via", "through", "over"})
# Dependents of a verb that carry the time of its event ("reiterated ... in a call on Wednesday").
_TIME_DEPS = frozenset({"prep", "npadvmod", "advmod", "tmod"})
_DEFINITE = frozenset({"the", "that", "this"})


@cache
def _continuing_cues() -> frozenset[str]:
    return lexicons.word_list("continuing_cues.txt")


@cache
def _media() -> dict[str, str]:
    return lexicons.mapping("media.tsv")


def _phrase(token: Token) -> tuple[int, int]:
    """The medium noun's phrase: "a statement released by Number 10 on Wednesday"."""
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def _venue_entity(token: Token, mentions: MentionIndex) -> Entity | None:
    """The outlet or organisation a medium noun names ("interview with Le Parisien")."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _VENUE_PREPOSITIONS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    entity = mentions.first_entity_at(obj.idx, obj.idx + len(obj.text))
                    if entity is not None and entity.type in _OUTLET_TYPES:
                        return entity
        if child.dep_ in ("compound", "poss", "nmod"):
            entity = mentions.first_entity_at(child.idx, child.idx + len(child.text))
            if entity is not None and entity.type == "outlet":
                return entity
    return None


def _medium(token: Token) -> str | None:
    """The medium a noun names when it can name where words were said ("interview", "statement")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    medium = _media().get(token.lemma_.lower())
    if medium == "phone call" and token.lemma_.lower() == "call" and not any(
        c.lower_ in ("phone", "telephone") for c in token.children
    ) and token.dep_ != "pobj":
        return None  # "a call for calm" is not a phone call
    return medium


def _names_occasion(token: Token) -> bool:
    """"in an interview", "during a speech": the noun names where the words were said."""
    return token.dep_ == "pobj" and token.head.lower_ in _OCCASION_PREPOSITIONS


class _Occasions:
    """The document's medium nouns that can name an occasion, found once: those under an occasion
    preposition, and those that can head a source ("a statement released by Number 10 said"), each
    also without the ones inside quotation marks. A quotation's is then the first that its
    sentence (or source) holds outside the spans it must not look in, found by bisection."""

    def __init__(self, doc: Doc) -> None:
        marks = quote_marks(doc)
        found = [(token, medium) for token in tokens_where(doc, LEMMA, _media())
                 if (medium := _medium(token)) is not None]
        named = [(t, m) for t, m in found if _names_occasion(t)]
        heads = [(t, m) for t, m in found if t.dep_ in ("nsubj", "nsubjpass", "ROOT")]
        self.named, self.heads = _ByOffset(named), _ByOffset(heads)
        self.named_unquoted = _ByOffset([(t, m) for t, m in named if not marks.encloses(t.idx)])
        self.heads_unquoted = _ByOffset([(t, m) for t, m in heads if not marks.encloses(t.idx)])

    def first(self, sentence: tuple[int, int], source: tuple[int, int] | None, blocked: list[tuple[int, int]],
              unquoted: bool) -> tuple[Token, str] | None:
        """The first medium noun of `sentence` outside `blocked` (and, `unquoted`, outside quotation
        marks) that names an occasion or is the head of `source`."""
        named, heads = (self.named_unquoted, self.heads_unquoted) if unquoted else (self.named, self.heads)
        found = [named.first(*sentence, blocked)]
        if source is not None:
            found.append(heads.first(max(sentence[0], source[0]), min(sentence[1], source[1]), blocked))
        return min((f for f in found if f is not None), key=lambda f: f[0].i, default=None)


class _ByOffset:
    """Tokens (with what they carry) in text order, looked up by character offset."""

    def __init__(self, items: list[tuple[Token, str]]) -> None:
        self.items = items
        self.offsets = [token.idx for token, _ in items]

    def first(self, start: int, end: int, blocked: list[tuple[int, int]]) -> tuple[Token, str] | None:
        """The first item in [start, end) that no span of `blocked` holds (each blocking span is
        jumped over at most once)."""
        k = bisect_left(self.offsets, start)
        while k < len(self.items) and self.offsets[k] < end:
            offset = self.offsets[k]
            block = next(((s, e) for s, e in blocked if s <= offset < e), None)
            if block is None:
                return self.items[k]
            k = bisect_left(self.offsets, block[1], k + 1)
        return None


def _told_outlet(doc: Doc, quote: Quote, mentions: MentionIndex) -> Entity | None:
    """'Rutte told the BBC', 'speaking to Reuters': the cue's recipient is an outlet."""
    if quote.cue is None:
        return None
    span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root
    if verb.lemma_.lower() not in _INTERVIEW_VERBS:
        return None
    for child in verb.children:
        targets = [child] if child.dep_ in ("dobj", "dative") else [
            c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
        for target in targets:
            entity = mentions.first_entity_at(target.idx, target.idx + len(target.text))
            if entity is not None and entity.type == "outlet":
                return entity
    return None


class _Dates:
    """The record's dates in text order, all and those outside quotation marks, by offset."""

    def __init__(self, dates: list[DateMention], marks: QuoteMarks) -> None:
        self.all = _DatesByStart(dates)
        self.unquoted = _DatesByStart([d for d in dates if not marks.encloses(d.start)])


class _DatesByStart:
    def __init__(self, dates: list[DateMention]) -> None:
        self.dates = dates
        self.starts = [d.start for d in dates]

    def first_in(self, start: int, end: int, blocked: Sequence[tuple[int, int]] = ()) -> DateMention | None:
        """The first date inside [start, end) that starts outside every span of `blocked`."""
        k = bisect_left(self.starts, start)
        while k < len(self.dates) and self.starts[k] < end:
            mention = self.dates[k]
            block = next(((s, e) for s, e in blocked if s <= mention.start < e), None)
            if block is not None:
                k = bisect_left(self.starts, block[1], k + 1)
            elif mention.end <= end:
                return mention
            else:
                k += 1
        return None


class _Article:
    """What every quotation's search reads, indexed once per article."""

    def __init__(self, doc: Doc, record: ArticleRecord) -> None:
        self.doc, self.record = doc, record

    # Built when a quotation first needs them: an article without quotations never does.
    @cached_property
    def mentions(self) -> MentionIndex:
        return MentionIndex(self.record)

    @cached_property
    def occasions(self) -> _Occasions:
        return _Occasions(self.doc)

    @cached_property
    def dates(self) -> _Dates:
        return _Dates(self.record.dates, quote_marks(self.doc))


def _locate(article: _Article, quote: Quote) -> None:
    doc, record = article.doc, article.record
    if quote.cue is None:
        return
    sentence = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if sentence is None:
        return
    sent = sentence_of(sentence.root)
    bounds = (sent.start_char, sent.end_char)
    content = [(c.start, c.end) for c in quote.content]
    source = (quote.source.start, quote.source.end) if quote.source else None
    found = article.occasions.first(bounds, source, content, unquoted=False)
    if found is None and quote.kind != "direct":
        found = article.occasions.first(bounds, source, [], unquoted=True)
    venue_span: tuple[int, int] | None = None
    if found is not None:
        token, medium = found
        entity = _venue_entity(token, article.mentions)
        venue_span = _phrase(token)
        quote.medium = medium
        quote.venue = entity.id if entity is not None else record.text[venue_span[0] : venue_span[1]]
        quote.venue_span = TextSpan.of(record.text, *venue_span)
    told = _told_outlet(doc, quote, article.mentions)
    if told is not None and (quote.venue is None or quote.medium != "interview"):
        quote.medium, quote.venue = "interview", told.id
    date = None
    if venue_span is not None:
        date = article.dates.all.first_in(*venue_span)
    if date is None and found is not None:
        date = _date_of_occasion(found[0], article.dates)
    if date is None:
        date = article.dates.all.first_in(*bounds, blocked=content)
    if date is not None and date.value is not None:
        quote.date = date.value


def _date_of_occasion(occasion: Token, dates: _Dates) -> DateMention | None:
    """The date that modifies the verb the occasion hangs from ("reiterated ... in a phone call with
    Trump on Wednesday": the call was on Wednesday), outside quotation marks."""
    if occasion.dep_ != "pobj":
        return None
    verb = occasion.head.head
    for child in verb.children:
        if child.dep_ in _TIME_DEPS and child.i != occasion.head.i:
            start, end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
            date = dates.unquoted.first_in(start, end)
            if date is not None:
                return date
    return None


def _share_occasion(quote: Quote, earlier: Quote) -> None:
    quote.medium, quote.venue, quote.venue_span, quote.date = (
        earlier.medium, earlier.venue, earlier.venue_span, earlier.date)


def _continues(doc: Doc, quote: Quote) -> bool:
    """Whether the cue continues the speaker's previous statement ("He added: ...")."""
    if quote.cue is None:
        return False
    span = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    return span is not None and span.root.lemma_.lower() in _continuing_cues()


def _is_definite(venue: TextSpan | None) -> bool:
    return venue is not None and venue.text.split(" ", 1)[0].lower() in _DEFINITE


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Set `medium`, `venue` (entity id or phrase), `venue_span` and `date` on each quotation."""
    by_id = {q.id: q for q in record.quotes}
    article = _Article(doc, record)
    for quotes in (record.quotes, record.attributions):
        last_dated: dict[str | None, str] = {}  # medium -> the date of the last quotation dated with it
        for position, quote in enumerate(quotes):
            parent = by_id.get(quote.inherited_from) if quote.inherited_from else None
            if parent is not None:
                _share_occasion(quote, parent)
            else:
                _locate(article, quote)
                previous = quotes[position - 1] if position else None  # the quotation before, in text order
                if (quote.medium is None and previous is not None and quote.speaker is not None
                        and previous.speaker == quote.speaker and _continues(doc, quote)):
                    _share_occasion(quote, previous)
                elif quote.date is None and _is_definite(quote.venue_span):
                    quote.date = last_dated.get(quote.medium)
            if quote.date is not None:
                last_dated[quote.medium] = quote.date
