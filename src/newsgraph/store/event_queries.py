"""Queries over the store's events: lists, PLOVER-style coding, and the network of entities.

The dicts and the graph are made by the same code that makes them from records (plover.py,
network.py); here they are fed the store's rows, so an entity is the store's entity (`#ID`)
across every article.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .. import lexicons
from ..errors import UsageError
from ..network import EntityNetwork
from ..plover import plover_event
from ..record import Entity, Event, EventGroup, EventParticipant, Place, Span
from . import lookup
from .places import PLACE_COLUMNS

_PLACE = ", ".join(f"ae.{column}" for column in PLACE_COLUMNS)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events: by entities taking part (and their role), type, dates (inclusive) and place."""

    actor: str | None = None
    role: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None

    def where(self, conn: sqlite3.Connection) -> tuple[str, list[Any]] | None:
        """An SQL condition on `events v` and its arguments; None when a name matches nothing."""
        clauses, args = [], []
        if self.actor is not None:
            taking_part = self._taking_part(conn)
            if taking_part is None:
                return None
            clauses.append(taking_part[0])
            args += taking_part[1]
        if self.type:
            clauses.append("v.type = ?")
            args.append(known_type(conn, self.type))
        dates, days = between("v.happened_on", self.since, self.until)
        clauses.append(dates)
        args += days
        if self.place is not None:
            place = self._place(conn)
            if place is None:
                return None
            clauses.append(place[0])
            args += place[1]
        return " AND ".join(clauses), args

    def _taking_part(self, conn: sqlite3.Connection) -> tuple[str, list[Any]] | None:
        """The events of the named entity; when no entity goes by the name, those of the groups the
        events only describe with these words ("protesters": "Hong Kong protesters")."""
        role = " AND role = ?" if self.role else ""
        roles = [self.role] if self.role else []
        actor = lookup.entity_id(conn, self.actor or "")
        if actor is not None:
            return f"v.id IN (SELECT event_id FROM event_participants WHERE entity_id = ?{role})", [actor, *roles]
        if not described_group_exists(conn, self.actor or ""):
            return None
        return (f"v.id IN (SELECT event_id FROM event_groups WHERE {_DESCRIBED}{role})",
                [described_group_pattern(self.actor or ""), *roles])

    def _place(self, conn: sqlite3.Connection) -> tuple[str, list[Any]] | None:
        """At the named place, or anywhere in it when it is a country (by the place's country code)."""
        place = lookup.entity_id(conn, self.place or "", "place")
        if place is None:
            return None
        feature, country = conn.execute("SELECT feature, country_code FROM entities WHERE id = ?", (place,)).fetchone()
        if feature == "country" and country:
            return ("(v.place_id = ? OR v.place_article_entity_id IN (SELECT id FROM article_entities WHERE "
                    "country_code = ?))", [place, country])
        return "v.place_id = ?", [place]


# A described group matches when the words asked for are whole words of its description.
_DESCRIBED = "' ' || lower(description) || ' ' LIKE ? ESCAPE '\\'"


def described_group_pattern(words: str) -> str | None:
    """The LIKE pattern of `_DESCRIBED` for the words asked for (LIKE's wildcards escaped); None for
    no words."""
    folded = " ".join(words.lower().split())
    if not folded:
        return None
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped} %"


def described_group_exists(conn: sqlite3.Connection, words: str) -> bool:
    pattern = described_group_pattern(words)
    return pattern is not None and conn.execute(f"SELECT 1 FROM event_groups WHERE {_DESCRIBED}",
                                                (pattern,)).fetchone() is not None


def coded_types() -> frozenset[str]:
    """The event types newsgraph codes (data/events.tsv)."""
    return frozenset(row[2] for row in lexicons.table("events.tsv") if len(row) > 2 and row[2] != "-")


def known_type(conn: sqlite3.Connection, name: str) -> str:
    """`name` as an event type (any case); UsageError listing the valid ones when it is none of those
    newsgraph codes nor any the store holds."""
    wanted = name.strip().upper()
    if wanted in coded_types() or conn.execute("SELECT 1 FROM events WHERE type = ? LIMIT 1", (wanted,)).fetchone():
        return wanted
    stored = {row[0] for row in conn.execute("SELECT DISTINCT type FROM events")}
    raise UsageError(f"{name!r} is not an event type; the types are: {', '.join(sorted(coded_types() | stored))}")


def events(conn: sqlite3.Connection, which: EventFilter, limit: int | None) -> list[dict[str, Any]]:
    """Events (events_view rows), oldest first."""
    condition = which.where(conn)
    if condition is None:
        return []
    # An event without a day of its own (planned, hypothetical...) sits at its article's date.
    sql = (f"SELECT * FROM events_view WHERE event_id IN (SELECT v.id FROM events v WHERE {condition[0]}) "
           "ORDER BY coalesce(happened_on, substr(published, 1, 10)), event_id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(row) for row in conn.execute(sql, condition[1])]


def _place(row: sqlite3.Row) -> Place | None:
    if row["feature"] is None:
        return None
    return Place(row["country_code"], row["geonames_id"], row["latitude"], row["longitude"], row["feature"],
                 row["region_code"])


def _entity(row: sqlite3.Row) -> Entity:
    """A store entity as plover.py and network.py take it: id `#ID`, the article's place reading."""
    return Entity(id=f"#{row['entity_id']}", name=row["entity_name"], type=row["entity_type"], place=_place(row))


def plover(conn: sqlite3.Connection, which: EventFilter = EventFilter()) -> Iterator[dict[str, Any]]:
    """PLOVER-style dicts of the stored events, article by article, in text order."""
    condition = which.where(conn)
    if condition is None:
        return
    for row in conn.execute(
            "SELECT v.*, substr(a.text, v.sentence_start + 1, v.sentence_end - v.sentence_start) AS sentence, "
            "a.key, a.url, a.source, a.title AS headline, a.published FROM events v JOIN articles a "
            f"ON a.id = v.article_id WHERE {condition[0]} ORDER BY v.article_id, v.trigger_start, v.id",
            condition[1]).fetchall():
        people = conn.execute(
            f"SELECT ep.*, e.name AS entity_name, e.type AS entity_type, {_PLACE} "
            "FROM event_participants ep JOIN entities e ON e.id = ep.entity_id "
            "JOIN article_entities ae ON ae.id = ep.article_entity_id WHERE ep.event_id = ? ORDER BY ep.id",
            (row["id"],)).fetchall()
        place = conn.execute(
            f"SELECT e.id AS entity_id, e.name AS entity_name, e.type AS entity_type, {_PLACE} "
            "FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.id = ?",
            (row["place_article_entity_id"],)).fetchone()
        entities = {entity.id: entity for entity in map(_entity, [*people, *([place] if place else [])])}
        event = Event(
            id=row["local_id"], type=row["type"], mode=row["mode"],
            trigger=Span(row["trigger_start"], row["trigger_end"], row["trigger"]),
            sentence=Span(row["sentence_start"], row["sentence_end"], row["sentence"]),
            participants=[EventParticipant(f"#{p['entity_id']}", p["role"], Span(p["start"], p["end"], p["text"]))
                          for p in people],
            place=f"#{place['entity_id']}" if place else None, date=row["date"], date_precision=row["date_precision"],
            status=row["status"], confidence=row["confidence"], groups=[
                EventGroup(g["description"], g["role"], Span(g["start"], g["end"], g["text"]))
                for g in conn.execute("SELECT * FROM event_groups WHERE event_id = ? ORDER BY id", (row["id"],))])
        quotes = [q[0] for q in conn.execute("SELECT local_id FROM quotes WHERE event_id = ? ORDER BY start",
                                             (row["id"],))]
        article = {"article": row["key"], "article_id": row["article_id"], "url": row["url"],
                   "source": row["source"], "headline": row["headline"], "published": row["published"]}
        yield plover_event(event, entities, quotes, article)


def network(conn: sqlite3.Connection, since: str | None = None, until: str | None = None,
            directed: bool = True) -> nx.Graph:
    """Store entities tied by shared events and by quotations about each other, between dates (inclusive).

    Nodes are store entity ids, with the entity's name, type and (for places) its reading on the map.
    """
    graph = EntityNetwork(directed)
    nodes: dict[int, Entity] = {}

    def node(entity_id: int, article: int) -> int:
        if entity_id not in nodes:
            row = conn.execute(f"SELECT id AS entity_id, name AS entity_name, type AS entity_type, "
                               f"{', '.join(PLACE_COLUMNS)} FROM entities WHERE id = ?", (entity_id,)).fetchone()
            nodes[entity_id] = _entity(row)
        entity = nodes[entity_id]
        graph.node(entity_id, entity.name, entity.type, entity.place, article)
        return entity_id

    dates, args = between("v.happened_on", since, until)
    current, members, evidence = None, [], ""
    for event_id, article, key, local, entity_id in conn.execute(
            "SELECT v.id, v.article_id, a.key, v.local_id, ep.entity_id FROM events v "
            "JOIN articles a ON a.id = v.article_id JOIN event_participants ep ON ep.event_id = v.id "
            f"WHERE {dates} ORDER BY v.id, ep.id", args):
        if event_id != current:
            graph.event(members, evidence)
            current, members, evidence = event_id, [], f"{key}:{local}"
        members.append(node(entity_id, article))
    graph.event(members, evidence)
    dates, args = between("q.said_on", since, until)
    for article, key, local, speaker, subject in conn.execute(
            "SELECT q.article_id, a.key, q.local_id, q.speaker_id, qe.entity_id FROM quotes q "
            "JOIN articles a ON a.id = q.article_id JOIN quote_entities qe ON qe.quote_id = q.id "
            f"WHERE q.speaker_id IS NOT NULL AND {dates} ORDER BY q.id, qe.entity_id", args):
        graph.quotation(node(speaker, article), node(subject, article), f"{key}:{local}")
    return graph.finish()


def between(column: str, since: str | None, until: str | None) -> tuple[str, list[str]]:
    """An SQL condition: `column` (an ISO date) between two dates, both inclusive, either optional."""
    clauses, args = ["1"], []
    if since:
        clauses.append(f"{column} >= ?")
        args.append(since)
    if until:
        clauses.append(f"{column} <= ?")
        args.append(until + "\uffff")  # inclusive of a day given as YYYY-MM-DD
    return " AND ".join(clauses), args
