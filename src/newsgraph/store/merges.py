"""Deferred merges: an entity made from a short form before its long form was known is merged into
the long form once an article shows they are one, in that article's transaction, so that the store
does not depend on the order articles arrive in.

- A person known only by a surname ("Trump", made while the surname alone was ambiguous) is merged
  into the person an article calls by that bare surname ("Donald Trump ... Trump said") when he is
  then the only person with a forename known by it: a surname alone now resolves to him.
- An organisation known only by an acronym ("SIA") is merged into the one an article ties it to
  ("Singapore Airlines (SIA)", the acronym among its spellings) when that is the only entity the
  acronym abbreviates: a second expansion of "SIA" keeps both apart from the bare acronym.

Neither is merged when the short form alone names more articles than the long form: one article's
tie does not outweigh them ("ABC" alone in Australian and American stories, then "American
Broadcasting Company (ABC)" once). A hand split wins: two entities that a recorded split separated
(one known by the split's entity name, the other by its alias) are never merged again, whatever
later articles say. Each merge is recorded in `identity_merges`; corrections by hand are replayed
after the ingest, so they come last.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .entities import Alias, entity_key, move
from .keys import JOINING_KINDS
from .persons import PersonName, called_by_surname_alone, surname_forms
from .schema import now
from .types import may_share_identity


def absorb(conn: sqlite3.Connection, entity_id: int, name: str, entity_type: str, added: Sequence[Alias],
           article_id: int | None = None) -> list[int]:
    """Merge into entity `entity_id` (called `name`, of `entity_type`) the entities its newly recorded
    spellings `added` (in article `article_id`) show to be it; returns the ids merged."""
    if not added:
        return []
    if entity_type == "person":
        found = [(other, alias, "surname") for alias in added for other in _surname_only(conn, entity_id, name, alias)]
    else:
        found = [(other, alias, "acronym") for alias in added if alias.kind == "acronym"
                 for other in _acronym_only(conn, entity_id, entity_type, alias)]
    merged: list[int] = []
    for other, alias, reason in found:
        # One article's word does not outweigh more articles: a short form used alone more often than
        # its long form is a referent of its own ("ABC", in Australian and American stories alike).
        if other not in merged and articles(conn, other, besides=article_id) <= articles(conn, entity_id) \
                and not forbidden(conn, entity_id, other):
            merge_automatically(conn, entity_id, other, alias.folded, reason)
            merged.append(other)
    return merged


def _surname_only(conn: sqlite3.Connection, entity_id: int, name: str, alias: Alias) -> list[int]:
    """Persons known only by `alias`'s surname, when it is a bare surname and `entity_id` (with a
    forename) is the only person with a forename known by it."""
    spelled = PersonName.parse(alias.name)
    if spelled.first or not spelled.last or not PersonName.parse(name).first:
        return []
    forms = surname_forms(conn, spelled)
    if called_by_surname_alone(forms, spelled.suffix) != [entity_id]:
        return []
    return [other for other, names in forms.items() if other != entity_id and not any(n.first for n in names)
            and all(n.suffix == spelled.suffix for n in names) and _only_surnames(conn, other)]


def _only_surnames(conn: sqlite3.Connection, entity_id: int) -> bool:
    return all(not PersonName.parse(str(row[0])).first
               for row in conn.execute("SELECT name FROM aliases WHERE entity_id = ?", (entity_id,)))


def _acronym_only(conn: sqlite3.Connection, entity_id: int, entity_type: str, alias: Alias) -> list[int]:
    """Entities known only by the acronym `alias`, when `entity_id` is the only entity it abbreviates."""
    expansions = {int(row[0]) for row in conn.execute(
        "SELECT entity_id FROM aliases WHERE folded = ? AND kind = 'acronym'", (alias.folded,))}
    if expansions != {entity_id}:
        return []
    others = []
    for other, other_type in conn.execute("SELECT id, type FROM entities WHERE folded = ? AND id != ?",
                                          (alias.folded, entity_id)).fetchall():
        keys = {str(row[0]) for row in conn.execute(
            f"SELECT folded FROM aliases WHERE entity_id = ? AND kind IN {JOINING_KINDS}", (other,))}
        if keys <= {alias.folded} and may_share_identity(alias.name, entity_type, str(other_type)):
            others.append(int(other))
    return others


def articles(conn: sqlite3.Connection, entity_id: int, besides: int | None = None) -> int:
    """How many articles name the entity (its type votes), those of article `besides` left out."""
    named = int(conn.execute("SELECT coalesce(sum(articles), 0) FROM entity_types WHERE entity_id = ?",
                             (entity_id,)).fetchone()[0])
    if besides is not None:
        named -= int(conn.execute("SELECT count(*) FROM article_entities WHERE article_id = ? AND entity_id = ?",
                                  (besides, entity_id)).fetchone()[0])
    return named


def forbidden(conn: sqlite3.Connection, first: int, second: int) -> bool:
    """Whether a recorded hand split separated these two entities (one known by the split's entity
    name, the other by the alias split off)."""
    kinds = dict(conn.execute("SELECT id, type FROM entities WHERE id IN (?, ?)", (first, second)).fetchall())
    for target, alias, recorded_type in conn.execute(
            "SELECT target, argument, type FROM corrections WHERE action = 'split'").fetchall():
        names = {entity_id: (entity_key(target, recorded_type or kind), entity_key(alias, recorded_type or kind))
                 for entity_id, kind in kinds.items()}
        if any(_known_by(conn, a, names[a][0]) and _known_by(conn, b, names[b][1])
               for a, b in ((first, second), (second, first))):
            return True
    return False


def _known_by(conn: sqlite3.Connection, entity_id: int, key: str) -> bool:
    return conn.execute("SELECT 1 FROM entities WHERE id = ? AND folded = ? UNION ALL "
                        "SELECT 1 FROM aliases WHERE entity_id = ? AND folded = ? LIMIT 1",
                        (entity_id, key, entity_id, key)).fetchone() is not None


def merge_automatically(conn: sqlite3.Connection, keep: int, drop: int, key: str, reason: str) -> None:
    """Merge `drop` into `keep` (every row that pointed at it) and record why."""
    name = conn.execute("SELECT name FROM entities WHERE id = ?", (drop,)).fetchone()[0]
    move(conn, keep, drop)
    conn.execute("INSERT INTO identity_merges (kept_id, merged_id, name, key, reason, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (keep, drop, name, key, reason, now()))
