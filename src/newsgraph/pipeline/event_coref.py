"""Event coreference within an article: the same event named again is one event, with the best of what
each mention says (date, place, participants) and its further mentions' evidence in `mentions`.

Three rules, each a general one of news writing, the first mention keeping the event:
- an event noun that is the object of a verb of the same type is what that verb does ("Turkey and Libya
  signed a border agreement", "the agreement was signed by the ministers");
- a verb repeated in one sentence by the same actor is one act ("I am asking all Americans, I'm asking
  every Democrat");
- a later event of the same type, status and word between the same named participants, on no other date,
  is the first one told again ("Navalny was poisoned" ... "proof he had been poisoned"); not for acts of
  speech, which are repeated about other things ("Trump claimed ... he also claimed").
The mention that says the most (named participants, date, place) is the event's trigger, the others its
`mentions`: a headline's "Germany bans Mahan Air" is told again, with its date, in the body.
Definite nouns that refer back by their word ("the meeting") are folded as they are read
(pipeline/events.py); these rules run once all events are read.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..record import Event
from .event_filters import SPEECH_ACTS

# How the trigger of one event may hang on the trigger of another and name the same act.
_ARGUMENT_OF = frozenset({"dobj", "nsubjpass"})


def merge_mentions(events: list[Event], triggers: dict[int, Token]) -> list[Event]:
    """`events` (in text order) with each further mention folded into the event it repeats."""
    kept: list[Event] = []
    for event in events:
        earlier = next((e for e in reversed(kept) if _same(e, event, triggers)), None)
        if earlier is None:
            kept.append(event)
        else:
            _fold(earlier, event)
    return kept


def _same(earlier: Event, later: Event, triggers: dict[int, Token]) -> bool:
    if earlier.type != later.type or earlier.status != later.status:
        return False
    if earlier.date is not None and later.date is not None and earlier.date != later.date:
        return False
    first, second = triggers[id(earlier)], triggers[id(later)]
    if (second.head.i == first.i and second.dep_ in _ARGUMENT_OF) or (
            first.head.i == second.i and first.dep_ in _ARGUMENT_OF):
        return True
    if first.lemma_ != second.lemma_:
        return False
    if first.sent == second.sent:
        actors = earlier.with_role("actor")
        return bool(actors) and actors == later.with_role("actor")
    named = set(earlier.entity_ids())
    return earlier.type not in SPEECH_ACTS and bool(named) and named == set(later.entity_ids())


def _says(event: Event) -> int:
    return len(event.entity_ids()) + (event.date is not None) + (event.place is not None)


def _fold(event: Event, mention: Event) -> None:
    """What a further mention adds to the event: its participants, place and date when the event has none;
    its trigger becomes the event's when it says more."""
    if _says(mention) > _says(event):
        event.mentions.append(event.trigger)
        event.trigger, event.sentence = mention.trigger, mention.sentence
    else:
        event.mentions.append(mention.trigger)
    event.mentions.extend(mention.mentions)
    event.mentions.sort(key=lambda span: span.start)
    known = {p.entity for p in event.participants}
    for participant in mention.participants:
        if participant.entity not in known:
            event.participants.append(participant)
            known.add(participant.entity)
    if event.place is None:
        event.place = mention.place
    if event.date is None and mention.date is not None:
        event.date, event.date_precision = mention.date, mention.date_precision
