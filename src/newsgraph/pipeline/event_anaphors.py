"""Which earlier event a definite noun is a further mention of: "the meeting", "the Nato meeting", "Monday's
attack" refer back to the last event of their type told in the same word ("met ... the meeting"), unless set
apart by their adjectives ("a quadrilateral meeting" ... "the trilateral meeting"), aimed at others, of another
day or one of a series ("weeks of protests" ... "last week's protests").

One event is also told in two wordings: "X met Y on Monday ... The talks focused on trade" — a definite noun of
an event's type ("the talks", "the meeting", "the attack") names the last event of that type the article told,
though in another word, when nothing between tells another of that type, the two are at most a paragraph apart,
and their modes are the same ("met" then "the phone call" are two events), the earlier not a hypothetical
one ("talks would only be possible if ..."), and no event in the noun's own word is told before it (then that one
is meant: "the meeting" after "a meeting ... peace talks"). Kept to the types whose events are told once and
then referred to (a meeting, an attack, a pact, a protest), not to words said or asked, which recur as acts of
their own ("accused ... the accusations" may be new ones)."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ..lexicons import table, word_list
from ..nlp import doc_text
from ..record import Event
from .event_args import Arguments, is_definite
from .event_triggers import Trigger

_ACROSS_WORDINGS = frozenset({"CONSULT", "ASSAULT", "AGREE", "PROTEST"})
# Paragraph breaks allowed between a mention and what it refers back to: its paragraph or the one before.
_MAX_BREAKS = 1


@cache
def _day_words() -> frozenset[str]:
    """Words for a day or a span that, as a possessor, date an event noun ("Monday's attack", "last week's talks")."""
    weekdays = (row[0].lower() for row in table("dates_weekdays.tsv"))
    return frozenset({*weekdays, *word_list("event_day_words.txt"), *word_list("event_time_units.txt")})


def _same_word(a: str, b: str) -> bool:
    """ "meet" and "meeting", "talk" and "talks", "call" and "call": one word, noun or verb."""
    return a.startswith(b) or b.startswith(a)


def anaphor_of(trigger: Token, entry: Trigger, args: Arguments, events: list[Event], triggers: dict[int, Token]
               ) -> Event | None:
    """The earlier event a definite noun refers back to ("the meeting", "the call"); not one its adjectives
    set apart ("a quadrilateral meeting" ... "the trilateral meeting"), nor one aimed at others ("a shooting of
    protesters" ... "the shooting of Jacob Blake")."""
    if trigger.pos_ != "NOUN" or not (is_definite(trigger) or _dated(trigger)):
        return None
    lemma = trigger.lemma_.lower()
    told = [e for e in reversed(events) if e.type == entry.type]
    same = [e for e in told if _same_word(lemma, triggers[id(e)].lemma_.lower())]
    found = next((e for e in same if _may_be(trigger, args, e, triggers[id(e)])), None)
    if found is None and told and told[0] not in same:
        # "met ... the talks": one event told in two words, the last of its type, when no event in the noun's
        # own word is told before
        last, earlier = told[0], triggers[id(told[0])]
        if told_otherwise(trigger, entry, last, earlier) and _may_be(trigger, args, last, earlier):
            found = last
    return found


def _may_be(trigger: Token, args: Arguments, event: Event, earlier: Token) -> bool:
    """Whether nothing the noun says sets it apart from `event`, told by `earlier`."""
    qualities, theirs = _qualities(trigger), _qualities(earlier)
    if qualities and theirs and not qualities & theirs:
        return False
    targets = {entity for entity, role, _ in args.roles if role == "recipient"}
    aimed_at = {*event.with_role("recipient"), *event.described("recipient")}
    if targets and aimed_at and not targets & aimed_at:
        return False
    if _other_day(event.date, args.date.value if args.date else None):
        return False  # "the trilateral meeting ... on March 20 last year" is not this January's
    # "weeks of protests" ... "last week's protests": one protest of the series, its own event
    return not (_dated(trigger) and _series(earlier))


def _dated(noun: Token) -> bool:
    """ "Monday's attack", "Thursday's summit": a day as possessor makes the noun definite."""
    return any(c.dep_ == "poss" and c.lower_ in _day_words() for c in noun.children)  # not "May's agreement"


def _series(noun: Token) -> bool:
    """ "weeks of protests", "months of talks": events over a span of time, of which a dated one is a part."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in word_list(
        "event_time_units.txt")


def _other_day(one: str | None, other: str | None) -> bool:
    """Two dates that cannot be one event's: neither is inside the other ("2020-01" holds "2020-01-02")."""
    return bool(one and other and not one.startswith(other) and not other.startswith(one))


def _qualities(noun: Token) -> frozenset[str]:
    return frozenset(c.lemma_.lower() for c in noun.children if c.dep_ == "amod")


def told_otherwise(noun: Token, entry: Trigger, event: Event, earlier: Token) -> bool:
    """Whether the definite `noun` (of type `entry`) names `event`, the last of its type, told by `earlier`."""
    if entry.type not in _ACROSS_WORDINGS or event.type != entry.type or earlier.i >= noun.i:
        return False
    if event.status == "hypothetical":
        return False  # "talks would only be possible if ..." is no event to refer back to
    if entry.mode != event.mode:
        return False  # "visited Warsaw ... the phone call", "met ... the summit": told as different events
    return near_enough(earlier, noun)


def near_enough(earlier: Token, later: Token) -> bool:
    """Whether `later` can refer back to `earlier`: in its paragraph or the one before."""
    return doc_text(later.doc)[earlier.idx:later.idx].count("\n\n") <= _MAX_BREAKS
