"""Identity corrections by hand: merge, split, rename. Each is recorded in `corrections` and
replayed (idempotently, in order) after every ingest, so that later articles follow them too."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import NotFoundError, StoreError
from . import lookup, places, types
from .entities import ENTITY_COLUMNS, add_aliases, create_entity, entity_key, settle_type
from .entities import move as merge
from .identity import find_entities
from .schema import connect, now, transaction


def split(conn: sqlite3.Connection, entity: sqlite3.Row, alias: str) -> int:
    """The articles that call `entity` by `alias` become a separate entity (found or made); its id.

    Raises NotFoundError when no article names the entity so.
    """
    key = entity_key(alias, entity["type"])
    moved = [row[0] for row in conn.execute("SELECT id, name FROM article_entities WHERE entity_id = ?",
                                             (entity["id"],)) if entity_key(row[1], entity["type"]) == key]
    if not moved:
        raise NotFoundError(f"no article calls #{entity['id']} {entity['name']} {alias!r}")
    articles = conn.execute("SELECT count(*) FROM article_entities WHERE entity_id = ?", (entity["id"],)).fetchone()[0]
    if articles == len(moved):
        # "Acme" and "Acme Inc." are one name once folded: every article would move, none stay.
        raise NotFoundError(f"every article calls #{entity['id']} {entity['name']} {alias!r} or a spelling of the "
                            f"same name: no article would stay; rename it instead")
    target = conn.execute("SELECT id FROM entities WHERE type = ? AND folded = ? AND id != ?",
                          (entity["type"], key, entity["id"])).fetchone()
    new_id = int(target[0]) if target else create_entity(conn, alias, entity["type"])
    marks = ",".join("?" * len(moved))
    # A quotation's venue has no article entity column: it follows the articles that moved.
    conn.execute(f"UPDATE quotes SET venue_id = ? WHERE venue_id = ? AND article_id IN "
                 f"(SELECT article_id FROM article_entities WHERE id IN ({marks}))", (new_id, entity["id"], *moved))
    for table, target_column, column in ENTITY_COLUMNS:
        if column is not None:
            conn.execute(f"UPDATE {table} SET {target_column} = ? WHERE {column} IN ({marks})", (new_id, *moved))
    places.refresh(conn, [entity["id"], new_id])
    conn.execute("DELETE FROM aliases WHERE entity_id = ? AND folded = ?", (entity["id"], key))
    add_aliases(conn, new_id, entity["type"], [alias])
    types.recount(conn, [entity["id"], new_id])
    for entity_id in (entity["id"], new_id):
        settle_type(conn, entity_id)
    return new_id


def rename(conn: sqlite3.Connection, entity: sqlite3.Row, new_name: str) -> None:
    conn.execute("UPDATE entities SET name = ?, folded = ? WHERE id = ?",
                 (new_name, entity_key(new_name, entity["type"]), entity["id"]))
    add_aliases(conn, entity["id"], entity["type"], [new_name])


def record(conn: sqlite3.Connection, action: str, target: str, argument: str, entity_type: str | None) -> None:
    conn.execute("INSERT INTO corrections (action, target, argument, type, created_at) VALUES (?, ?, ?, ?, ?)",
                 (action, target, argument, entity_type, now()))


def apply(conn: sqlite3.Connection, action: str, target: str, argument: str, entity_type: str | None = None) -> str:
    """Carry out one correction by hand, record it, and say what was done."""
    with transaction(conn):
        entity = _named(conn, target, entity_type)
        if action == "merge":
            # The entity kept is no candidate for the one merged into it: `merge "Donald Trump" Trump`
            # means the other entities called "Trump".
            others = lookup.candidates(conn, argument, entity_type)
            if [c.id for c in others] == [entity["id"]]:
                raise StoreError(f"{target!r} and {argument!r} are already one entity (#{entity['id']})")
            other = _row(conn, lookup.choose([c for c in others if c.id != entity["id"]], argument,
                                             decisive=False).id)
            merge(conn, entity["id"], other["id"])
            done = f"merged #{other['id']} {other['name']} into #{entity['id']} {entity['name']}"
        elif action == "split":
            new_id = split(conn, entity, argument)
            done = f"split {argument!r} off #{entity['id']} {entity['name']} as #{new_id}"
        else:
            rename(conn, entity, argument)
            done = f"renamed #{entity['id']} {entity['name']} to {argument}"
        record(conn, action, entity["name"] if action != "rename" else argument, argument if action != "rename"
               else entity["name"], entity["type"])
    return done


def _named(conn: sqlite3.Connection, name: str, entity_type: str | None) -> sqlite3.Row:
    """The entity a correction names: only a single best match, never a guess by evidence."""
    return _row(conn, lookup.entity(conn, name, entity_type, decisive=False).id)


def _row(conn: sqlite3.Connection, entity_id: int) -> sqlite3.Row:
    return conn.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()


def adopt(conn: sqlite3.Connection, sources: Iterable[str | Path]) -> int:
    """Record here the corrections of the stores among an ingest's `sources` (`newsgraph ingest
    OLD.db --db NEW.db`), in their order, each once, so that the replay after the ingest applies
    them to the articles analysed again; returns how many were new here."""
    from ..sources.store import is_store_file

    adopted = 0
    for source in map(Path, sources):
        if not is_store_file(source):
            continue
        try:
            other = connect(source, readonly=True)
        except StoreError:
            continue  # not a store it can read: reported among the ingest's rejected inputs (bad_store)
        try:
            rows = other.execute("SELECT action, target, argument, type FROM corrections ORDER BY id").fetchall()
        finally:
            other.close()
        with transaction(conn):
            for action, target, argument, entity_type in rows:
                if not conn.execute("SELECT 1 FROM corrections WHERE action = ? AND target = ? AND argument = ? "
                                    "AND type IS ?", (action, target, argument, entity_type)).fetchone():
                    record(conn, action, target, argument, entity_type)
                    adopted += 1
    return adopted


def replay(conn: sqlite3.Connection) -> int:
    """Apply every recorded correction again (after an ingest); returns how many changed something.

    Recorded as: merge (kept name, merged name), split (entity name, alias), rename (new name, old name).
    """
    with transaction(conn):
        return replay_all(conn)


def replay_all(conn: sqlite3.Connection) -> int:
    """`replay` inside a transaction the caller holds (the store's upgrade)."""
    changed = 0
    for row in conn.execute("SELECT * FROM corrections ORDER BY id").fetchall():
        step = _REPLAYS[row["action"]]
        changed += step(conn, row["target"], row["argument"], row["type"])
    return changed


def _replay_merge(conn: sqlite3.Connection, kept: str, merged: str, entity_type: str | None) -> int:
    keep = find_entities(conn, kept, entity_type)
    if len(keep) != 1:
        return 0
    others = [row for row in find_entities(conn, merged, entity_type) if row["id"] != keep[0]["id"]]
    for other in others:
        merge(conn, keep[0]["id"], other["id"])
    return len(others)


def _replay_split(conn: sqlite3.Connection, name: str, alias: str, entity_type: str | None) -> int:
    entities = [row for row in find_entities(conn, name, entity_type)
                if row["folded"] != entity_key(alias, row["type"])]
    if len(entities) != 1:
        return 0
    try:
        split(conn, entities[0], alias)
    except NotFoundError:
        return 0
    return 1


def _replay_rename(conn: sqlite3.Connection, new_name: str, old_name: str, entity_type: str | None) -> int:
    entities = find_entities(conn, old_name, entity_type)
    stale = [row for row in entities if row["name"] != new_name]
    if len(entities) != 1 or not stale:
        return 0
    rename(conn, stale[0], new_name)
    return 1


_REPLAYS: dict[str, Callable[[sqlite3.Connection, str, str, str | None], int]] = {
    "merge": _replay_merge, "split": _replay_split, "rename": _replay_rename,
}
