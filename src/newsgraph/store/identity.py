"""One identity per referent across articles: each article's entity resolved to a store entity.

Evidence used, from strongest to weakest (docs/store.md, "One identity per referent"):

1. the key of the name the article resolves it by, among entities of its type: for persons the
   name folded without titles, for the others store/keys.py's (company suffixes folded; a generic
   name such as "News" gives way to the one longer spelling that contains it, "E! News");
2. persons: name parts (store/persons.py: transliterated surnames, a typo in one part); a surname
   alone joins the one person with a forename known by it alone ("Trump" is Donald Trump, whom
   articles call "Trump", not Melania Trump, whom none does), else the one person with that surname;
3. the others: a spelling an article tied to an entity (aliases of kind `name` or `acronym`);
4. an entity of another type known by the same key, when the two types may be one referent on a
   name alone (store/types.py); the entity's type is the majority of its articles'.

Guard rails: a suffix ("Jr.") or a middle name on one side only keeps people apart; a generic word
joins nothing but an entity of that very name; a fragment of a name ("Ford" beside "Ford
Australia") is never a key; when several entities fit, a new entity is made rather than a guess.
Once an article's spellings are recorded, the entity absorbs the entities they show to be it
(store/merges.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from ..record import EntityType
from . import merges, types
from .entities import add_aliases, create_entity, entity_key, upgrade_name, vote_type
from .keys import JOINING_KINDS, article_names, is_generic
from .persons import PersonName, same_person_ids, surname_alone_candidates, surname_forms

ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
CONFLICTING_GENDER = "conflicting"  # entities.gender when articles disagree: reported as unknown


def names_of(name: str, entity_type: str, aliases: Sequence[str]) -> tuple[str, list[str]]:
    """(the spelling an article's entity is resolved and created by, all its spellings): store/keys.py's
    article_names for all but persons."""
    if entity_type == "person":
        return name, [name, *aliases]
    return article_names(name, aliases, lambda spelling: entity_key(spelling, entity_type))


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the store knows of an article's entity: the entities of its type that fit best (one: it;
    none: a new one; several: a new one, no guess), those of other types that are one with it, and
    of these the ones known by that very name (not only by an acronym it abbreviates)."""

    found: list[int]
    other_types: list[int]
    same_name_other_types: list[int]


def resolve(conn: sqlite3.Connection, name: str, entity_type: str, aliases: Sequence[str] = ()) -> int | None:
    """The store entity `name` (of `entity_type`, also called `aliases`) is, or None when none fits or several do."""
    found = candidates(conn, name, entity_type, aliases)
    return found[0] if len(found) == 1 else None


def candidates(conn: sqlite3.Connection, name: str, entity_type: str, aliases: Sequence[str] = ()) -> list[int]:
    """Every store entity that fits best: of its type, else of another type that is one with it."""
    resolution = _resolution(conn, names_of(name, entity_type, aliases)[0], entity_type)
    return resolution.found or resolution.other_types


def _resolution(conn: sqlite3.Connection, name: str, entity_type: str) -> Resolution:
    keys = {kind: entity_key(name, kind) for kind in ENTITY_TYPES}
    key = keys[entity_type]
    if is_generic(key):  # a generic word joins only an entity of that very name, by its own key
        return Resolution(_ids(conn.execute("SELECT id FROM entities WHERE type = ? AND folded = ?",
                                            (entity_type, key))), [], [])
    # Every entity known by one of the name's keys, by its own key or by a spelling that joins: one
    # pair of indexed look-ups serves the name's own type and the others.
    wanted = sorted({k for k in keys.values() if k and not is_generic(k)})
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT id, type, folded, 'key' FROM entities WHERE folded IN ({marks}) UNION "
        f"SELECT e.id, e.type, a.folded, a.kind FROM aliases a JOIN entities e ON e.id = a.entity_id "
        f"WHERE a.folded IN ({marks}) AND a.kind IN {JOINING_KINDS}", (*wanted, *wanted)).fetchall()
    own = [(int(row[0]), str(row[3])) for row in rows if row[1] == entity_type and row[2] == key]
    found = sorted({entity_id for entity_id, how in own if how == "key"})
    if not found:
        found = (_person_candidates(conn, name) if entity_type == "person"
                 else sorted({entity_id for entity_id, _ in own}))
    others = [(int(row[0]), str(row[3])) for row in rows if row[1] != entity_type and keys.get(row[1]) == row[2]
              and types.may_share_identity(name, entity_type, str(row[1]))]
    return Resolution(found, sorted({entity_id for entity_id, _ in others}),
                      sorted({entity_id for entity_id, how in others if how != "acronym"}))


def _ids(rows: sqlite3.Cursor) -> list[int]:
    return sorted({int(row[0]) for row in rows})


def _person_candidates(conn: sqlite3.Connection, name: str) -> list[int]:
    """People by name parts, for a name that is no person's key."""
    person = PersonName.parse(name)
    if not person.last:
        return []
    same_surname = surname_forms(conn, person)
    if not person.first:
        # A surname alone: the one person with a forename whom articles call by it alone, else the
        # one person with that surname; several are ambiguous ("Queen Elizabeth II" is the Queen
        # Elizabeth known so far). The rule is shared with the lake's resolution (newsgraph.lake).
        return sorted(surname_alone_candidates(same_surname, person))
    strong = same_person_ids(conn, person, same_surname)
    if strong:
        return sorted(strong)
    # Known so far only by this surname ("Zelenskyy"), and nobody else has it: the full name joins it.
    if len(same_surname) == 1:
        (entity_id,) = same_surname
        spellings = [PersonName.parse(row[0]) for row in
                     conn.execute("SELECT name FROM aliases WHERE entity_id = ?", (entity_id,))]
        if all(not n.first for n in spellings):
            return [entity_id]
    return []


def entity_for(conn: sqlite3.Connection, name: str, entity_type: str, aliases: Sequence[str],
               role: str | None, gender: str | None, *, article_id: int | None = None, into: int | None = None) -> int:
    """The store entity for one of article `article_id`'s entities, created when none fits; its
    spellings recorded, its type counted, and the entities its spellings show to be it merged into
    it. `into`: the entity already decided on (an upgrade keeps the entities hand merges made whole)."""
    resolving, spellings = names_of(name, entity_type, aliases)
    resolution = _resolution(conn, resolving, entity_type)
    found = [into] if into is not None else resolution.found or resolution.other_types
    if len(found) == 1:
        (entity_id,) = found
        row = conn.execute("SELECT name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()
        stored_name, stored_type = str(row[0]), str(row[1])
        if stored_type == "person" and PersonName.parse(name).first and not PersonName.parse(stored_name).first:
            stored_name = upgrade_name(conn, entity_id, name)
        if role or gender:
            # Articles that disagree on a person's gender leave it unknown for good (CONFLICTING), not
            # decided by whichever came first.
            conn.execute("UPDATE entities SET role = coalesce(?, role), gender = CASE WHEN ?2 IS NULL THEN gender "
                         "WHEN gender IS NULL OR gender = ?2 THEN ?2 ELSE ?3 END WHERE id = ?4",
                         (role, gender, CONFLICTING_GENDER, entity_id))
    else:
        entity_id = create_entity(conn, resolving, entity_type, role, gender)
        stored_name, stored_type = resolving, entity_type
    added = add_aliases(conn, entity_id, stored_type, [resolving, *spellings], resolving)
    stored_type = vote_type(conn, entity_id, entity_type, stored_type)
    merges.absorb(conn, entity_id, stored_name, stored_type, added, article_id)
    if resolution.found == [entity_id]:
        # Entities another article typed differently, made before this one could join them ("COVID"
        # as a person first, "COVID-19" as an organisation later): one referent, by the same rules.
        for other in resolution.same_name_other_types:
            if other != entity_id and not merges.forbidden(conn, entity_id, other):
                merges.merge_automatically(conn, entity_id, other, entity_key(resolving, entity_type), "type")
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
    for candidate_type in [entity_type] if entity_type else ENTITY_TYPES:
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
