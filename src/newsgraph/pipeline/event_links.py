"""Each quotation linked to the event at which it was said, when the text says so.

The venues stage has already found the occasion of a quotation ("In an interview with Le
Parisien on Tuesday", "a statement released by Number 10"); the event whose trigger is in that
phrase is the quotation's event, and the speaker its actor if the parse gave it none. A source
that names an event its speaker takes part in links too: "the statement added", "Lammy, who is
attending the Nato meeting, said". A follow-on quotation shares its parent's event, and so does
the next quotation of the same speaker in the same or next paragraph when it names no occasion
or date of its own ("He added: ...", "When asked ..., Lammy said").
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..record import ArticleRecord, Event, EventParticipant, Precision, Quote
from ..record import Span as TextSpan

_PRECISION_BY_LENGTH: dict[int, Precision] = {10: "day", 7: "month", 4: "year"}
_DOCUMENT_TYPES = frozenset({"STATEMENT"})


def _mentions(events: list[Event]) -> list[tuple[TextSpan, Event]]:
    return [(span, event) for event in events for span in (event.trigger, *event.mentions)]


def _event_in(span: TextSpan | None, mentions: list[tuple[TextSpan, Event]]) -> Event | None:
    if span is None:
        return None
    return next((event for mention, event in mentions if span.overlaps(mention)), None)


def _take_occasion(event: Event, quote: Quote) -> None:
    """The quotation tells who was interviewed and when, if the parse did not."""
    if quote.speaker is not None and not event.with_role("actor") and quote.source is not None:
        event.participants.insert(0, EventParticipant(quote.speaker, "actor", quote.source))
    if event.date is None and quote.date is not None:
        event.date = quote.date
        event.date_precision = _PRECISION_BY_LENGTH.get(len(quote.date), "unknown")


def _speaker_takes_part(event: Event, quote: Quote) -> bool:
    return quote.speaker is not None and (quote.speaker in event.entity_ids() or event.type in _DOCUMENT_TYPES)


def _continues(previous: Quote, quote: Quote, text: str) -> bool:
    """The same speaker again, in the same or the next paragraph, naming no occasion of its own."""
    return (
        previous.event is not None and quote.speaker is not None and quote.speaker == previous.speaker
        and quote.venue is None and quote.date is None and previous.end <= quote.start
        and text[previous.end:quote.start].count("\n") <= 1
    )


def link(doc: Doc, record: ArticleRecord, events: list[Event]) -> None:
    """Set `event` on every quotation (and attribution) said at one of `events`."""
    mentions = _mentions(events)
    by_id = {q.id: q for q in record.quotes}
    previous: Quote | None = None
    for quote in sorted(record.quotes, key=lambda q: q.start) + record.attributions:
        parent = by_id.get(quote.inherited_from) if quote.inherited_from else None
        occasion = _event_in(quote.venue_span, mentions)
        named = _event_in(quote.source, mentions)
        if parent is not None and parent.event is not None:
            quote.event = parent.event
        elif occasion is not None:
            _take_occasion(occasion, quote)
            quote.event = occasion.id
        elif named is not None and _speaker_takes_part(named, quote):
            quote.event = named.id
        elif previous is not None and quote.id.startswith("Q") and _continues(previous, quote, record.text):
            quote.event = previous.event
        if quote.id.startswith("Q"):
            previous = quote
