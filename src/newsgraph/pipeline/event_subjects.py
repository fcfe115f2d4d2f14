"""Whose act an event word is when the parse does not say it outright: the verb a noun hangs on, the
subject an infinitive or gerund leaves unsaid, the subject a conjoined verb shares."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicons import word_list
from .coref.nouns import is_document
from .event_triggers import trigger_of

MAX_CLIMB = 4
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def objects_of(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def governing_verb(token: Token) -> Token | None:
    """The verb a noun trigger hangs on: "in a phone call" -> the verb of the clause."""
    current = token
    for _ in range(MAX_CLIMB):
        head = current.head
        if head is current:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return head
        current = head
    return None


def subject_of(verb: Token) -> Token | None:
    return next(iter(clause_subjects(verb)), None)


def clause_subjects(verb: Token) -> list[Token]:
    """A verb's subjects, also one the parser hung on its auxiliary ("The US has been encouraging": on "been")."""
    own = [c for c in verb.children if c.dep_ in _SUBJECTS]
    return own or [g for c in verb.children if c.dep_ in ("aux", "auxpass") for g in c.children
                   if g.dep_ in _SUBJECTS]


def unsaid_subject(verb: Token, depth: int = 2) -> Token | None:
    """The subject an infinitive or gerund leaves unsaid: "Francis is due to visit", "Ukraine firing",
    "Australia was quick in blaming", "attempts by Giuliani to encourage", "sent a letter requesting"; through
    a clause that leaves it unsaid too ("The US was forceful, committing to send troops": the US sends)."""
    head = verb.head
    if head is verb or verb.dep_ not in ("xcomp", "advcl", "acl", "pcomp"):
        return None
    if verb.dep_ == "acl" and head.pos_ in ("PROPN", "NOUN"):
        return noun_controller(head)
    # "encouraged allies to restrict flights": the allies are to restrict them; "referred them to the court to
    # be tried": a passive infinitive of purpose is done to the object (the parser hangs it as an adverbial)
    controlled = verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and any(c.tag_ == "TO" for c in verb.children)
                                          and any(c.dep_ == "auxpass" for c in verb.children))
    told = next((c for c in head.children if c.dep_ == "dobj"), None) if controlled else None
    if told is not None and head.pos_ == "VERB":
        return told
    active_only = False
    if verb.dep_ == "pcomp" and head.pos_ == "ADP" and head.head is not head:
        # "quick in blaming": through the preposition to what it qualifies; but in "Lam was interrupted
        # by protesting legislators" the passive's subject is not who protests (while in "was held in
        # contempt for refusing" it is who refused)
        head, active_only = head.head, head.lower_ == "by"
    if head.pos_ == "ADJ" and head.head is not head:
        head = head.head
    subject = subject_of(head) if head.pos_ in ("VERB", "AUX") else None
    if subject is None and head.pos_ == "VERB" and depth > 1 and not active_only and trigger_of(head) is None:
        # not through an event verb, whose infinitive is what it asks or threatens ("threatening to give a news
        # conference" is no conference given)
        subject = unsaid_subject(head, depth - 1)
    return None if subject is None or (active_only and subject.dep_ != "nsubj") else subject


def shared_subject(verb: Token) -> Token | None:
    """The subject a conjoined verb shares with the verb it is joined to: "Lorenzana described the attacks
    as cowardly and urged residents to help" (Lorenzana urged)."""
    current = verb
    while current.dep_ == "conj" and current.head is not current and current.head.pos_ in ("VERB", "AUX"):
        current = current.head
        if verb.tag_ in _FINITE and current.dep_ == "xcomp" and current.tag_ == "VB":
            # "Raab urged the embassy to reconsider and spoke with Pompeo": a finite verb joined to an
            # infinitive is the parser's misreading; it shares the subject of the verb the infinitive hangs on
            current = current.head
        subject = subject_of(current)
        if subject is not None:
            return subject
    return None


def noun_controller(noun: Token) -> Token:
    """Who does what a participle or infinitive on a noun says: the noun itself ("protesters demanding"),
    its "by" agent ("attempts by Giuliani to encourage"), or, for a document that is a verb's object, that
    verb's subject ("Pompeo sent a letter requesting": the sender asks)."""
    agent = next((o for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for o in objects_of(c)), None)
    if agent is not None:
        return agent
    if is_document(noun) and noun.dep_ == "dobj":
        subject = subject_of(noun.head)
        if subject is not None and subject.dep_ == "nsubj":
            return subject
    # "the parliament voted on a resolution to expel", "passed a bill to ban": what a text adopted says to do
    # is the adopting body's act
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head if noun.dep_ == "dobj" else None
    if noun.lemma_.lower() in word_list("event_adopted_texts.txt") and verb is not None and verb.pos_ == "VERB":
        subject = subject_of(verb)
        if subject is not None and subject.dep_ == "nsubj":
            return subject
    return noun
