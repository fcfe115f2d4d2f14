"""Meetings told in sequence with one verb: "met with the IMF, then with President Trump" is two meetings (the
annotation guidelines, section 4), the second opened by a sequence adverb on its "with" phrase ("then", "later",
"afterwards"). Its participants are the verb's subject and the second phrase's names; it shares the clause's
status, place and date, and its trigger is the "with" that opens it."""

from __future__ import annotations

from spacy.tokens import Token

from .event_args import Arguments
from .event_index import EntityIndex

_THEN = frozenset({"then", "later", "afterwards", "afterward", "subsequently", "next"})


def split_sequence(verb: Token, frame: str, index: EntityIndex, args: Arguments) -> list[tuple[Token, Arguments]]:
    """The later meetings of a meeting verb, each (its "with", its arguments); `args` keeps the first."""
    if frame != "meet" or verb.pos_ != "VERB":
        return []
    withs = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    later = [w for w in withs[1:] if any(c.dep_ == "advmod" and c.lower_ in _THEN for c in w.children)]
    found = []
    for prep in later:
        inside = {t.i for t in prep.subtree}
        moved = [(e, r, t) for e, r, t in args.roles if t.i in inside]
        args.roles = [role for role in args.roles if role not in moved]
        args.groups = [g for g in args.groups if g[2].i not in inside]
        if not moved:
            continue
        second = Arguments(roles=[r for r in args.roles if r[1] == "actor"] + moved, place=args.place, date=args.date)
        found.append((prep, second))
    return found
