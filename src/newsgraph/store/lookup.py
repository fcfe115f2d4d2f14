"""The entity a user means by a name: every candidate, ranked by how it matches and by its evidence.

One lookup serves every command, the workspace's corrections and `newsgraph.store.Store`:

1. "#42" is entity 42.
2. Candidates: entities known by this very spelling (their canonical name or any alias, titles
   dropped for people), then people whose full name can only be this one ("Volodymyr Zelenskiy"),
   then, for a surname alone, everyone with that surname ("Trump": Melania Trump too).
3. Within the best kind of match, the entity with the most evidence (articles it appears in plus
   quotations it said) comes first. A query takes it when it has at least `DOMINANCE` times the
   evidence of the next: "Trump" is Donald Trump, known as "Trump" in dozens of articles, not a stray
   entity of that name seen once. A correction takes only a single best match.
4. Otherwise the name is ambiguous and the error lists every candidate, so that one can be named
   as #ID.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import get_args

from ..errors import NotFoundError
from ..record import EntityType
from .entities import entity_key
from .identity import id_reference
from .persons import PersonName, same_person_ids, surname_forms

ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
# How much more evidence the best candidate needs than the next one for a query to take it.
DOMINANCE = 3
_MATCH_ORDER = {"id": 0, "spelling": 1, "full name": 2, "surname": 3}
_LISTED = 20  # candidates named in a message; the rest are counted


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity a name may designate: how the name matches it and how much the store knows of it."""

    id: int
    name: str
    type: str
    match: str  # id, spelling, full name, surname
    # Evidence, counted only when there are several candidates to rank (None for a sole one: counting
    # a much-quoted speaker's quotations would cost more than the query it names them for).
    articles: int | None = None
    quotes: int | None = None

    @property
    def evidence(self) -> int:
        return (self.articles or 0) + (self.quotes or 0)

    def label(self) -> str:
        if self.articles is None or self.quotes is None:
            return f"#{self.id} {self.name} ({self.type})"
        return (f"#{self.id} {self.name} ({self.type}, {self.articles} article{'s' * (self.articles != 1)}, "
                f"{self.quotes} quotation{'s' * (self.quotes != 1)})")

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "type": self.type, "match": self.match,
                "articles": self.articles, "quotes": self.quotes}


def candidates(conn: sqlite3.Connection, name: str, entity_type: str | None = None) -> list[Candidate]:
    """Every entity `name` may designate (of `entity_type`, when given), best first."""
    name = name.strip()
    if (entity_id := id_reference(name)) is not None:
        return _counted(conn, {entity_id: "id"}, entity_type)
    matches: dict[int, str] = {}
    for kind in [entity_type] if entity_type else ENTITY_TYPES:
        key = entity_key(name, kind)
        for (entity_id,) in conn.execute(
                "SELECT id FROM entities WHERE type = ? AND folded = ? UNION "
                "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
                "WHERE a.folded = ? AND e.type = ?", (kind, key, key, kind)):
            matches.setdefault(int(entity_id), "spelling")
    if entity_type in (None, "person"):
        person = PersonName.parse(name)
        if person.last:
            same_surname = surname_forms(conn, person)
            if person.first:
                for entity_id in same_person_ids(conn, person, same_surname):
                    matches.setdefault(entity_id, "full name")
            else:
                for entity_id in same_surname:
                    matches.setdefault(entity_id, "surname")
    return _counted(conn, matches, entity_type)


def _counted(conn: sqlite3.Connection, matches: dict[int, str], entity_type: str | None) -> list[Candidate]:
    if not matches:
        return []
    marks = ",".join("?" * len(matches))
    counts = ("(SELECT count(*) FROM article_entities ae WHERE ae.entity_id = e.id), "
              "(SELECT count(*) FROM quotes q WHERE q.speaker_id = e.id)") if len(matches) > 1 else "NULL, NULL"
    rows = conn.execute(
        f"SELECT e.id, e.name, e.type, {counts} FROM entities e WHERE e.id IN ({marks})"
        + (" AND e.type = ?" if entity_type else ""), (*matches, *([entity_type] if entity_type else []))).fetchall()
    found = [Candidate(int(r[0]), str(r[1]), str(r[2]), matches[int(r[0])], r[3], r[4]) for r in rows]
    return sorted(found, key=lambda c: (_MATCH_ORDER[c.match], -c.evidence, c.id))


def choose(found: list[Candidate], name: str, *, decisive: bool = True) -> Candidate:
    """The candidate `name` designates; NotFoundError when none, or when it is ambiguous (every
    candidate listed). `decisive` (queries) lets the best supported of equal matches win by
    `DOMINANCE`; otherwise (corrections) only a single best match is taken."""
    if not found:
        raise NotFoundError(f"no entity called {name!r} in the store")
    best = [c for c in found if c.match == found[0].match]
    if len(best) == 1 or (decisive and best[0].evidence >= DOMINANCE * max(best[1].evidence, 1)):
        return best[0]
    raise NotFoundError(f"{name!r} could be several entities: {listing(found)}; name one as #ID")


def listing(found: Iterable[Candidate]) -> str:
    """Candidates for a message: the first `_LISTED` by label, then how many more."""
    found = list(found)
    shown = "; ".join(c.label() for c in found[:_LISTED])
    return shown + (f"; and {len(found) - _LISTED} more" if len(found) > _LISTED else "")


def entity(conn: sqlite3.Connection, name: str, entity_type: str | None = None, *,
           decisive: bool = True) -> Candidate:
    """The entity `name` designates (see `choose`)."""
    return choose(candidates(conn, name, entity_type), name, decisive=decisive)


def entity_id(conn: sqlite3.Connection, name: str, entity_type: str | None = None) -> int | None:
    """The id of the entity a query's `name` designates; None when no entity is called so (a query
    then finds nothing); NotFoundError when it is ambiguous."""
    found = candidates(conn, name, entity_type)
    return choose(found, name).id if found else None
