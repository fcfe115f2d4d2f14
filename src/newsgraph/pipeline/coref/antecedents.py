"""Pronouns: "he", "she", "it", "they" resolved by agreement and salience, cheaply (Hobbs's
preference for subjects, Citron's for the last speaker).

The antecedent is the nearest subject, or source of a quotation, in the pronoun's sentence and the
two before it that agrees with the pronoun: "he" and "she" are people of that gender, never an
organisation or a place; "it" an organisation, a place or a document ("a statement posted to his
account ... It also stated"); "they" several people or a body ("Day's animal foundation said ...
Day, they said"), never a place. A subject that names no one still counts: after "The head of the
internal investigators told the court ...", "She also said" is that unnamed head, not the last woman
named, and the speaker stays null; so is "one of their daughters" before "She said". With no
agreeing subject, the last agreeing speaker, then the nearest agreeing name outside quotation marks.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby, islice

from spacy.tokens import Token

from ... import lexicons
from ...nlp import sentence_of
from ...record import Entity, Mention
from .context import NOBODY, ORGANISATION_TYPES, ArticleContext, Source, Verdict
from .nouns import is_collective_noun, is_definite, is_document, is_person_noun, is_plural, person_noun_gender
from .profiles import Description, describe

# How far back (characters) a pronoun looks for a speaker or a name when no subject agrees: about
# two paragraphs.
PRONOUN_WINDOW = 1200
# Subjects in the pronoun's sentence and this many sentences before it are the preferred antecedents,
# the nearest of them first, up to this many.
SUBJECT_SENTENCES = 3
MAX_CANDIDATES = 40
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Pronoun subjects that no quotation made a source are resolved in turn when a later pronoun meets
# them, through at most this many of them.
_CHAINED = frozenset({"he", "she"})
_MAX_CHAIN = 4


@cache
def pronouns() -> dict[str, tuple[str, str]]:
    """pronoun -> (gender: male | female | any, number: singular | plural)."""
    return {row[0]: (row[1], row[2]) for row in lexicons.table("pronouns.tsv")}


def pronoun(source: Source, context: ArticleContext) -> Verdict:
    """The antecedent of a pronoun source ("He added")."""
    head = source.head
    if head.lower_ not in pronouns() or head.pos_ != "PRON":
        return None
    found = context.antecedents.resolve(head)
    if isinstance(found, Entity):
        found.add_mention(Mention(source.span, "", "pronoun"))
    return found


@dataclass(frozen=True, slots=True)
class Referent:
    """What a subject stands for: its kind (person, organisation, place, document, several), the
    gender its noun gives, and the entity or NOBODY."""

    kind: str
    gender: str | None
    verdict: Verdict

    def agrees(self, gender: str, number: str) -> bool:
        if self.kind == "several":
            return number == "plural"
        if number == "plural":
            return self.kind == "organisation"
        if gender in ("male", "female"):
            return self.kind == "person" and self.gender in (None, gender)
        return self.kind in ("organisation", "place", "document")


class Antecedents:
    """The subjects outside quotation marks, by position; with the sources of the quotations resolved
    so far, the candidates a pronoun may stand for."""

    def __init__(self, context: ArticleContext) -> None:
        self.context = context
        # "one of their daughters" counts as a subject wherever the parse attaches it ("after one of
        # their daughters, aged 17, escaped" was parsed as the object of "after").
        self.subjects = [t.i for t in context.doc
                         if (t.dep_ in _SUBJECTS or _member_of(t) is not None) and not context.quoted(t)]
        self._chain: dict[int, Verdict] = {}  # pronoun subjects resolved on the way to others

    def resolve(self, pronoun_token: Token, depth: int = 0) -> Verdict:
        gender, number = pronouns()[pronoun_token.lower_]
        reported = self._reported_before(pronoun_token)
        for token in self._nearest_first(pronoun_token):
            if any(start <= token.idx < end for start, end in reported):
                continue
            referent = self._referent(token, depth)
            if referent is not None and referent.agrees(gender, number):
                return referent.verdict
        for earlier in reversed(self.context.resolved):
            if earlier.quote.start > pronoun_token.idx:
                continue  # resolving events' pronouns, the context holds the whole article's quotations
            if earlier.quote.end < pronoun_token.idx - PRONOUN_WINDOW:
                break
            if isinstance(earlier.verdict, Entity) and _agrees(earlier.verdict, gender, number):
                return earlier.verdict
        for start, end, entity in reversed(self.context.names.before(pronoun_token.idx, PRONOUN_WINDOW)):
            if not self.context.marks.inside(start, end) and _agrees(entity, gender, number):
                return entity
        return None

    def _reported_before(self, pronoun_token: Token) -> list[tuple[int, int]]:
        """The contents of the quotations resolved so far that lie in the pronoun's sentence before
        it: 'He said Smith is honest; however, "...", he added' is not Smith adding; the people a
        report is about are no antecedents of a pronoun outside it."""
        start = sentence_of(pronoun_token).start_char
        found = []
        for earlier in reversed(self.context.resolved):  # in text order: only the last few are read
            if earlier.quote.end < start:
                break
            found += [(span.start, span.end) for span in earlier.quote.content
                      if start <= span.start and span.end <= pronoun_token.idx]
        return found

    def nearest_body(self, token: Token) -> Entity | None:
        """The organisation nearest before `token` among the subjects and sources of its sentence
        and the two before it ("The Northern Farmers Union called a strike. The group said"); None
        when the nearest body there names no one, or when people are nearer ("Dozens of residents
        met ... The group said")."""
        for candidate in self._nearest_first(token):
            referent = self._referent(candidate)
            if (referent is not None and referent.kind == "several") or (
                    referent is None and candidate.tag_ in ("NNS", "NNPS")):
                return None
            if referent is not None and referent.kind == "organisation":
                verdict = referent.verdict
                return verdict if isinstance(verdict, Entity) and verdict.type == "organisation" else None
        return None

    def topic(self, head: Token, description: Description) -> Entity | None:
        """The person the description headed by `head` follows on from ("Bernie Sanders said ... the
        Vermont senator acknowledged"): the subject of the main clause, or the source, nearest before
        it in its sentence and the two before, when that is a person of the description's gender whom
        the article does not describe otherwise. None when that subject is anyone or anything else:
        "The vice presidential nominee spoke hours after Trump tweeted. The Indiana governor said" is
        not Trump."""
        sentence = sentence_of(head)
        token = next((token for token in self._nearest_first(head) if self.context.verdict_at(token) is not None
                      or (token.dep_ in _SUBJECTS and _main_clause(token.head))), None)
        # Unsure when the parse's main subject is not the one the sentence opens with ("The nominee was
        # speaking, hours after Trump posted", parsed with "posted" as its root); and a name and a
        # description in one sentence are two people ("Graham called on Republicans to unendorse Trump
        # after the billionaire mogul claimed").
        if token is None or token.i >= sentence.start or self._first_subject(token) != token.i:
            return None
        referent = self._referent(token)
        if referent is None or referent.kind != "person" or not isinstance(referent.verdict, Entity):
            return None
        gender = person_noun_gender(head)
        if gender is not None and referent.gender not in (None, gender):
            return None
        entity = referent.verdict
        around = self.context.names.within(sentence.start_char, sentence.end_char)
        if self.context.profiles.contradicts(entity, description) or any(named is entity for *_, named in around):
            # "'It doesn't make me nervous,' the cautious candidate said of running against Mr. Trump",
            # after a sentence about Trump: whom the report is about is not its speaker.
            return None
        return entity

    def _first_subject(self, token: Token) -> int | None:
        """The position of the first subject in `token`'s sentence, if it has one."""
        sentence = sentence_of(token)
        k = bisect_left(self.subjects, sentence.start)
        return self.subjects[k] if k < len(self.subjects) and self.subjects[k] < sentence.end else None

    def _nearest_first(self, pronoun_token: Token) -> Iterator[Token]:
        """The subjects and earlier sources before the pronoun in its sentence and the ones before
        it, nearest first (at most `MAX_CANDIDATES`: a sentence that never ends has thousands)."""
        doc = pronoun_token.doc
        sentence = sentence_of(pronoun_token)
        for _ in range(SUBJECT_SENTENCES - 1):
            if sentence.start == 0:
                break
            sentence = sentence_of(doc[sentence.start - 1])
        merged = heapq.merge(_backwards(self.subjects, sentence.start, pronoun_token.i),
                             _backwards(self.context.source_heads, sentence.start, pronoun_token.i), reverse=True)
        own = sentence_of(pronoun_token).start
        for _, group in groupby((doc[position] for position, _ in islice(groupby(merged), MAX_CANDIDATES)),
                                key=lambda token: -1 if token.i >= own else sentence_of(token).start):
            yield from _main_subject_first(list(group), own)

    def _referent(self, token: Token, depth: int = 0) -> Referent | None:
        context = self.context
        verdict = context.verdict_at(token)
        if verdict is None and token.lower_ in _CHAINED and token.pos_ == "PRON" and depth < _MAX_CHAIN:
            # "Clinton leaned in, painting Trump as a Romney caricature. She started off by ... She then
            # peppered him with attacks. '...,' she said": each "she" is the one before it, though no
            # quotation made it a source.
            if token.i not in self._chain:
                self._chain[token.i] = self.resolve(token, depth + 1)
            # Only a name found so counts; a pronoun that met no one named is passed over, as before.
            verdict = self._chain[token.i] if isinstance(self._chain[token.i], Entity) else None
        entity = verdict if isinstance(verdict, Entity) else context.mentions.at(token.idx, token.idx + len(token.text))
        if entity is not None:  # "Shoukry and his counterparts" are several, none of them alone
            joined = any(child.dep_ == "conj" for child in token.children)
            return Referent("several", None, NOBODY) if joined else _entity_referent(entity)
        if token.pos_ == "PRON":  # an earlier pronoun source that named no one
            return _pronoun_referent(token.lower_) if verdict is NOBODY and token.lower_ in pronouns() else None
        member = _member_of(token)
        if member is not None:  # "one of their daughters escaped": a person the article does not name
            return Referent("person", person_noun_gender(member), NOBODY)
        several = is_plural(token)
        if is_document(token):
            issuer = verdict if verdict is not None else context.documents.issuer_of(token)
            return Referent("document", None, issuer if issuer is not None else NOBODY)
        if is_person_noun(token) or is_collective_noun(token):
            kind = "several" if several else "person" if is_person_noun(token) else "organisation"
            holder = context.profiles.holder(describe(token)) if is_definite(token) and not several else None
            return Referent(kind, person_noun_gender(token), holder if holder is not None else NOBODY)
        return None


def _main_subject_first(candidates: list[Token], own: int) -> list[Token]:
    """One sentence's candidates, nearest first; in a sentence before the pronoun's, its main
    clause's subject first: "Neil Basu said the police found nothing inconsistent with the
    attacker acting alone. He also said ..." is Basu, whatever stands nearer."""
    if not candidates or candidates[0].i >= own:
        return candidates
    main = [token for token in candidates if token.dep_ in _SUBJECTS and _main_clause(token.head)]
    return main + [token for token in candidates if token not in main]


def _main_clause(verb: Token) -> bool:
    """The sentence's own clause, or one standing beside it: joined to it ("and"), or set against it
    ("Duda said ... while Brudziński wrote ...", wherever the parser hangs the "while"); not a
    clause inside it (what is said, a relative or adverbial clause)."""
    while verb.dep_ != "ROOT":
        if verb.dep_ == "advcl" and any(child.dep_ == "mark" and child.lower_ in ("while", "whereas")
                                        for child in verb.children):
            return True
        if verb.dep_ != "conj":
            return False
        verb = verb.head
    return True


def _member_of(token: Token) -> Token | None:
    """The people noun of "one of their daughters", "one of the victims", when `token` is that "one"."""
    if token.lower_ != "one" or token.dep_ == "attr":
        return None  # "Cloutier, who was not one of the authors": what the subject is, no one else
    of = next((child for child in token.children if child.dep_ == "prep" and child.lower_ == "of"), None)
    group = next((child for child in of.children if child.dep_ == "pobj"), None) if of is not None else None
    return group if group is not None and is_person_noun(group) else None


def _backwards(positions: list[int], floor: int, below: int) -> Iterator[int]:
    """The sorted `positions` from `floor` up to `below`, last first."""
    for k in range(bisect_left(positions, below) - 1, bisect_left(positions, floor) - 1, -1):
        yield positions[k]


def _pronoun_referent(word: str) -> Referent:
    gender, number = pronouns()[word]
    if number == "plural":
        return Referent("several", None, NOBODY)
    if gender in ("male", "female"):
        return Referent("person", gender, NOBODY)
    return Referent("organisation", None, NOBODY)


def _entity_referent(entity: Entity) -> Referent:
    kind = "organisation" if entity.type in ORGANISATION_TYPES else entity.type
    from ..gender import agreement_gender  # gender.py reads this module's pronoun table

    return Referent("several" if entity.type == "group" else kind, agreement_gender(entity), entity)


def _agrees(entity: Entity, gender: str, number: str) -> bool:
    return _entity_referent(entity).agrees(gender, number)
