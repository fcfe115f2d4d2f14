"""What a definite word for an event of no kind of its own refers back to: "the operation", "the incident" name
the last event of a kind the word can name (data/event_general_nouns.tsv) told before it, in its paragraph or the
one before ("Turkey began a military offensive ... The operation was condemned": the offensive). Such words are no
triggers: with nothing of their kind just told they name no event ("the company's operations"). So does the noun
of the verb an event's trigger hangs on: "the parliament voted to expel the ambassador ... The vote was condemned"
(the expulsion, the parliament's act)."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ..lexicons import table
from ..record import Event
from .event_anaphors import near_enough

_DEFINITE = frozenset({"the", "this", "that"})
# Steps from an event's trigger up to the verb it hangs on ("voted on a resolution to expel": three).
_MAX_CLIMB = 4


@cache
def _kinds() -> dict[str, frozenset[str]]:
    return {row[0]: frozenset(row[1].split()) for row in table("event_general_nouns.tsv")}


def general_event(noun: Token, events: list[Event], triggers: dict[int, Token]) -> Event | None:
    """The event a definite general word (`noun`) names, or None."""
    if noun.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children):
        return None
    lemma = noun.lemma_.lower()
    kinds = _kinds().get(lemma)
    acts = {t.i for t in triggers.values()}
    told = [(triggers[id(e)].i, e) for e in events if triggers[id(e)].i < noun.i and (
        e.type in kinds if kinds is not None else _told_by_verb(lemma, triggers[id(e)], acts))]
    if not told:
        return None
    at, event = max(told, key=lambda pair: pair[0])
    return event if near_enough(noun.doc[at], noun) else None


def _told_by_verb(lemma: str, trigger: Token, acts: set[int]) -> bool:
    """ "voted to expel ... The vote": the noun of the verb an event's trigger hangs on names that event; not
    when that verb tells an event of its own ("called on them to attack ... the call" is the call), nor when it
    tells someone else to do it ("ordered the army to attack ... the order")."""
    current = trigger
    for _ in range(_MAX_CLIMB):
        if current.head.i == current.i:
            return False
        current = current.head
        if current.pos_ == "VERB":
            # "ordered the army to attack ... the order": the attack is the army's, not the order's author's
            told_to = any(c.dep_ == "dobj" for c in current.children)
            return current.lemma_.lower() == lemma and current.i not in acts and not told_to
    return False
