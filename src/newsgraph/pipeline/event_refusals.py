"""A refusal of what a request just told asks for: "the committee issued subpoenas for records ... Doe and Roe
refused to hand over the records". A refusal whose definite thing ("the records": the object of the verb it
refuses to do, or of the refusal itself) is the thing the last request before it asks for ("subpoenas for
records", "demanded the records", "asked them to release records"), in its paragraph or the one before, answers
that request: the request is aimed at the refusers and the refusal at the requester, each only when it names no
one of its own. The compliance with "the request" itself is read in pipeline/event_answers.py."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..nlp import doc_text
from ..record import Event, EventGroup, EventParticipant
from .event_args import is_definite
from .event_subjects import objects_of

_PARAGRAPH_BREAKS = re.compile(r"\n+")
_ASKED_ACT = frozenset({"xcomp", "ccomp"})


def answer_refused_requests(events: list[Event], triggers: dict[int, Token]) -> None:
    """Aim each request and the refusal of its thing at each other."""
    requests: list[Event] = []
    for event in events:
        trigger = triggers[id(event)]
        if event.type == "REQUEST":
            requests.append(event)
            continue
        if event.type != "REJECT" or trigger.pos_ != "VERB":
            continue
        refused = _refused_thing(trigger)
        request = _asking_for(refused, requests, triggers) if refused is not None else None
        if request is None:
            continue
        if not request.with_role("recipient") and not request.described("recipient"):
            request.participants.extend(EventParticipant(p.entity, "recipient", p.span) for p in event.participants
                                        if p.role == "actor")
            request.groups.extend(EventGroup(g.description, "recipient", g.span) for g in event.groups
                                  if g.role == "actor")
        if not event.with_role("recipient") and not event.described("recipient"):
            event.participants.extend(EventParticipant(p.entity, "recipient", p.span) for p in request.participants
                                      if p.role == "actor")
            event.groups.extend(EventGroup(g.description, "recipient", g.span) for g in request.groups
                                if g.role == "actor")


def _refused_thing(verb: Token) -> Token | None:
    """ "refused to hand over the records", "refused the records": the definite thing refused."""
    heads = [verb, *(c for c in verb.children if c.dep_ in _ASKED_ACT and c.pos_ == "VERB")]
    return next((c for h in heads for c in h.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and is_definite(c)),
                None)


def _asked_things(trigger: Token) -> set[str]:
    """What a request asks for: "subpoenas for records", "called for records", "demanded records", "asked them
    to release records"."""
    heads = [trigger, *(c for c in trigger.children if c.dep_ in _ASKED_ACT and c.pos_ == "VERB")]
    things = [o for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "for" for o in objects_of(c)]
    things += [c for h in heads for c in h.children if c.dep_ == "dobj" and c.pos_ == "NOUN"]
    return {t.lemma_.lower() for t in things}


def _asking_for(thing: Token, requests: list[Event], triggers: dict[int, Token]) -> Event | None:
    """The last request before the refusal, if near and asking for `thing`."""
    if not requests:
        return None
    last = requests[-1]
    asked = triggers[id(last)]
    if len(_PARAGRAPH_BREAKS.findall(doc_text(thing.doc), asked.idx, thing.idx)) > 1:
        return None
    return last if thing.lemma_.lower() in _asked_things(asked) and last.with_role("actor") else None
