"""One event told in two wordings: "X met Y on Monday ... The talks focused on trade" — a definite noun of an
event's type ("the talks", "the meeting", "the attack") names the last event of that type the article told,
though in another word, when nothing between tells another of that type, the two are at most a paragraph apart,
and their modes are the same ("met" then "the phone call" are two events). Kept to the types whose events are told once
and then referred to (a meeting, an attack, a pact, a protest), not to words said or asked, which recur as acts
of their own ("accused ... the accusations" may be new ones)."""

from __future__ import annotations

from spacy.tokens import Token

from ..record import Event
from .event_triggers import Trigger

_ACROSS_WORDINGS = frozenset({"CONSULT", "ASSAULT", "AGREE", "PROTEST"})
# Paragraph breaks allowed between the two: the event's paragraph or the next one.
_MAX_BREAKS = 1


def told_otherwise(noun: Token, entry: Trigger, event: Event, earlier: Token) -> bool:
    """Whether the definite `noun` (of type `entry`) names `event`, the last of its type, told by `earlier`."""
    if entry.type not in _ACROSS_WORDINGS or event.type != entry.type or earlier.i >= noun.i:
        return False
    if entry.mode != event.mode:
        return False  # "visited Warsaw ... the phone call", "met ... the summit": told as different events
    return noun.doc.text[earlier.idx:noun.idx].count("\n\n") <= _MAX_BREAKS
