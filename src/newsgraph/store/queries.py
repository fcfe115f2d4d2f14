"""The `Store` class: the knowledge base's queries in Python (the CLI's commands are thin over it).

Every row is a plain dict, ready for a table, JSON or CSV; every quotation keeps its article id
and character offsets, so it can be checked against `articles.text`.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import NotFoundError, StoreError, UsageError
from . import altered, corrections, event_queries, lookup, sources
from .event_queries import EventFilter
from .lookup import Candidate
from .schema import connect, describe, table_names

if TYPE_CHECKING:
    import networkx as nx

T = TypeVar("T")
_WORD = re.compile(r"\w+", re.UNICODE)
HIGHLIGHT = ("\x02", "\x03")  # snippet markers; callers turn them into bold, <b> or **


def fts_query(text: str) -> str:
    """A user's words as a safe FTS5 query: every word must occur (a trailing * keeps a prefix)."""
    terms = []
    for match in re.finditer(r"(\w+)(\*?)", text, re.UNICODE):
        terms.append(f'"{match.group(1)}"{match.group(2)}')
    if not terms:
        raise UsageError(f"{text!r} has no words to search for: give letters or digits (word* for a prefix)")
    return " ".join(terms)


class Store:
    """A newsgraph store (SQLite). `Store("newsgraph.db")` opens it for reading; `writable=True` to change it."""

    def __init__(self, path: str | os.PathLike[str] = "newsgraph.db", *, writable: bool = False) -> None:
        self.path = Path(path)
        self.conn = connect(self.path, readonly=not writable, create=writable)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            return [dict(row) for row in self.conn.execute(sql, tuple(args))]
        except sqlite3.DatabaseError as error:
            raise StoreError(describe(error, self.path)) from None

    def candidates(self, name: str, entity_type: str | None = None) -> list[Candidate]:
        """Every entity `name` (any spelling, or "#ID") may designate, best first (store/lookup.py)."""
        return self._guarded(lambda: lookup.candidates(self.conn, name, entity_type))

    def describes_groups(self, words: str) -> bool:
        """Whether some event describes a participant with these words ("protesters"), naming no entity."""
        return self._guarded(lambda: event_queries.described_group_exists(self.conn, words))

    def entity_ids(self, name: str, entity_type: str | None = None) -> list[int]:
        """Ids of every entity `name` may designate, best first; the queries take the first when it is
        clearly meant (lookup.choose) and refuse an ambiguous name."""
        return [candidate.id for candidate in self.candidates(name, entity_type)]

    def lookup(self, name: str, entity_type: str | None = None) -> Candidate:
        """The entity a query's `name` designates; NotFoundError when none, or when it is ambiguous
        (every candidate listed)."""
        return lookup.choose(self.candidates(name, entity_type), name)

    def _entity_id(self, name: str, entity_type: str | None = None) -> int | None:
        return self._guarded(lambda: lookup.entity_id(self.conn, name, entity_type))

    # Quotations -------------------------------------------------------------------------------

    def quotes(self, speaker: str | None = None, about: str | None = None, since: str | None = None,
               until: str | None = None, search: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:
        """Quotations, oldest first: by speaker, about an entity, between dates (inclusive), with words."""
        where, args = [], []
        if speaker is not None:
            speaker_id = self._entity_id(speaker)
            if speaker_id is None:
                return []
            where.append("q.speaker_id = ?")
            args.append(speaker_id)
        if about is not None:
            about_id = self._entity_id(about)
            if about_id is None:
                return []
            where.append("q.id IN (SELECT quote_id FROM quote_entities WHERE entity_id = ?)")
            args.append(about_id)
        if since or until:
            dates, date_args = event_queries.between("q.said_on", since, until)
            where.append(dates)
            args += date_args
        if search:
            where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            args.append(fts_query(search))
        sql = ("SELECT q.id AS quote_id, q.said_on, e.name AS speaker, q.kind, q.content, q.cue, q.venue, "
               "q.confidence, a.title AS article, a.source, a.url, q.article_id, q.statement_id, q.start, q.\"end\" "
               "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY q.said_on, q.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self._rows(sql, args)

    # Entities ---------------------------------------------------------------------------------

    def entities(self, entity_type: str | None = None, top: int | None = 50) -> list[dict[str, Any]]:
        """Entities by the number of articles they appear in (then quotations); `entity_type` one of
        lookup.ENTITY_TYPES (UsageError otherwise)."""
        if entity_type is not None and entity_type not in lookup.ENTITY_TYPES:
            raise UsageError(f"{entity_type!r} is not an entity type; the types are: {', '.join(lookup.ENTITY_TYPES)}")
        sql = ("SELECT e.id AS entity_id, e.name, e.type, e.role, count(ae.id) AS articles, "
               "(SELECT count(*) FROM quotes q WHERE q.speaker_id = e.id) AS quotes "
               "FROM entities e LEFT JOIN article_entities ae ON ae.entity_id = e.id "
               + ("WHERE e.type = ? " if entity_type else "")
               + "GROUP BY e.id ORDER BY articles DESC, quotes DESC, e.name")
        if top:
            sql += f" LIMIT {int(top)}"
        return self._rows(sql, [entity_type] if entity_type else [])

    def entity(self, name: str) -> dict[str, Any]:
        """One entity's profile: aliases, roles, quotations by month, who they are quoted with, and the
        other entities the name may designate (`other_candidates`)."""
        found = self.candidates(name)
        entity_id = lookup.choose(found, name).id
        profile = self._rows("SELECT * FROM entities WHERE id = ?", [entity_id])[0]
        profile.pop("folded", None)
        profile["other_candidates"] = [c.as_dict() for c in found if c.id != entity_id]
        profile["aliases"] = [r["name"] for r in self._rows(
            "SELECT name FROM aliases WHERE entity_id = ? ORDER BY name", [entity_id])]
        profile["roles"] = self._rows(
            "SELECT role, count(*) AS articles FROM article_entities WHERE entity_id = ? AND role IS NOT NULL "
            "GROUP BY role ORDER BY articles DESC, role", [entity_id])
        span = self._rows(
            "SELECT count(*) AS articles, min(a.published) AS first_seen, max(a.published) AS last_seen "
            "FROM article_entities ae JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = ?", [entity_id])[0]
        profile.update(span)
        profile["quotes_by_month"] = self._rows(
            "SELECT substr(said_on, 1, 7) AS month, count(*) AS quotes FROM quotes WHERE speaker_id = ? "
            "GROUP BY month ORDER BY month", [entity_id])
        profile["quoted_with"] = self._rows(
            "SELECT e.id AS entity_id, e.name, count(DISTINCT other.article_id) AS articles "
            "FROM quotes mine JOIN quotes other ON other.article_id = mine.article_id "
            "AND other.speaker_id != mine.speaker_id JOIN entities e ON e.id = other.speaker_id "
            "WHERE mine.speaker_id = ? GROUP BY e.id ORDER BY articles DESC, e.name LIMIT 10", [entity_id])
        return profile

    def timeline(self, name: str) -> list[dict[str, Any]]:
        """Every article an entity appears in, by date, with its quotations there."""
        entity_id = self.lookup(name).id
        articles = self._rows(
            "SELECT a.id AS article_id, a.published, a.title, a.source, "
            "(SELECT count(*) FROM mentions m WHERE m.article_entity_id = ae.id) AS mentions, "
            "(SELECT count(*) FROM quotes q WHERE q.speaker_article_entity_id = ae.id) AS quotes, "
            "(SELECT q.content FROM quotes q WHERE q.speaker_article_entity_id = ae.id ORDER BY q.start LIMIT 1) "
            "AS first_quote FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
            "WHERE ae.entity_id = ? ORDER BY a.published, a.id", [entity_id])
        return articles

    # Events -----------------------------------------------------------------------------------

    def events(self, actor: str | None = None, event_type: str | None = None, since: str | None = None,
               until: str | None = None, place: str | None = None, role: str | None = None,
               limit: int | None = 100) -> list[dict[str, Any]]:
        """Events, oldest first: with an entity taking part (in `role`, when given), of a type, between
        dates (inclusive), at a place (or anywhere in a country); rows of events_view."""
        which = EventFilter(actor, role, event_type, since, until, place)
        return self._guarded(lambda: event_queries.events(self.conn, which, limit))

    def plover(self, actor: str | None = None, event_type: str | None = None, since: str | None = None,
               until: str | None = None, place: str | None = None) -> Iterator[dict[str, Any]]:
        """The same events as PLOVER-style dicts (plover.py), each citing its article and offsets."""
        try:
            yield from event_queries.plover(self.conn, EventFilter(actor, None, event_type, since, until, place))
        except sqlite3.DatabaseError as error:
            raise StoreError(describe(error, self.path)) from None

    def network(self, since: str | None = None, until: str | None = None, directed: bool = True) -> nx.Graph:
        """Entities tied by shared events and by quotations about each other, weighted (network.py);
        directed from speaker to subject. Nodes are store entity ids."""
        return self._guarded(lambda: event_queries.network(self.conn, since, until, directed))

    def _guarded(self, query: Callable[[], T]) -> T:
        try:
            return query()
        except sqlite3.DatabaseError as error:
            raise StoreError(describe(error, self.path)) from None

    # Search and statistics --------------------------------------------------------------------

    def search(self, text: str, limit: int = 20, highlight: tuple[str, str] = HIGHLIGHT) -> list[dict[str, Any]]:
        """Full text over articles and quotations, best first (BM25), with highlighted snippets.

        Ordered by FTS5's `rank` column, which lets SQLite rank before it builds any snippet.
        """
        query = fts_query(text)
        start, end = highlight
        quotes = self._rows(
            "SELECT 'quote' AS kind, q.id, q.article_id, e.name AS speaker, a.title, a.published, "
            "snippet(quotes_fts, 0, ?, ?, '…', 16) AS snippet, quotes_fts.rank AS score "
            "FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
            "LEFT JOIN entities e ON e.id = q.speaker_id WHERE quotes_fts MATCH ? "
            "ORDER BY quotes_fts.rank LIMIT ?",
            [start, end, query, limit])
        articles = self._rows(
            "SELECT 'article' AS kind, a.id, a.id AS article_id, NULL AS speaker, a.title, a.published, "
            "snippet(articles_fts, 1, ?, ?, '…', 16) AS snippet, articles_fts.rank AS score "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? "
            "ORDER BY articles_fts.rank LIMIT ?", [start, end, query, limit])
        return sorted(quotes + articles, key=lambda row: row["score"])[:limit]

    def stats(self) -> dict[str, Any]:
        """Counts per table, the date range, the main sources, the errors by reason, the articles per
        mode and attribution model that analysed them, and the articles
        stored before the store coded events (which have none; docs/store.md says how to code them)."""
        counts = {}
        # A store older than the package, read without migrating it, lacks the newer tables: none of theirs.
        present = table_names(self.conn)
        for table in ("articles", "entities", "aliases", "mentions", "quotes", "statements", "events",
                      "event_participants", "event_groups", "dates", "flags", "errors", "corrections"):
            counts[table] = self._rows(f"SELECT count(*) AS n FROM {table}")[0]["n"] if table in present else 0
        span = self._rows("SELECT min(published) AS first, max(published) AS last FROM articles")[0]
        return {
            "store": str(self.path),
            "version": self.conn.execute("PRAGMA user_version").fetchone()[0],
            "counts": counts,
            "published": span,
            "entities_by_type": self._rows("SELECT type, count(*) AS n FROM entities GROUP BY type ORDER BY n DESC"),
            "sources": self._rows("SELECT coalesce(source, '?') AS source, count(*) AS articles FROM articles "
                                  "GROUP BY source ORDER BY articles DESC LIMIT 10"),
            "statements_carried_twice_or_more": self._rows(
                "SELECT count(*) AS n FROM statements WHERE quote_count > 1")[0]["n"],
            "errors": self._rows("SELECT reason, count(*) AS n FROM errors GROUP BY reason ORDER BY n DESC"),
            "analysed_by": self.stats_analysed_by(),
            "articles_before_events": self.stats_before_events(),
        }

    def stats_analysed_by(self) -> list[dict[str, Any]]:
        """Articles per mode and attribution model that analysed them, most first."""
        if "mode" not in {row[1] for row in self.conn.execute("PRAGMA table_info(articles)")}:
            # A store from before version 5 read without migrating it: the CRF made every article
            # (migration 5 records this).
            articles = self._rows("SELECT count(*) AS n FROM articles")[0]["n"]
            return [{"mode": "fast", "attribution_model": "crf", "articles": articles}] if articles else []
        return self._rows(
            "SELECT coalesce(mode, '?') AS mode, coalesce(attribution_model, '?') AS attribution_model, "
            "count(*) AS articles FROM articles GROUP BY mode, attribution_model ORDER BY articles DESC")

    def stats_before_events(self) -> int:
        """How many articles were stored before the store coded events, and so have none."""
        return int(self._rows("SELECT count(*) AS n FROM articles WHERE before_events = 1")[0]["n"])

    def statements(self, speaker: str | None = None, min_quotes: int = 2, limit: int = 20) -> list[dict[str, Any]]:
        """Statements carried more than once: first appearance and every outlet that carried them."""
        where, args = ["s.quote_count >= ?"], [min_quotes]
        if speaker is not None:
            where.append("s.speaker_id = ?")
            args.append(self._entity_id(speaker) or -1)
        return self._rows(
            "SELECT statement_id, statement, speaker, first_published, quote_count, outlets, carried_by "
            f"FROM statement_outlets s WHERE {' AND '.join(where)} ORDER BY quote_count DESC, first_published "
            f"LIMIT {int(limit)}", args)

    def sources(self, source: sources.SourceFilter | None = None, by: str | None = None,
                top: int = sources.DEFAULT_TOP) -> dict[str, Any]:
        """Who gets quoted: people and quotations by gender, overall and by outlet or month
        (store/sources.py); NotFoundError for an outlet no article names."""
        source = source or sources.SourceFilter()
        if source.outlet is not None and source.outlet not in (known := sources.outlets(self.conn)):
            raise NotFoundError(f"no articles from an outlet called {source.outlet!r}; the store's outlets: "
                                f"{', '.join(known) or 'none'}")
        return sources.report(self._rows, source, by, top)

    def altered(self, speaker: str | None = None, limit: int | None = 20) -> list[dict[str, Any]]:
        """Statements whose copies changed wording: the earliest version and each other version
        with its word diff (store/altered.py)."""
        speaker_id = None if speaker is None else (self._entity_id(speaker) or -1)
        return altered.statements(self._rows, speaker_id, limit=limit)

    # Corrections ------------------------------------------------------------------------------

    def merge(self, keep: str, other: str) -> str:
        return self._guarded(lambda: corrections.apply(self.conn, "merge", keep, other))

    def split(self, name: str, alias: str) -> str:
        return self._guarded(lambda: corrections.apply(self.conn, "split", name, alias))

    def rename(self, name: str, new_name: str) -> str:
        return self._guarded(lambda: corrections.apply(self.conn, "rename", name, new_name))

