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
from typing import get_args

from ..record import EntityType
from . import merges, types
from .entities import add_aliases, create_entity, entity_key, upgrade_name, vote_type
from .keys import JOINING_KINDS, article_names, is_generic
from .persons import PersonName, same_person_ids, surname_forms

ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)


def names_of(name: str, entity_type: str, aliases: Sequence[str]) -> tuple[str, list[str]]:
    """(the spelling an article's entity is resolved and created by, all its spellings): store/keys.py's
    article_names for all but persons."""
    if entity_type == "person":
        return name, [name, *aliases]
    return article_names(name, aliases, lambda spelling: entity_key(spelling, entity_type))


def resolve(conn: sqlite3.Connection, name: str, entity_type: str, aliases: Sequence[str] = ()) -> int | None:
    """The store entity `name` (of `entity_type`, also called `aliases`) is, or None when none fits or several do."""
    found = candidates(conn, name, entity_type, aliases)
    return found[0] if len(found) == 1 else None


def candidates(conn: sqlite3.Connection, name: str, entity_type: str, aliases: Sequence[str] = ()) -> list[int]:
    """Every store entity that fits best (one: it; none: a new entity; several: a new one, no guess)."""
    name = names_of(name, entity_type, aliases)[0]
    key = entity_key(name, entity_type)
    if entity_type == "person":
        found = _person_candidates(conn, name, key)
    else:
        found = _ids(conn.execute("SELECT id FROM entities WHERE type = ? AND folded = ?", (entity_type, key)))
        if not found and not is_generic(key):
            found = _ids(conn.execute(
                "SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
                f"WHERE a.folded = ? AND e.type = ? AND a.kind IN {JOINING_KINDS}", (key, entity_type)))
    return found or ([] if is_generic(key) else _other_types(conn, name, entity_type))


def _ids(rows: sqlite3.Cursor) -> list[int]:
    return sorted({int(row[0]) for row in rows})


def _person_candidates(conn: sqlite3.Connection, name: str, key: str) -> list[int]:
    exact = _ids(conn.execute("SELECT id FROM entities WHERE type = 'person' AND folded = ?", (key,)))
    person = PersonName.parse(name)
    if exact or not person.last:
        return exact
    same_surname = surname_forms(conn, person)
    if not person.first:
        # A surname alone: the one person with a forename whom articles call by it alone, else the
        # one person with that surname; several are ambiguous. With a suffix ("Trump Jr."), only
        # the people who bear it.
        if person.suffix:
            same_surname = {entity_id: forms for entity_id, forms in same_surname.items()
                            if any(f.suffix == person.suffix for f in forms)}
        known_so = [entity_id for entity_id, forms in same_surname.items() if any(f.first for f in forms)
                    and any(not f.first and f.suffix == person.suffix for f in forms)]
        return known_so if len(known_so) == 1 else sorted(same_surname)
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


def _other_types(conn: sqlite3.Connection, name: str, entity_type: str) -> list[int]:
    """Entities of other types known by this name's key in their type, when a name alone may join them."""
    keys = {other: entity_key(name, other) for other in ENTITY_TYPES if other != entity_type}
    wanted = sorted({key for key in keys.values() if key and not is_generic(key)})
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT id, type, folded FROM entities WHERE folded IN ({marks}) AND type != ? UNION "
        f"SELECT e.id, e.type, a.folded FROM aliases a JOIN entities e ON e.id = a.entity_id "
        f"WHERE a.folded IN ({marks}) AND e.type != ? AND a.kind IN {JOINING_KINDS}",
        (*wanted, entity_type, *wanted, entity_type)).fetchall()
    return sorted({int(row[0]) for row in rows if keys.get(row[1]) == row[2]
                   and types.may_share_identity(name, entity_type, str(row[1]))})


def entity_for(conn: sqlite3.Connection, name: str, entity_type: str, aliases: Sequence[str],
               role: str | None, gender: str | None, *, into: int | None = None) -> int:
    """The store entity for one article's entity, created when none fits; its spellings recorded, its
    type counted, and the entities its spellings show to be it merged into it. `into`: the entity
    already decided on (an upgrade keeps the entities that hand merges made whole)."""
    resolving, spellings = names_of(name, entity_type, aliases)
    entity_id = into if into is not None else resolve(conn, name, entity_type, aliases)
    if entity_id is None:
        entity_id = create_entity(conn, resolving, entity_type, role, gender)
    else:
        if entity_type == "person" and PersonName.parse(name).first:
            upgrade_name(conn, entity_id, name, entity_type)
        if role or gender:
            conn.execute("UPDATE entities SET role = coalesce(?, role), gender = coalesce(gender, ?) WHERE id = ?",
                         (role, gender, entity_id))
    stored_type = str(conn.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()[0])
    added = add_aliases(conn, entity_id, stored_type, [resolving, *spellings], resolving)
    vote_type(conn, entity_id, entity_type)
    merges.absorb(conn, entity_id, added)
    # An entity another article typed differently, made before this one could join it ("COVID"
    # as a person first, "COVID-19" as an organisation later): one referent, by the same rules.
    for other in _other_types(conn, resolving, entity_type):
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
