"""The tense of the clause a word belongs to, read from the dependency parse.

The dates stage uses it to decide which way a bare "on Thursday" or "in January" points: a past
clause ("said on Tuesday") looks back from the publication date, a future or planned one ("will
meet on Thursday", "are meeting on Thursday", "is due to visit on Friday") looks ahead.
"""

from __future__ import annotations

import re
from typing import Literal

from spacy.tokens import Doc, Token

from ..lexicons import mapping, table, word_list
from ..nlp import doc_text

Tense = Literal["past", "present", "future", "unknown"]

# A parse tree is shallow; this only guards against a malformed one.
_MAX_DEPTH = 12
_VERBAL = frozenset({"VERB", "AUX"})
_AUX_DEPS = frozenset({"aux", "auxpass"})
_FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD"})
# Dependencies of a date that modifies a noun ("Tuesday's pleas", "the November 13 deadline").
_NOUN_MODIFIER_DEPS = frozenset({"poss", "compound", "nmod", "amod", "nummod"})


def tense_of(token: Token) -> Tense:
    """The tense of the verb `token` attaches to: "past", "present", "future" or "unknown".

    Climbs the dependency tree from `token` to the nearest verb, then reads that verb's
    auxiliaries: "will", "is due to", "plans to", "is scheduled for" and a present progressive
    ("are meeting") give "future"; a past or perfect ("said", "has said", "was") gives "past"; a
    present simple gives "present"; "would"/"could", a verbless phrase, or a date that modifies
    a noun outside a past clause ("Tuesday's vote might...") give "unknown".
    """
    verb = _governing_verb(token)
    tense = _verb_tense(verb, 0) if verb is not None else "unknown"
    # A date that modifies a noun dates the noun: "Wednesday's quake" in a past clause is past, but
    # "Tuesday's pleas might help" and "before the November 13 deadline" say nothing about it.
    # (A proper-noun head is usually a misparse: "On Friday Ford Motor Company announced".)
    if token.dep_ in _NOUN_MODIFIER_DEPS and token.head.pos_ == "NOUN" and tense != "past":
        return "unknown"
    return tense


def tense_at(doc: Doc, start: int, end: int, text: str | None = None) -> Tense:
    """The tense that decides the direction of the expression at [start, end) of `doc`.

    That is `tense_of` its root, unless a preposition just before it says more
    (data/dates_direction_cues.tsv): "since June" is past; "until October 14", "by May" and
    "ahead of Christmas" are future, or "unknown" in a past clause ("was suspended until ...").
    Pass `text` when calling in a loop.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    tense = tense_of(span.root) if span is not None else "unknown"
    line = (doc_text(doc) if text is None else text)[max(0, start - 40):start].rsplit("\n", 1)[-1].lower()
    words = re.findall(r"[\w'’-]+", line)[-3:]
    cues = mapping("dates_direction_cues.tsv")
    cue = next((cues[" ".join(words[-n:])] for n in (3, 2, 1) if " ".join(words[-n:]) in cues), None)
    if cue == "back":
        return "past"
    if cue == "end":
        return "unknown" if tense == "past" else "future"
    return tense


def _governing_verb(token: Token) -> Token | None:
    current = token
    for _ in range(_MAX_DEPTH):
        if current.pos_ in _VERBAL and current.dep_ not in _AUX_DEPS:
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def _scheduled(verb: Token) -> bool:
    """A passive or adjective of planning: "is scheduled for", "is due on", "has been planned for"."""
    lemmas = word_list("tense_scheduled.txt")
    if verb.lemma_.lower() in lemmas and verb.tag_ == "VBN":
        return True
    return verb.lemma_.lower() == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in lemmas
                                                for c in verb.children)


def _modal_tense(modal: Token, perfect: bool) -> Tense:
    rows = {row[0]: row for row in table("tense_modals.tsv")}
    row = rows.get(modal.text.lower()) or rows.get(modal.lemma_.lower())
    if row is None:
        return "unknown"
    return row[2] if perfect else row[1]  # type: ignore[return-value]


def _verb_tense(verb: Token, depth: int) -> Tense:
    if depth > _MAX_DEPTH:
        return "unknown"
    auxiliaries = [child for child in verb.children if child.dep_ in _AUX_DEPS]
    perfect = any(a.lemma_.lower() == "have" for a in auxiliaries)
    modal = next((a for a in auxiliaries if a.tag_ == "MD"), None)
    if modal is not None:
        return _modal_tense(modal, perfect)
    finite = next((a for a in auxiliaries if a.tag_ in _FINITE_TAGS), None)
    if finite is None and verb.tag_ in _FINITE_TAGS:
        finite = verb  # the verb itself carries the tense: "said", "meets", "is"
    if finite is None:
        if verb.tag_ == "VBN" and not auxiliaries:
            # A reduced relative: "a statement released on Wednesday", "the debate scheduled for May".
            return "unknown" if _scheduled(verb) else "past"
        return _nonfinite_tense(verb, any(a.tag_ == "TO" for a in auxiliaries), depth)
    past = finite.tag_ == "VBD"
    if perfect:
        if _scheduled(verb):
            return "unknown" if past else "future"  # "has been scheduled for November"
        return "past"  # "has said", "had met": the event is done
    if finite is not verb and finite.lemma_.lower() == "be" and (
        verb.tag_ == "VBG" or any(a.text.lower() == "being" for a in auxiliaries)
    ):
        # A present progressive with a time named is an arrangement: "are meeting on Thursday".
        return "past" if past else "future"
    if _scheduled(verb):
        return "unknown" if past else "future"
    return "past" if past else "present"


def _nonfinite_tense(verb: Token, infinitive: bool, depth: int) -> Tense:
    """A bare verb, gerund or infinitive takes its time from the verb that governs it."""
    if infinitive and verb.dep_ == "ROOT":
        return "future"  # headline infinitive: "Nato to meet on Thursday"
    head = verb.head
    if head is verb:
        return "unknown"
    if head.pos_ == "ADJ":
        # "is due to visit", "is likely to meet": the adjective controls, its copula has the tense.
        copula = _governing_verb(head.head) if head.head is not head else None
        controller_tense = _verb_tense(copula, depth + 1) if copula is not None else "unknown"
    else:
        governing = head if head.pos_ in _VERBAL else _governing_verb(head)
        controller_tense = _verb_tense(governing, depth + 1) if governing is not None else "unknown"
    if not infinitive or verb.dep_ == "conj":
        return controller_tense  # "will travel and meet on Friday", "speaking on Tuesday, he said"
    if controller_tense in ("present", "future"):
        return "future"  # "plans to meet", "is due to visit", "wants to hold talks"
    if controller_tense == "past":
        prospective = head.lemma_.lower() in word_list("tense_prospective.txt")
        return "unknown" if prospective else "past"  # "agreed to meet" vs "tried to call"
    return "unknown"
