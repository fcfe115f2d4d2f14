"""A request repeated by others is aimed where the first was: "Reed wrote to the embassy asking it to waive her
immunity. Both he and the mayor urged the immunity be waived." A request that names no one asked, whose asked
act (the verb and the thing it is done to: "waive ... immunity") is the one a request told just before asks, in
its paragraph or the one before, is addressed to that request's addressee."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..nlp import doc_text
from ..record import Event

_PARAGRAPH_BREAKS = re.compile(r"\n+")
_ASKED = frozenset({"xcomp", "ccomp"})
_THING = frozenset({"dobj", "nsubjpass"})


def aim_repeated_requests(events: list[Event], triggers: dict[int, Token]) -> None:
    """Give each request with no addressee the addressee of the request before it that asks the same act."""
    told: list[tuple[Event, tuple[str, str]]] = []
    for event in events:
        if event.type != "REQUEST":
            continue
        trigger = triggers[id(event)]
        asked = _asked_act(trigger)
        if asked is None:
            continue
        aimed = event.with_role("recipient") or event.described("recipient")
        if not aimed:
            earlier = next((e for e, act in reversed(told) if act == asked and _near(triggers[id(e)], trigger)), None)
            if earlier is not None:
                event.participants.extend(p for p in earlier.participants if p.role == "recipient")
                event.groups.extend(g for g in earlier.groups if g.role == "recipient")
                aimed = True
        if aimed:
            told.append((event, asked))


def _asked_act(trigger: Token) -> tuple[str, str] | None:
    """ "asking it to waive her immunity", "urged the immunity be waived": ("waive", "immunity")."""
    for verb in (c for c in trigger.children if c.dep_ in _ASKED and c.pos_ == "VERB"):
        thing = next((c for c in verb.children if c.dep_ in _THING and c.pos_ == "NOUN"), None)
        if thing is None and any(c.dep_ == "auxpass" for c in verb.children):
            # "urged the immunity be waived": the parser makes the passive's subject the object of "urged"
            thing = next((c for c in trigger.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        if thing is not None:
            return verb.lemma_.lower(), thing.lemma_.lower()
    return None


def _near(earlier: Token, later: Token) -> bool:
    text = doc_text(later.doc)
    return len(_PARAGRAPH_BREAKS.findall(text, earlier.idx, later.idx)) <= 1
