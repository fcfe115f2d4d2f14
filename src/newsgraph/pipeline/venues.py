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

from functools import cache

from spacy.tokens import Doc, Token

from .. import lexicons
from ..record import ArticleRecord, DateMention, Entity, Quote
from ..record import Span as TextSpan
from ..settings import Settings
from .quotemarks import quote_marks

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


def _entity_at(record: ArticleRecord, start: int, end: int) -> Entity | None:
    for entity in record.entities:
        for mention in entity.mentions:
            if mention.span.start < end and start < mention.span.end:
                return entity
    return None


def _phrase(token: Token) -> tuple[int, int]:
    """The medium noun's phrase: "a statement released by Number 10 on Wednesday"."""
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def _venue_entity(token: Token, record: ArticleRecord) -> Entity | None:
    """The outlet or organisation a medium noun names ("interview with Le Parisien")."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _VENUE_PREPOSITIONS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    entity = _entity_at(record, obj.idx, obj.idx + len(obj.text))
                    if entity is not None and entity.type in _OUTLET_TYPES:
                        return entity
        if child.dep_ in ("compound", "poss", "nmod"):
            entity = _entity_at(record, child.idx, child.idx + len(child.text))
            if entity is not None and entity.type == "outlet":
                return entity
    return None


def _allowed(token: Token, blocked: list[tuple[int, int]]) -> bool:
    return not any(s <= token.idx < e for s, e in blocked)


def _is_occasion(token: Token, source: tuple[int, int] | None) -> bool:
    """The medium noun names where the words were said: "in an interview", or is the source itself
    ("a statement released by Number 10 said"); "the aim of the meeting" is neither."""
    if token.dep_ == "pobj" and token.head.lower_ in _OCCASION_PREPOSITIONS:
        return True
    return source is not None and source[0] <= token.idx < source[1] and token.dep_ in ("nsubj", "nsubjpass", "ROOT")


def _find_medium(tokens: list[Token], record: ArticleRecord, blocked: list[tuple[int, int]],
                 source: tuple[int, int] | None) -> tuple[str, Token, Entity | None] | None:
    for token in tokens:
        if token.pos_ not in ("NOUN", "PROPN") or not _allowed(token, blocked):
            continue
        medium = _media().get(token.lemma_.lower())
        if medium is None or not _is_occasion(token, source):
            continue
        if medium == "phone call" and token.lemma_.lower() == "call" and not any(
            c.lower_ in ("phone", "telephone") for c in token.children
        ) and token.dep_ != "pobj":
            continue  # "a call for calm" is not a phone call
        return medium, token, _venue_entity(token, record)
    return None


def _told_outlet(doc: Doc, quote: Quote, record: ArticleRecord) -> Entity | None:
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
            entity = _entity_at(record, target.idx, target.idx + len(target.text))
            if entity is not None and entity.type == "outlet":
                return entity
    return None


def _date_in(dates: list[DateMention], start: int, end: int, blocked: list[tuple[int, int]]) -> DateMention | None:
    for mention in dates:
        if start <= mention.start and mention.end <= end and not any(s <= mention.start < e for s, e in blocked):
            return mention
    return None


def _locate(doc: Doc, quote: Quote, record: ArticleRecord) -> None:
    if quote.cue is None:
        return
    sentence = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
    if sentence is None:
        return
    sent = sentence.root.sent
    content = [(c.start, c.end) for c in quote.content]
    quoted = [(r.start, r.end) for r in quote_marks(doc).regions]
    outside = [t for t in sent if _allowed(t, content)]
    source = (quote.source.start, quote.source.end) if quote.source else None
    found = _find_medium(outside, record, content, source)
    if found is None and quote.kind != "direct":
        found = _find_medium([t for t in sent if _allowed(t, quoted)], record, quoted, source)
    venue_span: tuple[int, int] | None = None
    if found is not None:
        medium, token, entity = found
        venue_span = _phrase(token)
        quote.medium = medium
        quote.venue = entity.id if entity is not None else record.text[venue_span[0] : venue_span[1]]
        quote.venue_span = TextSpan.of(record.text, *venue_span)
    told = _told_outlet(doc, quote, record)
    if told is not None and (quote.venue is None or quote.medium != "interview"):
        quote.medium, quote.venue = "interview", told.id
    date = None
    if venue_span is not None:
        date = _date_in(record.dates, *venue_span, blocked=[])
    if date is None and found is not None:
        date = _date_of_occasion(found[1], record.dates, quoted)
    if date is None:
        date = _date_in(record.dates, sent.start_char, sent.end_char, blocked=content)
    if date is not None and date.value is not None:
        quote.date = date.value


def _date_of_occasion(occasion: Token, dates: list[DateMention], quoted: list[tuple[int, int]]) -> DateMention | None:
    """The date that modifies the verb the occasion hangs from ("reiterated ... in a phone call with
    Trump on Wednesday": the call was on Wednesday), outside quotation marks."""
    if occasion.dep_ != "pobj":
        return None
    verb = occasion.head.head
    for child in verb.children:
        if child.dep_ in _TIME_DEPS and child.i != occasion.head.i:
            start, end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text)
            date = _date_in(dates, start, end, blocked=quoted)
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
    for quotes in (record.quotes, record.attributions):
        for position, quote in enumerate(quotes):
            parent = by_id.get(quote.inherited_from) if quote.inherited_from else None
            if parent is not None:
                _share_occasion(quote, parent)
            else:
                _locate(doc, quote, record)
                previous = quotes[position - 1] if position else None  # the quotation before, in text order
                if (quote.medium is None and previous is not None and quote.speaker is not None
                        and previous.speaker == quote.speaker and _continues(doc, quote)):
                    _share_occasion(quote, previous)
                elif quote.date is None and _is_definite(quote.venue_span):
                    named = next((q for q in reversed(quotes[:position])
                                  if q.medium == quote.medium and q.date is not None), None)
                    quote.date = named.date if named is not None else None
