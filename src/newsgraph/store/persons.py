"""People's names across articles: name parts, transliteration, and when two full names can only be
one person (store/identity.py resolves with them; store/lookup.py looks names up with them).

A person's name is parsed into forename, middle names, surname and suffix, titles and honorifics
removed. Surnames are equal when their transliteration keys are ("Zelenskyy", "Zelensky",
"Zelenskiy"); a typo (names.is_spelling_variant) is tolerated in the forename or the surname, never
both; a suffix ("Jr.") or a middle name on one side only ("George Bush" / "George W. Bush") means
two people.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TypeVar

from .. import lexicons
from ..names import fold, is_spelling_variant, name_parts

Key = TypeVar("Key", bound=Hashable)

SUFFIXES = frozenset({"jr", "sr", "junior", "senior", "ii", "iii", "iv"})


@cache
def _transliteration_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(row[0]), row[1]) for row in lexicons.table("transliteration.tsv"))


@lru_cache(maxsize=1 << 16)  # bounded: a backfill meets millions of distinct name parts
def transliteration_key(part: str) -> str:
    """One spelling for the romanisation variants of a folded name part."""
    for pattern, replacement in _transliteration_rules():
        part = pattern.sub(replacement, part)
    return part


@cache
def _titles_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Folded titles and honorifics, keyed by their first word, longest first."""
    titles = {tuple(fold(t).split()) for t in lexicons.word_list("titles.txt")}
    titles |= {tuple(fold(row[0]).split()) for row in lexicons.table("honorifics.tsv")}
    index: dict[str, list[tuple[str, ...]]] = {}
    for title in sorted((t for t in titles if t), key=len, reverse=True):
        index.setdefault(title[0], []).append(title)
    return {first: tuple(group) for first, group in index.items()}


def without_titles(parts: list[str]) -> list[str]:
    """Name parts with leading titles and honorifics removed ("president", "mr")."""
    index = _titles_by_first_word()
    while len(parts) > 1:
        title = next((t for t in index.get(parts[0], ()) if len(t) < len(parts) and
                      tuple(parts[: len(t)]) == t), None)
        if title is None:
            break
        parts = parts[len(title):]
    return parts


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in parts, folded: forename, middle names, surname, suffix."""

    first: str
    middle: tuple[str, ...]
    last: str
    suffix: str

    @classmethod
    def parse(cls, name: str) -> PersonName:
        return _parse_person(name)

    @classmethod
    def _parse(cls, name: str) -> PersonName:
        parts = without_titles(name_parts(name))
        suffix = parts.pop() if len(parts) > 1 and parts[-1] in SUFFIXES else ""
        if not parts:
            return cls("", (), "", suffix)
        if len(parts) == 1:
            return cls("", (), parts[0], suffix)
        return cls(parts[0], tuple(parts[1:-1]), parts[-1], suffix)

    @property
    def key(self) -> str:
        return transliteration_key(self.last)

    @property
    def folded(self) -> str:
        return " ".join(p for p in (self.first, *self.middle, self.last, self.suffix) if p)


@lru_cache(maxsize=1 << 16)
def _parse_person(name: str) -> PersonName:
    return PersonName._parse(name)


def _part_agrees(a: str, b: str, *, typo: bool) -> bool:
    if a == b or transliteration_key(a) == transliteration_key(b):
        return True
    if len(a) == 1 or len(b) == 1:  # an initial: "W." and "Walker"
        return a[0] == b[0]
    return typo and is_spelling_variant(a, b)


def same_person(a: PersonName, b: PersonName) -> bool:
    """True when two full names (forename and surname) can only be the same person."""
    if not (a.first and b.first) or a.suffix != b.suffix or len(a.middle) != len(b.middle):
        return False
    if not all(_part_agrees(x, y, typo=False) for x, y in zip(a.middle, b.middle, strict=True)):
        return False
    first_exact = a.first == b.first or transliteration_key(a.first) == transliteration_key(b.first)
    # A typo is tolerated in one of the two parts, never in both.
    if first_exact:
        return _part_agrees(a.last, b.last, typo=True)
    return _part_agrees(a.last, b.last, typo=False) and _part_agrees(a.first, b.first, typo=True)


def called_by_surname_alone(forms: Mapping[Key, Sequence[PersonName]], suffix: str) -> list[Key]:
    """Of people (their spellings by id), those with a forename whom articles also call by the surname
    alone, with this suffix ("Trump" for Donald Trump, not for Melania Trump, whom none calls so)."""
    return [key for key, names in forms.items() if any(n.first for n in names)
            and any(not n.first and n.suffix == suffix for n in names)]


def surname_alone_candidates(same_surname: Mapping[Key, Sequence[PersonName]], person: PersonName) -> list[Key]:
    """Whom a surname alone (`person`, no forename) may be, among the people with that surname: the
    one called by it alone, else all of them (one: that one; several: ambiguous). With a suffix
    ("Trump Jr.") only those who bear it, when some do."""
    bearers = {key: forms for key, forms in same_surname.items()
               if person.suffix and any(f.suffix == person.suffix for f in forms)}
    candidates = bearers or same_surname
    known_so = called_by_surname_alone(candidates, person.suffix)
    return known_so if len(known_so) == 1 else list(candidates)


def surname_forms(conn: sqlite3.Connection, person: PersonName) -> dict[int, list[PersonName]]:
    """The spellings, by person entity, of everyone with `person`'s surname (up to transliteration)."""
    return _forms(conn.execute(
        "SELECT a.entity_id, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.surname = ? AND e.type = 'person'", (person.key,)))


def same_person_ids(conn: sqlite3.Connection, person: PersonName,
                    same_surname: dict[int, list[PersonName]] | None = None) -> list[int]:
    """Person entities one of whose spellings can only be `person` (a full name: same_person())."""
    forms = {entity_id: list(names) for entity_id, names in
             (surname_forms(conn, person) if same_surname is None else same_surname).items()}
    if len(person.key) >= 4:
        # A typo in the surname is tolerated only with the same forename (same_person() decides), so
        # the candidates are the spellings that start with this forename: an index range, not a scan.
        for entity_id, names in _forms(conn.execute(
                "SELECT a.entity_id, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id "
                "WHERE a.folded >= ? AND a.folded < ? AND a.surname != ? AND e.type = 'person'",
                (person.first + " ", person.first + "!", person.key))).items():
            forms.setdefault(entity_id, []).extend(names)
    return [eid for eid, names in forms.items() if any(same_person(person, n) for n in names)]


def _forms(rows: Iterable[sqlite3.Row | tuple[int, str]]) -> dict[int, list[PersonName]]:
    forms: dict[int, list[PersonName]] = {}
    for entity_id, alias in rows:
        forms.setdefault(int(entity_id), []).append(PersonName.parse(str(alias)))
    return forms
