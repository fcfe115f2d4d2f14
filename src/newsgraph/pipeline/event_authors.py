"""The author of what an act is aimed at: "filed a lawsuit against the emergency the president declared", "praised
the quality of the reporter's work", "ruled against its attempt", "condemned the order issued by the mayor". An
accusation, praise, refusal or protest of a thing that names no one is aimed at whoever the syntax says made the
thing: its possessor (also through "of": "the quality of X's work"), the subject of a relative clause on it
(also a reduced one the parser reads as a clause of its own: "the state of emergency Trump declared"), or the
agent of a participle on it. A thing with no author in its phrase ("rejected the demarcation") keeps no target, nor
does an act with no doer ("evidence supported his account"), and the doer is not the author of its own target.

What is said of an event the article tells is aimed at whoever did it: "he denounced the border agreement" (the
parties of the agreement told before), "the attack was condemned by the EU" (the attacker), "the operation was
condemned" (the attack told just before: pipeline/event_general_nouns.py); not an event of the act's own kind
("joined the protest"), nor one of several a plural names ("hailed the agreements").

An accusation that a clause is reported by is about the clause's subject: "According to the lawsuit, the company
ignored the warnings" (the company is accused)."""

from __future__ import annotations

from spacy.tokens import Token

from ..nlp import doc_text
from ..record import Event, EventParticipant
from ..record import Span as TextSpan
from .event_args import Arguments
from .event_general_nouns import general_event
from .event_groups import is_doer
from .event_index import EntityIndex
from .event_subjects import objects_of

# Events of words or acts about someone: aimed at the author of what they are about.
_ABOUT = frozenset({"ACCUSE", "SUPPORT", "REJECT", "PROTEST"})
_AGAINST = frozenset({"against", "over"})
# Events whose participants are all parties, none the doer alone.
_BETWEEN = frozenset({"AGREE", "CONSULT"})
_MAX_DEPTH = 2


def add_author_target(trigger: Token, kind: str, index: EntityIndex, args: Arguments) -> None:
    """The author of the thing an act of `kind` is aimed at, as its target, when it has none."""
    if kind not in _ABOUT or args.has("recipient") or any(role == "recipient" for _, role, _ in args.groups):
        return
    actors = {entity for entity, role, _ in args.roles if role == "actor"}
    if not actors and not any(role == "actor" for _, role, _ in args.groups):
        return  # "evidence supported his murder": only someone's words or acts are aimed at someone
    for thing in _things(trigger):
        if is_doer(thing) or index.at(thing) is not None:
            return  # aimed at people, named or not: not a thing of theirs
        author = _author(thing, index, 0)
        if author is not None and author[0] not in actors:  # "the court ruled against its attempt": not itself
            args.add([author], "recipient")
            return


def aim_at_doers(events: list[Event], triggers: dict[int, Token], by_token: dict[int, Event]) -> None:
    """Each act said of an event (its object, or its passive subject, is that event's trigger or mention) with no
    target of its own is aimed at the event's doers: its actor, or all the parties of a pact or a meeting."""
    for event in events:
        verb = triggers[id(event)]
        if event.type not in _ABOUT or verb.pos_ != "VERB" or event.with_role("recipient") or event.described(
                "recipient"):
            continue
        # a plural noun ("hailed the agreements") names several events, not the one it was folded into
        things = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.tag_ not in ("NNS", "NNPS")]
        told = next((by_token[t.i] for t in things if t.i in by_token and by_token[t.i] is not event), None)
        # "The operation was condemned": a general word for the attack told just before
        told = told or next((e for t in things if (e := general_event(t, events, triggers)) is not None), None)
        if told is None or told.type == event.type:
            continue  # "joined the protest": taking part in an event of one's own kind, not aiming at its doers
        doers = told.with_role("actor") if told.type not in _BETWEEN else told.entity_ids()
        thing = next(t for t in things if t.i in by_token or general_event(t, events, triggers) is told)
        span = TextSpan.of(doc_text(verb.doc), thing.idx, thing.idx + len(thing.text))
        own = set(event.with_role("actor"))
        event.participants.extend(EventParticipant(d, "recipient", span) for d in dict.fromkeys(doers) if d not in own)


def accused_by_report(trigger: Token, kind: str, index: EntityIndex, args: Arguments) -> None:
    """ "According to a complaint, X misused his office": the subject of the clause the accusation reports."""
    if kind != "ACCUSE" or trigger.pos_ != "NOUN" or args.has("recipient"):
        return
    to, according = trigger.head, trigger.head.head
    if trigger.dep_ != "pobj" or to.lower_ != "to" or according.lower_ != "according":
        return
    clause = according.head
    if clause.pos_ in ("VERB", "AUX"):
        for subject in (c for c in clause.children if c.dep_ == "nsubj"):
            args.add_phrase(subject, index, "recipient")


def _things(trigger: Token) -> list[Token]:
    """What the act is aimed at: a verb's object, or the object of its "against" ("a lawsuit against", also
    hung on the verb the noun is the object of: "filed a lawsuit against")."""
    heads = [trigger]
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":
        heads.append(trigger.head)
    things = [c for c in trigger.children if c.dep_ == "dobj"] if trigger.pos_ == "VERB" else []
    things += [o for head in heads for c in head.children if c.dep_ == "prep" and c.lower_ in _AGAINST
               for o in objects_of(c)]
    return things


def _author(thing: Token, index: EntityIndex, depth: int) -> tuple[str, Token] | None:
    for child in thing.children:
        if child.dep_ == "poss":
            entity = index.named_or_referred(child)
            if entity is not None:
                return entity, child
        if child.dep_ == "relcl":
            found = _subject_named(child, index)
            if found is not None:
                return found
        if child.dep_ == "acl" and child.tag_ == "VBN":
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for obj in objects_of(agent):
                    entity = index.named_or_referred(obj)
                    if entity is not None:
                        return entity, obj
    reduced = _reduced_relative(thing)
    if reduced is not None:
        return _subject_named(reduced, index)
    if depth < _MAX_DEPTH:
        for prep in (c for c in thing.children if c.dep_ == "prep" and c.lower_ == "of"):
            for obj in objects_of(prep):
                found = _author(obj, index, depth + 1)
                if found is not None:
                    return found
    return None


def _subject_named(verb: Token, index: EntityIndex) -> tuple[str, Token] | None:
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        entity = index.named_or_referred(subject)
        if entity is not None:
            return entity, subject
    return None


def _reduced_relative(thing: Token) -> Token | None:
    """ "against the state of emergency Trump declared": a clause with no object and no conjunction that starts
    right after the thing's phrase, which the parser joins to the main verb, is a relative clause on the thing."""
    end = max(t.i for t in thing.subtree)
    doc = thing.doc
    if end + 1 >= len(doc):
        return None
    subject = doc[end + 1].head if doc[end + 1].dep_ == "compound" else doc[end + 1]
    while subject.dep_ == "compound":
        subject = subject.head
    verb = subject.head
    if subject.dep_ != "nsubj" or verb.dep_ != "conj" or subject.left_edge.i != end + 1:
        return None
    if any(c.dep_ in ("dobj", "cc") for c in verb.children) or any(
            c.dep_ == "cc" and c.i < verb.i for c in verb.head.children):
        return None
    return verb
