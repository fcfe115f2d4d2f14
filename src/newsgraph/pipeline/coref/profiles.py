"""What the article says each person and organisation is, for descriptions to be matched against.

A person's offices ("Regional governor Boris Dubrovsky"), the nouns the article describes them with
("actor Denzel Washington", "Chadwick Boseman, an actor,", "One news site, Znak.com,"), their age
("Emily Spanton, 39,", "56-year-old Jane Doe"), their place in a couple named by one surname ("the
mother" of "Mark Dawson and Julia Dawson"), an organisation's name ("the agency" for the Saudi
Press Agency, "the emergencies ministry" for the Emergencies Ministry, "the company" for Acme Corp,
"the newspaper" for an outlet); and where each is named, so that a description goes to the one
entity it fits (`Profiles.holder`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc, Token

from ... import lexicons
from ...names import fold
from ...record import ArticleRecord, Entity
from .. import roles
from ..mention_index import MentionIndex
from .context import ORGANISATION_TYPES
from .nouns import COMPANY_NOUNS, couple_nouns, is_collective_noun, is_person_noun

# How far (characters) a description looks back for the one it means when it fits several entities,
# and ahead for one introduced after it ("Austria's interior minister said ... Interior Minister
# Wolfgang Peschorn") when it fits one: a few news paragraphs. An entity that alone fits a
# description is found anywhere before it.
BACKWARD_WINDOW = 1500
FORWARD_WINDOW = 1500

_AGE = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b", re.IGNORECASE)
# Words after which the rest of an organisation's name says whose it is: "Commission on Presidential
# Debates" is a commission.
_NAME_TAIL = frozenset({"of", "on", "for", "in", "at", "to", "and"})
_PHRASE_PREPOSITIONS = frozenset({"of", "for", "at", "in", "to"})


@dataclass(frozen=True, slots=True)
class Description:
    """A description as written ("Chelyabinsk's governor", "the emergencies ministry", "the
    56-year-old"): its head noun's lemma, the office it names, the age it gives, the other words."""

    head: str
    office: roles.Office | None
    age: int | None
    words: frozenset[str]
    for_person: bool
    start: int
    # The words of organisations it names ("the general secretary of the Royal College of Nursing"):
    # an office of a named body is only held by someone the article ties to that body.
    bodies: frozenset[str] = frozenset()


def describe(head: Token) -> Description:
    """The description headed by `head`: its words from the first modifier to a following "of"
    phrase ("the director of Amnesty International")."""
    doc = head.doc
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _PHRASE_PREPOSITIONS:
            end = child.right_edge.i + 1
            break
    start = head.left_edge.i
    phrase = doc[start:end]
    age = _AGE.search(phrase.text)
    words = frozenset(fold(t.text) for t in phrase if t.i != head.i and not (t.is_punct or t.is_stop) and fold(t.text))
    # Only a body named after the title ("the general secretary of the Royal College of Nursing"): a
    # possessor before it is mostly a place the tagger may take for one ("Vologda's governor"), and
    # is compared as the office's qualifier.
    bodies = frozenset(fold(t.text) for t in phrase
                       if t.i > head.i and t.ent_type_ == "ORG" and not t.is_stop and fold(t.text))
    return Description(head=head.lemma_.lower(), office=roles.office_of(phrase.text),
                       age=int(age.group(1)) if age else None, words=words,
                       for_person=is_person_noun(head) or age is not None, start=phrase.start_char, bodies=bodies)


@dataclass(slots=True)
class Profile:
    """What the article says one entity is, and where it names it."""

    entity: Entity
    offices: list[roles.Office] = field(default_factory=list)
    nouns: set[str] = field(default_factory=set)
    ages: set[int] = field(default_factory=set)
    name_head: str | None = None
    name_words: set[str] = field(default_factory=set)
    starts: list[int] = field(default_factory=list)

    def fits(self, description: Description) -> bool:
        if description.for_person:
            if self.entity.type != "person":
                return False
            if description.office is not None:
                return any(description.office.may_be(held) and (
                    not description.bodies or roles.share_a_word(description.bodies, held.qualifiers))
                    for held in self.offices)
            if description.age is not None:
                return description.age in self.ages
            return description.head in self.nouns
        if self.entity.type not in ORGANISATION_TYPES:
            return False
        return description.head in self.nouns or self._name_fits(description)

    def named_by(self, description: Description) -> bool:
        """Whether the description is this organisation's name in other words or letters: "the
        emergencies ministry", "Day's animal foundation" (Doris Day Animal Foundation); not just its
        head noun ("the ministry")."""
        return bool(description.words) and self.entity.type in ORGANISATION_TYPES and self._name_fits(description)

    def _name_fits(self, description: Description) -> bool:
        return (self.name_head in (description.head, description.head + "s")
                and all(any(roles.same_word(word, mine) for mine in self.name_words) for word in description.words))


@dataclass(frozen=True, slots=True)
class _Fitting:
    """The profiles one description fits, and where the entities are named, merged and sorted."""

    profiles: list[Profile]
    named: list[Profile]
    mentions: list[tuple[int, int]]  # (start, position of the profile in `profiles`)


class Profiles:
    """Every person's and organisation's profile in one article, indexed by the words a description
    is matched on (the last word of an office, a describing noun, the head of a name, an age), so
    that an article of thousands of people and descriptions is not read once per description."""

    def __init__(self, doc: Doc, record: ArticleRecord, names: MentionIndex) -> None:
        self.by_entity: dict[str, Profile] = {}
        for entity in record.entities:
            if entity.type == "person" or entity.type in ORGANISATION_TYPES:
                self.by_entity[entity.id] = _profile_of(entity)
        for start, end, entity in names.mentions:
            profile = self.by_entity.get(entity.id)
            if profile is None:
                continue
            profile.starts.append(start)
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                _read_around(doc, span.start, span.end, profile)
        _add_couples(self.by_entity.values())
        self._by_word: dict[str, list[Profile]] = {}
        for profile in self.by_entity.values():
            for word in _index_words(profile.offices, profile.nouns | {profile.name_head or ""}, profile.ages):
                self._by_word.setdefault(word, []).append(profile)
        self._fitting: dict[tuple[object, ...], _Fitting] = {}

    def holder(self, description: Description) -> Entity | None:
        """The entity `description` refers to: the one it alone fits, named before it or soon after;
        of several, the one named last before it, when that is near. None when it cannot tell."""
        fitting = self._fitting_for(description)
        if len(fitting.named) == 1:
            return fitting.named[0].entity  # a name, wherever the article gives it in full
        offset = description.start
        if len(fitting.profiles) == 1:
            starts = fitting.profiles[0].starts
            k = bisect_left(starts, offset)
            if k or (k < len(starts) and starts[k] - offset <= FORWARD_WINDOW):
                return fitting.profiles[0].entity
            return None
        k = bisect_left(fitting.mentions, (offset, -1))
        if not k or offset - fitting.mentions[k - 1][0] > BACKWARD_WINDOW:
            return None
        return fitting.profiles[fitting.mentions[k - 1][1]].entity

    def fits_anyone(self, description: Description) -> bool:
        """Whether anyone the article describes so fits `description`, wherever they are named."""
        return bool(self._fitting_for(description).profiles)

    def contradicts(self, entity: Entity, description: Description) -> bool:
        """Whether what the article says `entity` is contradicts `description`: the same office,
        another's ("the Democratic presidential nominee" for Republican presidential nominee Donald
        Trump), or another office of the kind ("the health minister" for Civil Aviation Minister
        Hardeep Singh Puri)."""
        office = description.office
        profile = self.by_entity.get(entity.id)
        if office is None or profile is None:
            return False
        unqualified = replace(office, qualifiers=frozenset())
        kind = office.key.split()[-1]
        return any(not office.may_be(held) and (unqualified.may_be(held) or held.key.split()[-1] == kind)
                   for held in profile.offices)

    def _fitting_for(self, description: Description) -> _Fitting:
        key = (description.head, description.office, description.age, description.words, description.for_person,
               description.bodies)
        found = self._fitting.get(key)
        if found is None:
            words = _index_words([description.office] if description.office else [],
                                 {description.head, description.head + "s"},
                                 {description.age} if description.age is not None else set())
            candidates = {id(p): p for word in words for p in self._by_word.get(word, [])}
            profiles = [p for p in candidates.values() if p.fits(description)]
            mentions = sorted((start, n) for n, profile in enumerate(profiles) for start in profile.starts)
            found = self._fitting[key] = _Fitting(profiles, [p for p in profiles if p.named_by(description)], mentions)
        return found


def _add_couples(profiles: Iterable[Profile]) -> None:
    """A man and a woman the article names by one surname, and no one else by it ("David and Louise
    Turpin"), are a couple: "the father", "the husband" is the man, "the mother", "the wife" the woman."""
    by_surname: dict[str, list[Profile]] = {}
    for profile in profiles:
        words = fold(profile.entity.name).split()
        if profile.entity.type == "person" and len(words) > 1:
            by_surname.setdefault(words[-1], []).append(profile)
    for pair in by_surname.values():
        if len(pair) == 2 and {p.entity.gender for p in pair} == {"male", "female"}:
            for profile in pair:
                profile.nouns.update(noun for noun, gender in couple_nouns().items() if gender == profile.entity.gender)


def _index_words(offices: list[roles.Office], nouns: set[str], ages: set[int]) -> set[str]:
    words = {title.split()[-1] for office in offices for title in (office.key, office.written) if title}
    return words | {noun for noun in nouns if noun} | {f"{age} years" for age in ages}


def _profile_of(entity: Entity) -> Profile:
    profile = Profile(entity)
    if entity.type == "person":
        profile.offices = [office for role in entity.roles if (office := roles.office_of(role)) is not None]
        return profile
    if entity.type == "outlet":
        profile.nouns.update(_outlet_nouns())
    for name in (entity.name, *entity.aliases):
        words = fold(name).split()
        profile.name_words.update(words)
        if len(words) > 1 and words[-1] in _company_forms():
            profile.nouns.update(COMPANY_NOUNS)
        cut = next((i for i, word in enumerate(words) if i > 0 and word in _NAME_TAIL), len(words))
        if cut and profile.name_head is None:
            profile.name_head = words[cut - 1]
    return profile


@cache
def _company_forms() -> frozenset[str]:
    return lexicons.word_list("company_forms.txt")


@cache
def _outlet_nouns() -> frozenset[str]:
    return lexicons.word_list("outlet_nouns.txt")


def _read_around(doc: Doc, first: int, end: int, profile: Profile) -> None:
    """The descriptions next to one name: a noun before it ("actor Denzel Washington", "retailer
    Tesco"), an age ("56-year-old Jane Doe", "Jane Doe, 56,"), a noun in apposition ("Boseman, an
    actor,", "One news site, Znak.com,")."""
    if first > 0 and _describes(doc[first - 1]):
        profile.nouns.add(doc[first - 1].lemma_.lower())
    age = _AGE.search(doc[max(0, first - 6) : first].text)
    if age is not None and doc[first - 1].lower_ == "old":
        profile.ages.add(int(age.group(1)))
    after = doc[end : end + 3]
    if len(after) == 3 and after[0].text == "," and after[1].text.isdigit() and after[2].text in (",", ".", ")"):
        profile.ages.add(int(after[1].text))
    root = doc[first:end].root
    appositives = [child for child in root.children if child.dep_ == "appos" and child.i >= end]
    if root.dep_ == "appos" and root.head.i < first:
        appositives.append(root.head)
    for appositive in appositives:
        if appositive.pos_ == "NOUN":
            profile.nouns.add(appositive.lemma_.lower())


def _describes(token: Token) -> bool:
    """Whether `token`, right before a name, is a noun describing it ("actor", "retailer"). A
    capitalised one ("Actor Tom Reyes" opening a sentence) is tagged a proper noun; a title is an
    office, read from the entity's roles."""
    if token.ent_type_ or token.lemma_.lower() in roles.titles():
        return False
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and (is_person_noun(token) or is_collective_noun(token)))
