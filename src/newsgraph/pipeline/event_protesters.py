"""Who protests when a protest's own phrase does not say: "weeks of protests against the extradition bill",
"anti-government protests continue in Baghdad". A protest is its protesters' act, and news names them once
and then speaks of "the protests": when the article describes the protesters ("protesters", "thousands of
Hong Kong protesters", "demonstrators": data/event_protester_nouns.txt), the nearest such description, in the
text before the protest or else after it, stands in as its actor. With none described, the actor stays
unknown; a protest with an actor of its own ("Serbians protested") keeps it, and one with no target, place or
date ("the demonstrations were peaceful") is left as it was: most such are the same protests named again.
People are not protested, they protest: "Lam was interrupted by protesting legislators", which the parser reads
as a gerund with the legislators as its object, is the legislators' protest, aimed at the one interrupted."""

from __future__ import annotations

from itertools import chain

from spacy.tokens import Token

from ..lexicons import word_list
from .event_args import Arguments
from .event_groups import described_group, is_doer
from .event_index import EntityIndex


def add_protesters(trigger: Token, kind: str, args: Arguments) -> None:
    """The described protesters as the actor of a protest that has none."""
    if kind != "PROTEST" or args.has("actor") or any(role == "actor" for _, role, _ in args.groups):
        return
    if not (args.roles or args.groups or args.place or args.date):
        return  # a protest told of with no target, place or date of its own is too vague to be one
    found = _nearest_protesters(trigger)
    if found is not None:
        args.groups.append((found[0], "actor", found[1]))


def protesting_people(trigger: Token, kind: str, index: EntityIndex, args: Arguments) -> None:
    """ "interrupted by protesting legislators": the people after a protest participle protest (the actor);
    under a passive's "by", what they did it to is the passive's subject (the target)."""
    if kind != "PROTEST" or trigger.tag_ != "VBG":
        return
    people = next((c for c in trigger.children if c.dep_ == "dobj" and c.i == trigger.i + 1 and is_doer(c)), None)
    if people is None:
        return
    args.roles = [(e, "actor" if t.i == people.i else r, t) for e, r, t in args.roles]
    args.groups = [(d, "actor" if t.i == people.i else r, t) for d, r, t in args.groups]
    if trigger.dep_ == "pcomp" and trigger.head.lower_ == "by" and not args.has("recipient"):
        for subject in (c for c in trigger.head.head.children if c.dep_ == "nsubjpass"):
            args.add_phrase(subject, index, "recipient")


def _nearest_protesters(trigger: Token) -> tuple[str, Token] | None:
    nouns = word_list("event_protester_nouns.txt")
    doc = trigger.doc
    for token in chain(reversed(doc[: trigger.i]), doc[trigger.i + 1:]):
        if token.lemma_.lower() in nouns and token.pos_ == "NOUN":
            found = described_group(token)
            if found is not None:
                return found
    return None
