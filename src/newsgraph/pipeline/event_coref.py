"""Event coreference within an article: the same event named again is one event, with the best of what
each mention says (date, place, participants) and its further mentions' evidence in `mentions`.

Three rules, each a general one of news writing, the first mention keeping the event:
- an event noun that is the object of a verb of the same type is what that verb does ("Turkey and Libya
  signed a border agreement", "the agreement was signed by the ministers"), and so is a relative clause of
  the same type said of it ("the airstrike that killed Soleimani");
- a verb repeated in one sentence by the same actor is one act ("I am asking all Americans, I'm asking
  every Democrat"), and so is an event noun that names no one and repeats the word of an event in its sentence
  ("Farmers protested; the protests have grown into anti-government protests"), unless set apart ("another"),
  while one set apart after a comma at the end of the sentence sums up its sentence's event ("a car bombing
  killed five, another attack ascribed to the group");
- a later event of the same type, status and word between the same named participants, on no other date,
  is the first one told again ("Navalny was poisoned" ... "proof he had been poisoned"); not for acts of
  speech, which are repeated about other things ("Trump claimed ... he also claimed"), nor for a mention dated
  in a year before publication after an undated one, which is the news of the day.
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
# Words that set a noun apart from the event of its word told before.
_ANOTHER = frozenset({"another", "other", "second", "third", "new", "further", "more", "separate", "two", "both"})


def merge_mentions(events: list[Event], triggers: dict[int, Token], headline_end: int = 0,
                   published: str | None = None) -> list[Event]:
    """`events` (in text order) with each further mention folded into the event it repeats. The events met so
    far are indexed by what each rule compares, so a page of thousands of events is not compared pairwise.
    Text before `headline_end` is the headline: a summary, whose event told again in the body is evidenced there.
    An undated event is the news of the day `published` (YYYY-MM-DD), not one dated in an earlier year."""
    seen = _Seen(published[:4] if published else None)
    kept: list[Event] = []
    for event in events:
        trigger = triggers[id(event)]
        earlier = seen.repeated(event, trigger)
        if earlier is None:
            kept.append(event)
            seen.add(event, trigger)
        else:
            _fold(earlier, event, headline_end)
    return kept


class _Seen:
    """The events kept so far, by the keys of the three rules."""

    def __init__(self, year: str | None) -> None:
        self.year = year  # of publication
        self.by_trigger: dict[int, Event] = {}  # trigger position -> event
        self.by_head: dict[int, list[Event]] = {}  # the position of the trigger an event's trigger is the object of
        self.by_sentence: dict[tuple[int, str, str], list[Event]] = {}
        self.by_type: dict[tuple[int, str], list[Event]] = {}
        self.by_parties: dict[tuple[str, str, str, frozenset[str]], list[Event]] = {}
        self.position: dict[int, int] = {}  # event -> its trigger's position

    def add(self, event: Event, trigger: Token) -> None:
        self.by_trigger[trigger.i] = event
        self.position[id(event)] = trigger.i
        if trigger.dep_ in _ARGUMENT_OF:
            self.by_head.setdefault(trigger.head.i, []).append(event)
        self.by_sentence.setdefault((trigger.sent.start, trigger.lemma_, event.type), []).append(event)
        self.by_type.setdefault((trigger.sent.start, event.type), []).append(event)
        if event.type not in SPEECH_ACTS and event.participants:
            self.by_parties.setdefault(_parties(event, trigger), []).append(event)

    def repeated(self, event: Event, trigger: Token) -> Event | None:
        """The nearest earlier event that `event` names again, or None."""
        candidates: list[Event] = []
        if trigger.dep_ in _ARGUMENT_OF and trigger.head.i in self.by_trigger:
            candidates.append(self.by_trigger[trigger.head.i])  # "signed an agreement"
        candidates += self.by_head.get(trigger.i, [])  # "the agreement was signed"
        if _said_of(trigger) and trigger.head.i in self.by_trigger:
            candidates.append(self.by_trigger[trigger.head.i])  # "the airstrike that killed Soleimani"
        # "another attack": only what a verb does with it ("launched another attack"), not the attack told before,
        # whoever did both
        apart = trigger.pos_ == "NOUN" and any(_sets_apart(c) for c in trigger.children)
        actors = event.with_role("actor")
        told = self.by_sentence.get((trigger.sent.start, trigger.lemma_, event.type), []) if not apart else []
        if actors:
            candidates += [e for e in told if e.with_role("actor") == actors]  # "I am asking ..., I'm asking ..."
        elif _named_again(event, trigger):
            candidates += told  # "Farmers protested; the protests have grown into anti-government protests"
        if apart and _summing_up(trigger):
            candidates += self.by_type.get((trigger.sent.start, event.type), [])  # ", another attack ascribed to"
        if event.type not in SPEECH_ACTS and event.participants and not apart:
            candidates += self.by_parties.get(_parties(event, trigger), [])  # "was poisoned" ... "had been poisoned"
        compatible = [e for e in candidates if _compatible(e, event, self.year)]
        return max(compatible, key=lambda e: self.position[id(e)], default=None)


def _summing_up(noun: Token) -> bool:
    """ "a car bombing killed five, another attack ascribed to the group": a noun set apart after a comma that
    ends its sentence sums up the event its sentence told, as one more of its kind."""
    doc, end = noun.doc, max(t.i for t in noun.subtree)
    after = doc[end + 1] if end + 1 < len(doc) else None
    before = doc[noun.left_edge.i - 1] if noun.left_edge.i > 0 else None
    return before is not None and before.text == "," and (
        after is None or after.is_sent_end or after.text in (".", "!") or after.i >= noun.sent.end)


def _named_again(event: Event, trigger: Token) -> bool:
    """An event noun naming no one, not set apart as another ("another attack", "a second protest"): its word
    told again in its sentence names the act told there."""
    return trigger.pos_ == "NOUN" and not event.participants and not any(
        _sets_apart(c) or c.dep_ == "nummod" or c.tag_ == "CD" for c in trigger.children)


def _sets_apart(word: Token) -> bool:
    """ "another protest", "more protests"; not "more general protests", where "more" grades the adjective."""
    if word.lower_ == "more":
        return word.i + 1 >= len(word.doc) or word.doc[word.i + 1].tag_ not in ("JJ", "RB")
    return word.lower_ in _ANOTHER


def _said_of(verb: Token) -> bool:
    """A relative clause whose subject is the event noun it hangs on: "the airstrike that killed Soleimani" is
    what the airstrike did, one act."""
    return verb.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in verb.children)


def _parties(event: Event, trigger: Token) -> tuple[str, str, str, frozenset[str]]:
    return event.type, trigger.lemma_, event.status, frozenset(event.entity_ids())


def _compatible(earlier: Event, later: Event, year: str | None) -> bool:
    """Of one type and status, and on no two different dates: an undated event is of the year of publication
    ("Assailants attacked him ... In 2019 he survived a drone attack" are two attacks)."""
    if earlier.date is None and later.date is not None and year is not None and later.date[:4] < year:
        return False
    return earlier.type == later.type and earlier.status == later.status and (
        earlier.date is None or later.date is None or earlier.date == later.date)


def _says(event: Event) -> int:
    return len(event.entity_ids()) + len(event.groups) + (event.date is not None) + (event.place is not None)


def _fold(event: Event, mention: Event, headline_end: int = 0) -> None:
    """What a further mention adds to the event: its participants, place and date when the event has none;
    its trigger becomes the event's when it says more, or as much as a headline's."""
    summary = event.trigger.start < headline_end <= mention.trigger.start
    if _says(mention) > _says(event) or (summary and _says(mention) == _says(event)):
        event.mentions.append(event.trigger)
        event.trigger, event.sentence = mention.trigger, mention.sentence
        # the mention that says most says who did what to whom: "a federal jury convicted Avenatti" over the
        # headline's "Avenatti convicted", which the parser may read with Avenatti as the doer
        first, second = mention, event
    else:
        event.mentions.append(mention.trigger)
        first, second = event, mention
    event.mentions.extend(mention.mentions)
    event.mentions.sort(key=lambda span: span.start)
    participants, known = list(first.participants), {p.entity for p in first.participants}
    for participant in second.participants:
        if participant.entity not in known:
            participants.append(participant)
            known.add(participant.entity)
    groups, described = list(first.groups), {(g.description, g.role) for g in first.groups}
    groups.extend(g for g in second.groups if (g.description, g.role) not in described)
    event.participants, event.groups = participants, groups
    if event.place is None:
        event.place = mention.place
    if event.date is None and mention.date is not None:
        event.date, event.date_precision = mention.date, mention.date_precision
