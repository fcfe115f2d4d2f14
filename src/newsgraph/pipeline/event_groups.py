"""The people and groups an event's arguments describe without naming them: "the protesters", "vigilant
locals", "attorneys general from sixteen states", "thousands of Hong Kong protesters", "his associates".

When a participant's phrase names no entity (pipeline/event_args.py) but its head is a noun for people
or a group, the event keeps the phrase's words as a described participant (record.EventGroup) rather
than no one: a researcher counting protests needs to see that the protesters protested. The description
is the noun with its modifiers, its "from"/"of" phrase ("members of the opposition") and, for a subject, the
named place it is in ("a suspect in Wisconsin was charged"), without its
article or a relative clause; a quantity of people is described by the people ("thousands of Hong Kong
protesters": Hong Kong protesters).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ..lexicons import table, word_list
from .roles import titles

_RELATIVE = frozenset({"who", "that", "which", "whom"})
# Words before the noun that say nothing about who: "the protesters", "some groups", "these officials".
_LEFT_OUT = frozenset({"det", "predet", "punct", "cc", "preconj", "case"})
# What may follow the noun in its description ("attorneys general"), besides an "of" or "from" phrase
# ("members of the opposition"); not a relative or participle clause ("people who were participating").
_RIGHT_KEPT = frozenset({"amod", "compound"})
_OF_FROM = frozenset({"of", "from"})
_QUANTITIES = frozenset({"thousand", "hundred", "dozen", "million", "score", "number", "crowd"})
_MAX_WORDS = 8


@cache
def doer_nouns() -> frozenset[str]:
    """People and groups, not documents or abstractions ("a report alleged", "evidence supported")."""
    people = {row[0].lower() for row in table("person_nouns.tsv")}
    return titles() | people | word_list("speaker_nouns.txt") | word_list("collective_nouns.txt") | word_list(
        "event_doer_nouns.txt")


def is_doer(token: Token) -> bool:
    """A noun naming people or a group: "the spokesperson", "protesters", "his associates"; not "no
    organisation"."""
    # the word as written too: the lemmatiser makes "media" "medium"
    people = token.lemma_.lower() in doer_nouns() or token.lower_ in doer_nouns() or (
        token.tag_ == "NNS" and token.lower_ in word_list("event_doer_plurals.txt"))  # "government forces"
    return token.pos_ == "NOUN" and people and not any(d.lower_ == "no" for d in token.children)


def described_group(token: Token) -> tuple[str, Token] | None:
    """The description of the people or group a phrase headed by `token` stands for, or None."""
    head = token
    if head.lower_ in _RELATIVE and head.head.dep_ == "relcl":
        head = head.head.head  # "two people who were participating": the people
    people = _quantity_of_people(head)
    if people is not None:
        return described_group(people)  # "thousands of Hong Kong protesters": the protesters, not their number
    if not is_doer(head) and not _opening_people(head):
        return None
    if _bare_title(head):
        return None
    doc, first = head.doc, head.left_edge.i
    while first < head.i and doc[first].dep_ in _LEFT_OUT:
        first += 1
    while first >= 2 and doc[first - 1].text == "-" and not doc[first - 1].whitespace_ and not (
            doc[first - 2].whitespace_):
        first -= 2  # "counter-protesters", split at the hyphen by the tokenizer
    last, included = head.i, {head.i}
    while last + 1 < len(doc):
        after = doc[last + 1]
        if after.head.i not in included:
            break
        if after.dep_ in _RIGHT_KEPT:
            last = after.i  # "attorneys general"
        elif after.dep_ == "prep" and (after.lower_ in _OF_FROM or _in_a_named_place(after, head)):
            # "members of the opposition", "attorneys general from sixteen states", "a suspect in Wisconsin";
            # not what follows the object of "of" or "from" ("members of the opposition in parliament")
            objects = [o for o in after.children if o.dep_ == "pobj"]
            if not objects:
                break
            last = max(t.i for t in objects[0].subtree) if after.lower_ == "in" else objects[0].i
        else:
            break
        included.add(last)
    words = doc[first:last + 1]
    if len(words) > _MAX_WORDS or any(t.is_quote or t.text in "()[]" for t in words):
        return None
    return words.text, head


def _in_a_named_place(preposition: Token, noun: Token) -> bool:
    """ "A suspect in Wisconsin was charged": where the people are, by a place's name; only after a subject,
    which the parse cannot confuse with where a verb's act took place ("arrested students in Dhaka")."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    objects = [o for o in preposition.children if o.dep_ == "pobj"]
    return preposition.lower_ == "in" and bool(objects) and objects[0].ent_type_ == "GPE" and all(
        t.ent_type_ == "GPE" or t.is_punct for t in objects[0].subtree)


def spoken_for(token: Token) -> Token | None:
    """ "the spokesperson for the German government": the body an unnamed spokesperson speaks for."""
    if token.lemma_.lower() not in word_list("event_voice_nouns.txt"):
        return None
    return next((o for c in token.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
                 for o in c.children if o.dep_ == "pobj"), None)


def _opening_people(token: Token) -> bool:
    """ "Protesters clashed", "Attorneys general from ... sued": a sentence's capitalised first word, which
    the tagger often takes for a proper noun (this is asked only of a phrase that names no entity)."""
    return token.pos_ == "PROPN" and token.is_sent_start and (
        token.lower_ in doer_nouns() or token.lower_.removesuffix("s") in doer_nouns())


def _bare_title(noun: Token) -> bool:
    """ "endorsed Biden for president", "elected as mayor": an office with nothing before it is a role, not
    people."""
    return noun.tag_ == "NN" and noun.lemma_.lower() in titles() and not any(noun.children)


def _quantity_of_people(token: Token) -> Token | None:
    """The people a quantity counts: "thousands of protesters", "dozens of journalists", "a number of legislators"."""
    if token.lemma_.lower() not in _QUANTITIES and token.pos_ != "NUM":
        return None
    return next((o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                 if o.dep_ == "pobj" and is_doer(o)), None)
