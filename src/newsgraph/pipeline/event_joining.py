"""Joining an act is doing it too: "Boris Johnson joined the calls by UK officials" is Johnson's own request,
aimed where the calls were, and "she joined the boycott" her own boycott; while attending a meeting or joining
talks is taking part in them (pipeline/events.py `_attend`). The joiner's act is a new event of the joined
event's type, mode, targets, place, date and status, its trigger the verb of joining."""

from __future__ import annotations

from spacy.tokens import Token

from ..nlp import sentence_of
from ..record import Event, EventGroup, EventParticipant
from ..record import Span as TextSpan
from .event_args import entities_of, span_of
from .event_index import EntityIndex

# Events whose sides are equals: joining one is taking part, not a second event.
_SHARED = frozenset({"CONSULT", "INTERVIEW", "AGREE"})
_JOINING = frozenset({"join"})


def joined_act(token: Token, joined: Event, index: EntityIndex, text: str) -> Event | None:
    """The joiner's own act when `token` joins a directed event, else None."""
    if joined.type in _SHARED or token.lemma_.lower() not in _JOINING:
        return None
    joiners = [found for c in token.children if c.dep_ == "nsubj" for found in entities_of(c, index)]
    if not joiners:
        return None
    sentence = sentence_of(token)
    participants = [EventParticipant(entity, "actor", span_of(t, text)) for entity, t in joiners]
    participants += [p for p in joined.participants if p.role == "recipient"]
    return Event(
        id="", type=joined.type, mode=joined.mode, trigger=span_of(token, text),
        sentence=TextSpan.of(text, sentence.start_char, sentence.end_char), participants=participants,
        place=joined.place, date=joined.date, date_precision=joined.date_precision, status=joined.status,
        confidence=joined.confidence,
        groups=[EventGroup(g.description, g.role, g.span) for g in joined.groups if g.role == "recipient"],
    )
