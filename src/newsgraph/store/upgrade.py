"""A store's identities resolved again with this version's rules (the Python step of migration 4).

Every stored article's entities are resolved again, in the order the articles were stored, as a
fresh ingest of the same records would: the store keeps what resolution needs of each article's
entity (its name, type and role on `article_entities`, its other spellings as its mentions' names,
aliases and variants), so no article is analysed again. Resolution runs on a scratch store in
memory with the writer's own code (store/identity.py); the result is then written back: every
row that points at an entity follows its article entity row (entities.ENTITY_COLUMNS).

Entity ids are kept where they can be: each new entity takes the id of the entity its first article
entity had, else the id most of its article entities had (larger entities choose first), so "#42"
in a link, a note or a recorded correction still names it; an entity the new rules split off
takes a new id, and an id whose entity was merged is
recorded in `identity_merges` (reason `upgrade`). Corrections by hand are not lost: the entities
hand merges kept stay whole, those hand splits made stay whole and apart, the scratch store knows
the hand splits (so no automatic merge undoes one), and every correction is replayed at the end, as
after an ingest.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator

from ..errors import StoreError
from ..names import clean_name
from . import corrections, places
from .entities import ENTITY_COLUMNS, create_entity
from .identity import entity_for, find_entities
from .schema import now, scratch


def reresolve_identities(conn: sqlite3.Connection) -> None:
    """Resolve every stored article's entities again, write the result back and replay the
    corrections; inside the caller's transaction (the migration's)."""
    if conn.execute("SELECT 1 FROM article_entities LIMIT 1").fetchone() is None:
        return
    work = scratch()
    try:
        resolved, made_from = _resolve_again(conn, work)
        ids = _keep_ids(conn, resolved, made_from)
        _write_back(conn, work, resolved, ids)
    finally:
        work.close()
    violations = conn.execute("PRAGMA foreign_key_check").fetchall()
    if violations:
        raise StoreError(f"resolving identities again left {len(violations)} rows pointing nowhere; "
                         "the store was not changed")
    corrections.replay_all(conn)


def _spellings(conn: sqlite3.Connection) -> Iterator[tuple[int, list[str]]]:
    """(article entity id, its mentions' spellings in text order), by article entity id."""
    current, texts = None, []
    for article_entity_id, text in conn.execute(
            "SELECT article_entity_id, text FROM mentions WHERE kind IN ('name', 'alias', 'variant') "
            "ORDER BY article_entity_id, start"):
        if article_entity_id != current:
            if current is not None:
                yield current, texts
            current, texts = article_entity_id, []
        texts.append(clean_name(str(text)))
    if current is not None:
        yield current, texts


def _pinned(conn: sqlite3.Connection) -> tuple[set[int], set[int]]:
    """(entities a hand merge kept, entities a hand split made): the articles of each stay together
    whatever the rules say, and those of a split's entity apart from any other."""
    kept, split_off = set(), set()
    for action, target, argument, entity_type in conn.execute(
            "SELECT action, target, argument, type FROM corrections WHERE action IN ('merge', 'split')").fetchall():
        name = target if action == "merge" else argument
        found = conn.execute("SELECT id FROM entities WHERE name = ? AND (type = ? OR ? IS NULL)",
                             (name, entity_type, entity_type)).fetchall() or find_entities(conn, name, entity_type)
        if len(found) == 1:
            (kept if action == "merge" else split_off).add(int(found[0][0]))
    return kept, split_off


def _resolve_again(conn: sqlite3.Connection, work: sqlite3.Connection
                   ) -> tuple[dict[int, tuple[int, int]], dict[int, int]]:
    """(article entity id -> (its entity id before, its entity in `work`), resolved in storage order;
    entity in `work` -> the entity id before of the article entity that made it)."""
    kept, split_off = _pinned(conn)
    first_of_pin: dict[int, int] = {}  # a pinned entity -> its first article entity (whose entity it joins)
    genders = dict(conn.execute("SELECT id, gender FROM entities WHERE gender IS NOT NULL").fetchall())
    spellings = _spellings(conn)
    pending = next(spellings, None)
    work.execute("BEGIN")
    work.executemany("INSERT INTO corrections (action, target, argument, type, created_at) VALUES (?, ?, ?, ?, ?)",
                     conn.execute("SELECT action, target, argument, type, created_at FROM corrections ORDER BY id"))
    before: dict[int, int] = {}
    made_from: dict[int, int] = {}
    for row_id, article_id, old_id, local_id, name, entity_type, role in conn.execute(
            "SELECT id, article_id, entity_id, local_id, name, type, role FROM article_entities ORDER BY id"):
        while pending is not None and pending[0] < row_id:
            pending = next(spellings, None)
        texts = pending[1] if pending is not None and pending[0] == row_id else []
        aliases = list(dict.fromkeys(t for t in texts if t and t != name))
        into = None
        if old_id in first_of_pin:
            into = int(work.execute("SELECT entity_id FROM article_entities WHERE id = ?",
                                    (first_of_pin[old_id],)).fetchone()[0])
        elif old_id in kept or old_id in split_off:
            first_of_pin[old_id] = row_id
            if old_id in split_off:
                into = create_entity(work, name, entity_type or "other", role, genders.get(old_id))
        entity_id = entity_for(work, name, entity_type or "other", aliases, role, genders.get(old_id),
                               article_id=article_id, into=into)
        made_from.setdefault(entity_id, int(old_id))
        work.execute("INSERT INTO article_entities (id, article_id, entity_id, local_id, name, type) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (row_id, article_id, entity_id, local_id, name, entity_type))
        before[row_id] = int(old_id)
    work.execute("COMMIT")
    now_in = dict(work.execute("SELECT id, entity_id FROM article_entities").fetchall())
    return {row_id: (old_id, int(now_in[row_id])) for row_id, old_id in before.items()}, made_from


def _keep_ids(conn: sqlite3.Connection, resolved: dict[int, tuple[int, int]], made_from: dict[int, int]
              ) -> dict[int, int]:
    """Scratch entity -> its id in the store: the old id of the article entity that made it, else the
    one most of its article entities had, when no larger entity took it first; else a new one."""
    votes: dict[int, Counter[int]] = {}
    for old_id, new_id in resolved.values():
        votes.setdefault(new_id, Counter())[old_id] += 1
    next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]) + 1
    taken: set[int] = set()
    ids: dict[int, int] = {}
    for new_id in sorted(votes, key=lambda n: (-sum(votes[n].values()), n)):
        by_votes = sorted(votes[new_id].items(), key=lambda kv: (-kv[1], kv[0]))
        preferred = [made_from[new_id], *(old for old, _ in by_votes)]
        choice = next((old for old in preferred if old not in taken), None)
        if choice is None:
            choice, next_id = next_id, next_id + 1
        taken.add(choice)
        ids[new_id] = choice
    return ids


def _write_back(conn: sqlite3.Connection, work: sqlite3.Connection, resolved: dict[int, tuple[int, int]],
                ids: dict[int, int]) -> None:
    conn.execute("PRAGMA defer_foreign_keys = ON")  # entities are rewritten while rows still point at them
    conn.execute("CREATE TEMP TABLE upgrade_map (article_entity_id INTEGER PRIMARY KEY, entity_id INTEGER NOT NULL)")
    try:
        conn.executemany("INSERT INTO temp.upgrade_map VALUES (?, ?)",
                         ((row_id, ids[new_id]) for row_id, (_, new_id) in resolved.items()))
        # A quotation's venue names an entity of its own article, found by the id it had there.
        conn.execute("UPDATE quotes SET venue_id = (SELECT m.entity_id FROM article_entities ae "
                     "JOIN temp.upgrade_map m ON m.article_entity_id = ae.id WHERE ae.article_id = quotes.article_id "
                     "AND ae.entity_id = quotes.venue_id ORDER BY ae.id LIMIT 1) WHERE venue_id IS NOT NULL")
        conn.execute("UPDATE article_entities SET entity_id = (SELECT entity_id FROM temp.upgrade_map "
                     "WHERE article_entity_id = article_entities.id)")
        for table, column, via in ENTITY_COLUMNS:
            if via is not None and table != "article_entities":
                conn.execute(f"UPDATE {table} SET {column} = (SELECT entity_id FROM article_entities "
                             f"WHERE id = {table}.{via}) WHERE {via} IS NOT NULL")
        conn.execute("UPDATE statements SET speaker_id = (SELECT q.speaker_id FROM quotes q WHERE q.statement_id = "
                     "statements.id AND q.speaker_id IS NOT NULL ORDER BY q.id LIMIT 1)")
    finally:
        conn.execute("DROP TABLE temp.upgrade_map")
    _record_merges(conn, resolved, ids)
    created = dict(conn.execute("SELECT id, created_at FROM entities").fetchall())
    conn.execute("DELETE FROM aliases")
    conn.execute("DELETE FROM entity_types")
    conn.execute("DELETE FROM entities")
    stamp = now()
    conn.executemany("INSERT INTO entities (id, name, folded, type, role, gender, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     ((ids[r[0]], r[1], r[2], r[3], r[4], r[5], created.get(ids[r[0]], stamp)) for r in work.execute(
                         "SELECT id, name, folded, type, role, gender FROM entities") if r[0] in ids))
    conn.executemany("INSERT INTO aliases (entity_id, name, folded, surname, kind) VALUES (?, ?, ?, ?, ?)",
                     ((ids[r[0]], r[1], r[2], r[3], r[4]) for r in work.execute(
                         "SELECT entity_id, name, folded, surname, kind FROM aliases ORDER BY id") if r[0] in ids))
    conn.executemany("INSERT INTO entity_types (entity_id, type, articles) VALUES (?, ?, ?)",
                     ((ids[r[0]], r[1], r[2]) for r in work.execute(
                         "SELECT entity_id, type, articles FROM entity_types") if r[0] in ids))
    places.refresh(conn, (int(row[0]) for row in conn.execute(
        "SELECT DISTINCT entity_id FROM article_entities WHERE feature IS NOT NULL")))


def _record_merges(conn: sqlite3.Connection, resolved: dict[int, tuple[int, int]], ids: dict[int, int]) -> None:
    """Each entity id that is gone: merged into the entity most of its article entities went to."""
    kept = set(ids.values())
    went: dict[int, Counter[int]] = {}
    for old_id, new_id in resolved.values():
        went.setdefault(old_id, Counter())[ids[new_id]] += 1
    stamp = now()
    conn.executemany(
        "INSERT INTO identity_merges (kept_id, merged_id, name, key, reason, created_at) "
        "SELECT ?, id, name, folded, 'upgrade', ? FROM entities WHERE id = ?",
        ((targets.most_common(1)[0][0], stamp, old_id) for old_id, targets in sorted(went.items())
         if old_id not in kept))
