"""One identity per referent across articles: each article's entity resolved to a store entity.

Evidence used, from strongest to weakest: the exact folded canonical name; for persons, name parts
(forename, middle names, surname, suffix) compared with titles removed, surnames equal up to
transliteration ("Zelenskyy" / "Zelensky" / "Zelenskiy") or, when the forenames agree too, a typo
(names.is_spelling_variant); for other types, the exact folded name or a known alias.

Guard rails: a suffix ("Jr.") or a middle name on one side only ("George Bush" / "George W. Bush")
keeps people apart; a surname alone joins a person only when exactly one person in the store has
that surname; when two candidates fit equally, a new entity is made rather than a guess.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import lexicons
from ..names import fold, is_spelling_variant, known_alias, name_parts
from .schema import now

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


def alias_row(name: str, entity_type: str) -> tuple[str, str]:
    """(folded, surname key) of a spelling, as stored in `aliases`."""
    if entity_type == "person":
        person = PersonName.parse(name)
        return person.folded or fold(name), person.key
    return entity_key(name, entity_type), ""


def entity_key(name: str, entity_type: str) -> str:
    """The folded canonical name: known aliases ("Number 10") fold to their institution."""
    if entity_type == "person":
        return PersonName.parse(name).folded or fold(name)
    known = known_alias(name)
    return fold(known[0]) if known else fold(name)


def resolve(conn: sqlite3.Connection, name: str, entity_type: str) -> int | None:
    """The store entity `name` (of `entity_type`) is, or None when none fits or several do."""
    key = entity_key(name, entity_type)
    rows = conn.execute("SELECT id FROM entities WHERE type = ? AND folded = ?", (entity_type, key)).fetchall()
    if len(rows) == 1:
        return int(rows[0][0])
    if len(rows) > 1:
        return None
    if entity_type == "person":
        return _resolve_person(conn, PersonName.parse(name))
    rows = conn.execute("SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
                        "WHERE a.folded = ? AND e.type = ?", (key, entity_type)).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None


def _resolve_person(conn: sqlite3.Connection, person: PersonName) -> int | None:
    if not person.last:
        return None
    same_surname = surname_forms(conn, person)
    if not person.first:
        # A surname alone: only when it can be nobody else in the store.
        return next(iter(same_surname)) if len(same_surname) == 1 else None
    strong = same_person_ids(conn, person, same_surname)
    if len(strong) == 1:
        return strong[0]
    if strong:
        return None
    # Known so far only by this surname ("Zelenskyy"), and nobody else has it: the full name joins it.
    if len(same_surname) == 1:
        (entity_id,) = same_surname
        spellings = [PersonName.parse(row[0]) for row in
                     conn.execute("SELECT name FROM aliases WHERE entity_id = ?", (entity_id,))]
        if all(not n.first for n in spellings):
            return entity_id
    return None


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


def create_entity(conn: sqlite3.Connection, name: str, entity_type: str, role: str | None = None,
                  gender: str | None = None) -> int:
    cursor = conn.execute("INSERT INTO entities (name, folded, type, role, gender, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          (name, entity_key(name, entity_type), entity_type, role, gender, now()))
    add_aliases(conn, int(cursor.lastrowid or 0), entity_type, [name])
    return int(cursor.lastrowid or 0)


def add_aliases(conn: sqlite3.Connection, entity_id: int, entity_type: str, spellings: list[str]) -> None:
    rows = []
    for spelling in spellings:
        folded, surname = alias_row(spelling, entity_type)
        if folded:
            rows.append((entity_id, spelling, folded, surname))
    conn.executemany("INSERT OR IGNORE INTO aliases (entity_id, name, folded, surname) VALUES (?, ?, ?, ?)", rows)


def upgrade_name(conn: sqlite3.Connection, entity_id: int, name: str, entity_type: str) -> None:
    """A surname-only entity that met its full name takes the full name as canonical."""
    if entity_type != "person":
        return
    current = conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()[0]
    if not PersonName.parse(current).first and PersonName.parse(name).first:
        conn.execute("UPDATE entities SET name = ?, folded = ? WHERE id = ?",
                     (name, entity_key(name, entity_type), entity_id))


def entity_for(conn: sqlite3.Connection, name: str, entity_type: str, aliases: list[str],
               role: str | None, gender: str | None) -> int:
    """The store entity for one article's entity, created when none fits; its spellings recorded."""
    entity_id = resolve(conn, name, entity_type)
    if entity_id is None:
        entity_id = create_entity(conn, name, entity_type, role, gender)
    else:
        if entity_type == "person" and PersonName.parse(name).first:
            upgrade_name(conn, entity_id, name, entity_type)
        if role or gender:
            conn.execute("UPDATE entities SET role = coalesce(?, role), gender = coalesce(gender, ?) WHERE id = ?",
                         (role, gender, entity_id))
    add_aliases(conn, entity_id, entity_type, [name, *aliases])
    return entity_id


_MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer: a larger "#id" names no entity


def id_reference(name: str) -> int | None:
    """The entity id a "#42" reference names (-1 when it is past any row id), or None for a name."""
    if not (name.startswith("#") and name[1:].isascii() and name[1:].isdigit()):
        return None
    number = int(name[1:])
    return number if number <= _MAX_ROW_ID else -1


def find_entities(conn: sqlite3.Connection, name: str, entity_type: str | None = None) -> list[sqlite3.Row]:
    """Entities called `name`: "#42" is entity 42; else the canonical name, else any alias. Replaying
    recorded corrections finds their entities so; a user's name goes through store/lookup.py."""
    if (entity_id := id_reference(name)) is not None:
        return conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchall()
    type_clause, type_args = ("AND e.type = ?", (entity_type,)) if entity_type else ("", ())
    found: list[sqlite3.Row] = []
    for candidate_type in ([entity_type] if entity_type else ["person", "organisation", "place", "outlet",
                                                               "group", "other"]):
        key = entity_key(name, candidate_type)
        found += conn.execute(f"SELECT * FROM entities e WHERE e.folded = ? AND e.type = ? {type_clause}",
                              (key, candidate_type, *type_args)).fetchall()
    if found:
        return found
    resolved = {resolve(conn, name, t) for t in ([entity_type] if entity_type else ["person", "organisation"])}
    resolved.discard(None)
    if resolved:
        marks = ",".join("?" * len(resolved))
        return conn.execute(f"SELECT * FROM entities WHERE id IN ({marks}) ORDER BY id", tuple(resolved)).fetchall()
    keys = {entity_key(name, t) for t in ("person", "organisation")}
    marks = ",".join("?" * len(keys))
    return conn.execute(f"SELECT DISTINCT e.* FROM entities e JOIN aliases a ON a.entity_id = e.id "
                        f"WHERE a.folded IN ({marks}) {type_clause} ORDER BY e.id", (*keys, *type_args)).fetchall()
