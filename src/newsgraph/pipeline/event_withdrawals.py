"""Whom a withdrawal from a treaty is aimed at: the other parties of the treaty ("withdrew the country from a
nuclear treaty with Iran": Iran), as PLOVER codes leaving a pact; a treaty with no party named ("from the climate
accord") leaves the target unsaid. What is withdrawn is the withdrawer's own side ("withdrew the US from"), not a
target: it stays a participant."""

from __future__ import annotations

from spacy.tokens import Token

from .event_args import Arguments, entities_of
from .event_index import EntityIndex
from .event_subjects import objects_of

_LEFT = frozenset({"from", "of"})
_PARTIES = frozenset({"with", "between"})


def aim_withdrawal(trigger: Token, mode: str | None, index: EntityIndex, args: Arguments) -> None:
    """The treaty's other parties as the target of a verb of withdrawing from it."""
    if mode != "withdraw" or trigger.pos_ != "VERB":
        return
    left = [o for c in trigger.children if c.dep_ == "prep" and c.lower_ in _LEFT for o in objects_of(c)]
    parties = [found for thing in left for c in thing.children if c.dep_ == "prep" and c.lower_ in _PARTIES
               for o in objects_of(c) for found in entities_of(o, index)]
    if left:
        own = {t.i for c in trigger.children if c.dep_ == "dobj" for t in c.subtree}
        args.roles = [(e, "participant" if r == "recipient" and t.i in own else r, t) for e, r, t in args.roles]
    args.add(parties, "recipient")
