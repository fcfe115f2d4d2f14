"""What kind of speaker a common noun can be: a person ("the mother", "the minister"), a body that
speaks as one ("the ministry"), or a document or spokesperson speaking for an issuer ("the
statement", "a spokesman"). Word lists in data/: person_nouns.tsv, titles.txt,
collective_nouns.txt, generic_body_nouns.txt, issuer_nouns.tsv, issuing_verbs.txt,
variation_nouns.txt, leader_named_bodies.txt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from ... import lexicons
from .. import roles
from ..name_spans import organisation_heads

# Determiners of a description that refers back to someone already met ("the minister", "this
# company"), as opposed to one that introduces someone new ("a minister", "one official").
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass(frozen=True, slots=True)
class Issued:
    """A document or spokesperson noun: who may issue it (`organisation`: a body, not a person) and
    the verbs whose doer issued it ("ruled" for a ruling)."""

    issuer: str
    verbs: frozenset[str]
    # The document this noun is another word for ("the suit" after "a lawsuit filed by"), if any.
    kind: str | None = None


@cache
def issued_nouns() -> dict[str, Issued]:
    return {row[0].lower(): Issued(row[1], frozenset(v for v in (row[2] if len(row) > 2 else "").split("|") if v),
                                   row[3].lower() if len(row) > 3 and row[3] else None)
            for row in lexicons.table("issuer_nouns.tsv")}


def document_kind(token: Token) -> str:
    """The kind of document a document noun names: its lemma, or the noun it is another word for."""
    return issued_nouns()[lemma(token)].kind or lemma(token)


@cache
def nouns_by_issuing_verb() -> dict[str, str]:
    """'rule' -> 'ruling': the verbs that issue a document, and the document."""
    return {verb: noun for noun, issued in issued_nouns().items() for verb in issued.verbs}


@cache
def issuing_verbs() -> frozenset[str]:
    return lexicons.word_list("issuing_verbs.txt")


@cache
def _person_nouns() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in lexicons.table("person_nouns.tsv")}


@cache
def couple_nouns() -> dict[str, str]:
    """'father' -> 'male', 'wife' -> 'female': the nouns that name one of a couple, by gender."""
    return {row[0].lower(): row[1] for row in lexicons.table("person_nouns.tsv") if row[2:3] == ("couple",)}


@cache
def _collective_nouns() -> frozenset[str]:
    return lexicons.word_list("collective_nouns.txt")


@cache
def _generic_body_nouns() -> frozenset[str]:
    return lexicons.word_list("generic_body_nouns.txt")


def is_generic_body_noun(token: Token) -> bool:
    """"the group", "the organisation": a body of any kind."""
    return token.pos_ == "NOUN" and lemma(token) in _generic_body_nouns()


def is_body_kind_noun(token: Token) -> bool:
    """A common noun for a kind of organisation ("agency", "service", "ministry", "carmaker", "group")."""
    if token.pos_ != "NOUN" or not token.is_lower:
        return False
    word = lemma(token)
    return word in _generic_body_nouns() or word in organisation_heads() or word in organisation_kinds()


@cache
def organisation_kinds() -> frozenset[str]:
    """Nouns that say what kind of organisation a name is ("carmaker Toyota", "supermarket chains")."""
    return lexicons.word_list("organisation_kinds.txt")


# What describes a body that trades ("the company"; an organisation whose name ends in a legal form).
COMPANY_NOUNS = ("company", "firm")


def is_company_noun(token: Token) -> bool:
    """"the company", "the firm": a body that trades."""
    return token.pos_ == "NOUN" and lemma(token) in COMPANY_NOUNS


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def is_document(token: Token) -> bool:
    return token.pos_ == "NOUN" and lemma(token) in issued_nouns()


def is_person_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and (lemma(token) in _person_nouns() or lemma(token) in roles.titles())


def is_common_person_noun(token: Token) -> bool:
    """A noun for a person that is no office or title ("wife", "neighbour", "witness")."""
    return lemma(token) in _person_nouns()


def person_noun_gender(token: Token) -> str | None:
    """'male' for "father", 'female' for "mother", None for "minister"."""
    gender = _person_nouns().get(lemma(token))
    return gender if gender in ("male", "female") else None


def is_collective_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and lemma(token) in _collective_nouns()


def is_variation_noun(token: Token) -> bool:
    """A noun a news writer uses for a person already named ("the Vermont senator"; data/variation_nouns.txt)."""
    return lemma(token) in lexicons.word_list("variation_nouns.txt")


def is_leader_named_body(token: Token) -> bool:
    """A noun for a body news names after its leader ("the Trump administration"; data/leader_named_bodies.txt)."""
    return lemma(token) in lexicons.word_list("leader_named_bodies.txt")


def is_capitalised_person_noun(token: Token) -> bool:
    """"the Republican said", "a Democrat who": one of a party's people, capitalised like a name but
    with a determiner and no name of its own; not the party ("the Democrats") nor a paper ("the Star",
    which the tagger reads as an organisation)."""
    return (token.pos_ == "PROPN" and determiner(token) in ("the", "a", "an") and not is_plural(token)
            and token.ent_type_ in ("", "NORP") and is_variation_noun(token))


def is_plural(token: Token) -> bool:
    """A plural noun, or nouns joined by "and" ("Shoukry and his counterparts")."""
    return token.tag_ in ("NNS", "NNPS") or any(child.dep_ == "conj" for child in token.children)


def determiner(token: Token) -> str | None:
    """The noun's determiner, lower case; "'s" for a possessor ("Chelyabinsk's governor")."""
    for child in token.children:
        if child.dep_ in ("det", "predet") or (child.dep_ == "nummod" and child.lower_ == "one"):
            return child.lower_
        if child.dep_ == "poss":
            return "'s"
    return None


def is_definite(token: Token) -> bool:
    """A description that refers back: "the minister", "Chelyabinsk's governor", "its statement"."""
    return determiner(token) in DEFINITE | {"'s"}
