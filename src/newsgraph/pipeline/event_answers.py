"""An answer to a request the article told before: "Reed wrote to the embassy asking it to waive her immunity.
... The embassy declined the request." A definite request that a verb answers (declined, rejected, granted,
complied with: its object, or its "with" or "to" phrase) is the request last told, in its paragraph or the one
before, whatever its wording ("asking", "urged", "the request"): the answer is aimed at whoever made it, and
"the request" is a further mention of that request, not a new one. A request named with its maker ("the
request of the prime minister") is read where it stands (pipeline/event_targets.py)."""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..nlp import doc_text
from ..record import Event, EventGroup, EventParticipant
from .event_args import is_definite
from .event_subjects import objects_of
from .event_triggers import trigger_of

_ANSWERS = frozenset({"REJECT", "AGREE"})
_ANSWERED_THROUGH = frozenset({"with", "to"})
_PARAGRAPH_BREAKS = re.compile(r"\n+")


def answer_requests(events: list[Event], triggers: dict[int, Token], by_token: dict[int, Event]) -> list[Event]:
    """`events` with each answer to "the request" aimed at the request told before, and that mention folded."""
    folded: set[int] = set()
    for event in events:
        verb = triggers[id(event)]
        if event.type not in _ANSWERS or verb.pos_ != "VERB" or event.with_role("recipient") or event.described(
                "recipient"):
            continue
        request = _answered_request(verb)
        asked = _told_before(request, events, triggers) if request is not None else None
        if request is None or asked is None:
            continue
        event.participants.extend(EventParticipant(p.entity, "recipient", p.span) for p in asked.participants
                                  if p.role == "actor")
        event.groups.extend(EventGroup(g.description, "recipient", g.span) for g in asked.groups
                            if g.role == "actor")
        mention = by_token.get(request.i)
        if mention is not None and mention is not asked and not mention.participants and not mention.groups:
            asked.mentions.append(mention.trigger)
            asked.mentions.sort(key=lambda span: span.start)
            folded.add(id(mention))
    return [e for e in events if id(e) not in folded]


def _answered_request(verb: Token) -> Token | None:
    """ "declined the request", "complied with the demands": a definite request noun the verb answers."""
    candidates = [c for c in verb.children if c.dep_ == "dobj"]
    candidates += [o for c in verb.children if c.dep_ == "prep" and c.lower_ in _ANSWERED_THROUGH
                   for o in objects_of(c)]
    for noun in candidates:
        entry = trigger_of(noun)
        if noun.pos_ == "NOUN" and is_definite(noun) and entry is not None and entry.type == "REQUEST" and not any(
                c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "from")) for c in noun.children):
            return noun
    return None


def _told_before(request: Token, events: list[Event], triggers: dict[int, Token]) -> Event | None:
    """The request with a named or described maker told last before `request`, near enough to be meant."""
    text = doc_text(request.doc)
    earlier = [e for e in events if e.type == "REQUEST" and triggers[id(e)].i < request.i
               and (e.with_role("actor") or e.described("actor"))]
    if not earlier:
        return None
    last = max(earlier, key=lambda e: triggers[id(e)].i)
    if len(_PARAGRAPH_BREAKS.findall(text, triggers[id(last)].idx, request.idx)) > 1:
        return None
    return last
