"""Event triggers: the lexicon (data/events.tsv, data/event_verbal_objects.tsv) and which uses of its
words name an event: phrasal verbs ("turned down", "called for"), compounds ("phone call"), objects
that retype a trigger ("attacked the plan": criticism), and uses that name none ("a call for calm",
"called off", "the storm killed")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from ..lexicons import table, word_list

_PHONE = frozenset({"phone", "telephone"})
FORCE = frozenset({"ASSAULT"})
_IDIOMS_AFTER_IN = frozenset({"protest", "support"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """A row of data/events.tsv."""

    type: str
    mode: str | None
    frame: str
    objects: frozenset[str] | None = None
    heads: frozenset[str] | None = None  # a noun only as the object of these words


@cache
def _lexicon() -> dict[tuple[str, str], Trigger]:
    entries = {}
    for lemma, pos, kind, mode, frame in table("events.tsv"):
        objects = heads = None
        if frame.startswith(("needs:", "after:")):
            condition, listed = frame.split(":", 1)
            words = frozenset(listed.split("|"))
            objects, heads = (words, None) if condition == "needs" else (None, words)
            frame = "directed"
        entries[(lemma, pos)] = Trigger(kind, None if mode == "-" else mode, frame, objects, heads)
    return entries


@cache
def _verbal_objects() -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    return {(lemma, pos): (kind, frozenset(objects.split("|")))
            for lemma, poses, kind, objects in table("event_verbal_objects.tsv")
            for pos in poses.split("|")}  # fmt: skip


def _object_lemmas(token: Token) -> set[str]:
    """The lemmas of a trigger's direct object and of the object of its "on" ("an attack on X")."""
    found = set()
    for child in token.children:
        if child.dep_ == "dobj":
            found.add(child.lemma_.lower())
        elif child.dep_ == "prep" and child.lower_ == "on":
            found |= {w.lemma_.lower() for w in child.children if w.dep_ == "pobj"}
    return found


def trigger_of(token: Token) -> Trigger | None:
    """The lexicon's reading of a word as an event trigger, or None where the word names no event."""
    pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ == "NOUN" else None
    if pos is None:
        return None
    lemma, children = token.lemma_.lower(), list(token.children)
    phrasal = _phrasal_entry(token, lemma, pos, children)
    compounds = [c.lower_ for c in children if c.dep_ == "compound"]
    entry = phrasal or next((_lexicon()[(f"{c} {lemma}", pos)] for c in compounds
                             if (f"{c} {lemma}", pos) in _lexicon()), None) or _lexicon().get((lemma, pos))
    if lemma == "talk" and pos == "NOUN" and token.tag_ == "NN" and any(c.dep_ == "poss" for c in children):
        return _lexicon().get(("speech", "NOUN"))  # "his talk at the think tank": a lecture, not talks
    if entry is None or (phrasal is None and _not_an_event(token, lemma, pos, children)):
        return None
    if entry.type in FORCE and pos == "VERB" and _accidental(token):
        return None
    if entry.objects is not None and not any(
        w.lemma_.lower() in entry.objects for c in children if c.dep_ in ("dobj", "compound", "prep", "amod")
        for w in (c, *c.children) if w.dep_ in ("dobj", "pobj", "compound", "amod")
    ):
        return None  # "fired missiles", "spoke by phone", "air strike"; not "launched a mission on a rocket"
    if entry.heads is not None and not _object_of(token, entry.heads):
        return None  # "discusses further support"; but "expressed its support", "a letter of support"
    verbal = _verbal_objects().get((lemma, pos))
    if verbal is not None and _object_lemmas(token) & verbal[1]:
        # "attacked the plan": criticism; the object that says so is a thing, as for a "needs:" row
        return Trigger(verbal[0], entry.mode, entry.frame, verbal[1] | (entry.objects or frozenset()))
    return entry


def _object_of(noun: Token, heads: frozenset[str]) -> bool:
    """Whether a noun is the object of one of `heads`, directly or through "of" ("a letter of support")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    elif noun.dep_ != "dobj":
        return False
    return head.lemma_.lower() in heads


def _accidental(verb: Token) -> bool:
    """ "A collision which killed", "the storm killed": force whose subject is an accident or a disaster."""
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        if subject.lower_ in ("which", "that") and verb.dep_ == "relcl":
            subject = verb.head
        if subject.lemma_.lower() in word_list("event_accidents.txt"):
            return True
    return False


def _phrasal_entry(token: Token, lemma: str, pos: str, children: list[Token]) -> Trigger | None:
    """The row of a verb with its particle ("turned down", "lashed out at") or the preposition right after it
    ("called for", "called on")."""
    if pos != "VERB":
        return None
    for child in children:
        if child.dep_ == "prt" or (child.dep_ == "prep" and child.i == token.i + 1):
            entry = _lexicon().get((f"{lemma} {child.lower_}", pos))
            if entry is not None:
                return entry
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if after is not None and after.dep_ == "mark" and after.head.head == token:
        # "called for the bill to be dropped": the parser makes "for" the mark of the clause after it
        return _lexicon().get((f"{lemma} {after.lower_}", pos))
    return None


def _not_an_event(token: Token, lemma: str, pos: str, children: list[Token]) -> bool:
    """Uses of a trigger word that name no event."""
    if pos == "NOUN":
        if lemma == "call" and not any(c.lower_ in _PHONE or (c.dep_ == "prep" and c.lower_ in ("with", "between"))
                                       for c in children):
            return True  # "a call for calm" is no phone call; "a call with Trump", "a call between" are
        if lemma == "talk" and token.tag_ != "NNS":
            return True  # "talk of a deal"; "talks" are negotiations
        # "resigned in protest", "in support of"; but "in talks with" is an event
        return lemma in _IDIOMS_AFTER_IN and token.dep_ == "pobj" and token.head.lower_ == "in" and not any(
            c.dep_ == "det" for c in children)
    if any(c.dep_ == "prt" for c in children) or (lemma == "meet" and any(c.dep_ == "auxpass" for c in children)):
        return True  # "called off the search", "was met with applause"
    # "called for a ceasefire", "called him a liar", "called on allies to"
    return lemma == "call" and any(c.dep_ in ("oprd", "xcomp", "ccomp") or (
        c.dep_ == "prep" and c.lower_ in ("for", "on") and c.i == token.i + 1) for c in children)
