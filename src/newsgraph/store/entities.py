"""Store entities as rows: their keys, their spellings (`aliases`), their type by their articles'
majority (store/types.py), and moving every row of one entity onto another (a merge).

store/identity.py decides which entity an article's entity is; this module only writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..names import fold
from . import places, types
from .keys import alias_kind, organisation_key, place_key
from .persons import PersonName
from .schema import now


@dataclass(frozen=True, slots=True)
class Alias:
    """One spelling of an entity as stored in `aliases`."""

    name: str
    folded: str
    surname: str
    kind: str


def entity_key(name: str, entity_type: str) -> str:
    """The identity key of a name: a person's folded name parts; a place's or an institution's usual
    name folded ("Number 10" is "downing street"); an organisation's without company suffixes."""
    if entity_type == "person":
        return PersonName.parse(name).folded or fold(name)
    return place_key(name) if entity_type == "place" else organisation_key(name)


def create_entity(conn: sqlite3.Connection, name: str, entity_type: str, role: str | None = None,
                  gender: str | None = None) -> int:
    cursor = conn.execute("INSERT INTO entities (name, folded, type, role, gender, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          (name, entity_key(name, entity_type), entity_type, role, gender, now()))
    add_aliases(conn, int(cursor.lastrowid or 0), entity_type, [name])
    return int(cursor.lastrowid or 0)


@lru_cache(maxsize=1 << 16)  # bounded: a backfill meets millions of distinct spellings
def alias_of(spelling: str, entity_type: str, reference: str, reference_key: str) -> Alias:
    """A spelling as stored for an entity of `entity_type` resolved by the name `reference`."""
    if entity_type == "person":
        person = PersonName.parse(spelling)
        return Alias(spelling, person.folded or fold(spelling), person.key, "name")
    folded = entity_key(spelling, entity_type)
    return Alias(spelling, folded, "", alias_kind(spelling, folded, reference, reference_key))


def add_aliases(conn: sqlite3.Connection, entity_id: int, entity_type: str, spellings: Sequence[str],
                reference: str | None = None) -> list[Alias]:
    """Record spellings of an entity (their kinds judged against `reference`, by default the first);
    returns those it did not have."""
    if not spellings:
        return []
    reference = reference or spellings[0]
    reference_key = entity_key(reference, entity_type)
    by_key: dict[str, Alias] = {}
    for spelling in spellings:
        alias = alias_of(spelling, entity_type, reference, reference_key)
        if alias.folded:
            by_key.setdefault(alias.folded, alias)
    if not by_key:
        return []
    marks = ",".join("?" * len(by_key))
    known = {str(row[0]) for row in conn.execute(
        f"SELECT folded FROM aliases WHERE entity_id = ? AND folded IN ({marks})", (entity_id, *by_key))}
    added = [alias for key, alias in by_key.items() if key not in known]
    conn.executemany("INSERT OR IGNORE INTO aliases (entity_id, name, folded, surname, kind) VALUES (?, ?, ?, ?, ?)",
                     [(entity_id, a.name, a.folded, a.surname, a.kind) for a in added])
    return added


def retype(conn: sqlite3.Connection, entity_id: int, entity_type: str) -> None:
    """The entity takes `entity_type` (its articles' majority): its keys are made again for that type."""
    name = str(conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()[0])
    spellings = [str(row[0]) for row in conn.execute("SELECT name FROM aliases WHERE entity_id = ? ORDER BY id",
                                                     (entity_id,))]
    conn.execute("UPDATE entities SET type = ?, folded = ? WHERE id = ?",
                 (entity_type, entity_key(name, entity_type), entity_id))
    conn.execute("DELETE FROM aliases WHERE entity_id = ?", (entity_id,))
    add_aliases(conn, entity_id, entity_type, [name, *spellings])


def vote_type(conn: sqlite3.Connection, entity_id: int, entity_type: str, current: str) -> str:
    """Count an article's type for the entity (of type `current`); it takes its articles' majority
    type, which is returned."""
    winner = types.count(conn, entity_id, entity_type, current)
    if winner != current:
        retype(conn, entity_id, winner)
    return winner


def settle_type(conn: sqlite3.Connection, entity_id: int) -> None:
    """After a merge or split: the entity takes its articles' majority type."""
    row = conn.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is not None and (winner := types.majority(conn, entity_id, str(row[0]))) != row[0]:
        retype(conn, entity_id, winner)


def upgrade_name(conn: sqlite3.Connection, entity_id: int, name: str) -> str:
    """A person known only by a surname who met the full name takes it as canonical; returns it."""
    conn.execute("UPDATE entities SET name = ?, folded = ? WHERE id = ?", (name, entity_key(name, "person"), entity_id))
    return name


# Every column that points at an entity, by the article entity row it was resolved from (None: the
# column has none and is moved by its entity id alone).
ENTITY_COLUMNS = (("article_entities", "entity_id", "id"), ("mentions", "entity_id", "article_entity_id"),
                  ("quotes", "speaker_id", "speaker_article_entity_id"),
                  ("quote_entities", "entity_id", "article_entity_id"),
                  ("event_participants", "entity_id", "article_entity_id"),
                  ("events", "place_id", "place_article_entity_id"), ("quotes", "venue_id", None),
                  ("statements", "speaker_id", None))


def move(conn: sqlite3.Connection, keep: int, drop: int) -> None:
    """Entity `drop` becomes entity `keep`: its articles, mentions, quotations, events, spellings and
    type votes; `keep` then takes its articles' majority type and place."""
    if keep == drop:
        return
    for table, column, _ in ENTITY_COLUMNS:
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (keep, drop))
    conn.execute("INSERT OR IGNORE INTO aliases (entity_id, name, folded, surname, kind) "
                 "SELECT ?, name, folded, surname, kind FROM aliases WHERE entity_id = ?", (keep, drop))
    conn.execute("DELETE FROM aliases WHERE entity_id = ?", (drop,))
    types.merged(conn, keep, drop)
    conn.execute("DELETE FROM entities WHERE id = ?", (drop,))
    settle_type(conn, keep)
    places.refresh(conn, [keep])
