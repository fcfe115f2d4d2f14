"""Whom a request is aimed at when an act is told as done at it: "at the government's request, the troops
returned", "At the request of Germany, Austria withdrew": the request was made of whoever did the act, the
subject of the clause the phrase hangs on (or the subject it shares with the verb it is joined to: "left Iraq,
then at its request returned"). Not when that doer is the asker ("At his own request, he was moved"), nor when
the request names its own addressee."""

from __future__ import annotations

from spacy.tokens import Token

from .event_args import Arguments
from .event_index import EntityIndex
from .event_subjects import clause_subjects, objects_of, shared_subject, subject_of

# "at the request of", "on their request", "upon the invitation of": the phrase that ties an act to the request;
# after "on" only with its asker named ("ruled on the appeal of that decision" acts on it, not at it).
_AT = frozenset({"at", "on", "upon"})
_AT_ANY = "at"


def aim_request_at_doer(trigger: Token, kind: str, index: EntityIndex, args: Arguments) -> None:
    if kind != "REQUEST" or trigger.pos_ != "NOUN" or args.has("recipient"):
        return
    verb = _act_done_at(trigger)
    if verb is None or (trigger.head.lower_ != _AT_ANY and not _asker_named(trigger, index)):
        return
    doer = next((s for s in clause_subjects(verb) if s.i != trigger.i), None)
    if doer is None:
        doer = shared_subject(verb) or (subject_of(verb.head) if verb.dep_ == "advcl" else None)
    if doer is None or doer.dep_ != "nsubj":
        return  # "was moved at his own request": the passive's subject is not who was asked
    found = Arguments()
    found.add_phrase(doer, index, "recipient")
    askers = {entity for entity, role, _ in args.roles if role == "actor"}
    if askers & {entity for entity, _, _ in found.roles}:
        return
    args.roles.extend(found.roles)
    args.groups.extend(found.groups)


def _asker_named(request: Token, index: EntityIndex) -> bool:
    """ "on the government's request", "upon the invitation of Germany"."""
    return any(c.dep_ == "poss" for c in request.children) or any(
        index.at(o) is not None for c in request.children if c.dep_ == "prep" and c.lower_ == "of"
        for o in objects_of(c))


def _act_done_at(request: Token) -> Token | None:
    """The verb of the act "at the request" is said of; also when the parser, losing the preposition's object,
    reads "at the government's request returned" as the request returning."""
    head = request.head
    if request.dep_ == "pobj" and head.lower_ in _AT and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    before = request.left_edge.i - 1
    if request.dep_ == "nsubj" and head.pos_ == "VERB" and before >= 0:
        stray = request.doc[before]
        if stray.lower_ in _AT and stray.head.i == head.i and not list(stray.children):
            return head
    return None
