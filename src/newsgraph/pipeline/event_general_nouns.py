"""What a definite word for an event of no kind of its own refers back to: "the operation", "the incident" name
the last event of a kind the word can name (data/event_general_nouns.tsv) told before it, in its paragraph or the
one before ("Turkey began a military offensive ... The operation was condemned": the offensive). Such words are no
triggers: with nothing of their kind just told they name no event ("the company's operations")."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ..lexicons import table
from ..record import Event

_DEFINITE = frozenset({"the", "this", "that"})
# Paragraph breaks allowed between the event and the word: its own paragraph or the one just before.
_MAX_BREAKS = 1


@cache
def _kinds() -> dict[str, frozenset[str]]:
    return {row[0]: frozenset(row[1].split()) for row in table("event_general_nouns.tsv")}


def general_event(noun: Token, events: list[Event], triggers: dict[int, Token]) -> Event | None:
    """The event a definite general word (`noun`) names, or None."""
    kinds = _kinds().get(noun.lemma_.lower())
    if kinds is None or noun.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ in _DEFINITE
                                                     for c in noun.children):
        return None
    told = [(triggers[id(e)].i, e) for e in events if e.type in kinds and triggers[id(e)].i < noun.i]
    if not told:
        return None
    at, event = max(told, key=lambda pair: pair[0])
    between = noun.doc.text[noun.doc[at].idx:noun.idx]
    return event if between.count("\n\n") <= _MAX_BREAKS else None
