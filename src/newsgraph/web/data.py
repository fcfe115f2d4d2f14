"""The workspace's reads from the store, through Datasette's database (its threads and SQL time limit).

Each function takes a Datasette `Database` and returns plain dicts for a template. Nothing here
writes; corrections go through `newsgraph.store.corrections` (see `writes.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from datasette.database import Database

from ..errors import UsageError
from ..store.queries import fts_query as store_fts_query
from .params import search_words

SNIPPET_MARKS = ("\x02", "\x03")  # around matched words in FTS snippets; escaped, then made <mark>


async def rows(db: Database, sql: str, params: dict[str, Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    result = await db.execute(sql, params)
    return [dict(row) for row in result.rows]


async def one(db: Database, sql: str, params: dict[str, Any] | tuple[Any, ...] = ()) -> dict[str, Any] | None:
    found = await rows(db, sql, params)
    return found[0] if found else None


async def has_tables(db: Database, *names: str) -> bool:
    existing = set(await db.table_names())
    return all(name in existing for name in names)


def fts_query(text: str) -> str | None:
    """A user's words as a safe FTS5 query (the store's own rules); None when there are no words."""
    try:
        return store_fts_query(text)
    except UsageError:
        return None


# Home -------------------------------------------------------------------------------------------

async def home(db: Database, limit: int = 10) -> dict[str, Any]:
    counts = await one(db, "SELECT (SELECT count(*) FROM articles) AS articles, "
                           "(SELECT count(*) FROM quotes) AS quotes, "
                           "(SELECT count(*) FROM entities) AS entities")
    articles = await rows(db, "SELECT a.id, a.title, a.key, a.source, a.published, "
                              "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
                              "FROM articles a ORDER BY a.published DESC, a.id DESC LIMIT ?", (limit,))
    people = await rows(db, "SELECT e.id, e.name, e.role, count(*) AS quotes FROM quotes q "
                            "JOIN entities e ON e.id = q.speaker_id WHERE e.type = 'person' "
                            "GROUP BY e.id ORDER BY quotes DESC, e.name LIMIT ?", (limit,))
    quotes = await rows(db, _QUOTE_SELECT + " ORDER BY q.said_on DESC, q.id DESC LIMIT ?", (limit,))
    return {"counts": counts, "articles": articles, "people": people, "quotes": quotes}


_QUOTE_SELECT = (
    "SELECT q.id, q.article_id, q.local_id, q.kind, q.content, q.cue, q.said_on, q.confidence, "
    "q.speaker_id, e.name AS speaker, a.title AS article, a.source, a.published "
    "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id"
)


# Article (the evidence view) --------------------------------------------------------------------

@dataclass(slots=True)
class ArticleData:
    article: dict[str, Any]
    quotes: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    boilerplate: list[dict[str, Any]]
    layout: dict[str, Any]
    entities: list[dict[str, Any]]


async def article(db: Database, article_id: int) -> ArticleData | None:
    found = await one(db, "SELECT * FROM articles WHERE id = ?", (article_id,))
    if found is None:
        return None
    entities = await rows(db, "SELECT ae.id, ae.local_id, ae.name, ae.role, ae.entity_id, e.name AS canonical, "
                              "e.type FROM article_entities ae JOIN entities e ON e.id = ae.entity_id "
                              "WHERE ae.article_id = ? ORDER BY ae.local_id", (article_id,))
    quotes = await rows(db, "SELECT q.*, e.name AS speaker, e.type AS speaker_type, v.name AS venue_name "
                            "FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_id "
                            "LEFT JOIN entities v ON v.id = q.venue_id WHERE q.article_id = ? "
                            "ORDER BY q.start, q.id", (article_id,))
    for quote in quotes:
        quote["spans"] = json.loads(quote["spans"] or "[]")
        quote["venue_name"] = quote["venue_name"] or quote["venue"]
    mentions = await rows(db, 'SELECT m.id, m.start, m."end", m.text, m.kind, m.entity_id, e.name, e.type '
                              "FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? "
                              "ORDER BY m.start", (article_id,))
    dates = await rows(db, 'SELECT id, start, "end", text, value, precision, relative FROM dates '
                           "WHERE article_id = ? ORDER BY start", (article_id,))
    flags = await rows(db, "SELECT id, type, message, spans FROM flags WHERE article_id = ? ORDER BY id", (article_id,))
    for flag in flags:
        flag["spans"] = json.loads(flag["spans"] or "[]")
    return ArticleData(article=found, quotes=quotes, mentions=mentions, dates=dates, flags=flags,
                       boilerplate=json.loads(found.get("boilerplate") or "[]"),
                       layout=json.loads(found.get("layout") or "{}"), entities=entities)


# Person and organisation ------------------------------------------------------------------------

ENTITY_QUOTES = 200  # the newest on the page; all of them in Datasette's quotes table


async def entity(db: Database, entity_id: int) -> dict[str, Any] | None:
    found = await one(db, "SELECT * FROM entities WHERE id = ?", (entity_id,))
    if found is None:
        return None
    found["aliases"] = [row["name"] for row in await rows(
        db, "SELECT name FROM aliases WHERE entity_id = ? ORDER BY name", (entity_id,))]
    found["roles"] = [row["role"] for row in await rows(
        db, "SELECT role, count(*) AS n FROM article_entities WHERE entity_id = ? AND role IS NOT NULL "
            "GROUP BY role ORDER BY n DESC, role LIMIT 8", (entity_id,))]
    found["article_count"] = (await one(db, "SELECT count(DISTINCT article_id) AS n FROM article_entities "
                                            "WHERE entity_id = ?", (entity_id,)) or {}).get("n", 0)
    quotes = await rows(db, _QUOTE_SELECT + " WHERE q.speaker_id = ? ORDER BY q.said_on DESC, q.id DESC LIMIT ?",
                        (entity_id, ENTITY_QUOTES + 1))
    found["quotes"], found["more_quotes"] = quotes[:ENTITY_QUOTES], len(quotes) > ENTITY_QUOTES
    found["quote_count"] = (await one(db, "SELECT count(*) AS n FROM quotes WHERE speaker_id = ?",
                                      (entity_id,)) or {}).get("n", 0)
    found["months"] = await rows(db, "SELECT substr(said_on, 1, 7) AS month, count(*) AS quotes FROM quotes "
                                     "WHERE speaker_id = ? AND said_on IS NOT NULL GROUP BY month ORDER BY month",
                                 (entity_id,))
    found["speaks_about"] = await rows(
        db, "SELECT e.id, e.name, e.type, count(*) AS quotes FROM quotes q "
            "JOIN quote_entities qe ON qe.quote_id = q.id JOIN entities e ON e.id = qe.entity_id "
            "WHERE q.speaker_id = ? AND qe.entity_id != ? GROUP BY e.id ORDER BY quotes DESC, e.name LIMIT 25",
        (entity_id, entity_id))
    found["spoken_about_by"] = await rows(
        db, "SELECT e.id, e.name, e.type, count(*) AS quotes FROM quote_entities qe "
            "JOIN quotes q ON q.id = qe.quote_id JOIN entities e ON e.id = q.speaker_id "
            "WHERE qe.entity_id = ? AND q.speaker_id != ? GROUP BY e.id ORDER BY quotes DESC, e.name LIMIT 25",
        (entity_id, entity_id))
    found["quoted_with"] = await rows(
        db, "SELECT e.id, e.name, e.type, count(DISTINCT mine.article_id) AS articles FROM quotes mine "
            "JOIN quotes other ON other.article_id = mine.article_id AND other.speaker_id != mine.speaker_id "
            "JOIN entities e ON e.id = other.speaker_id WHERE mine.speaker_id = ? "
            "GROUP BY e.id ORDER BY articles DESC, e.name LIMIT 25", (entity_id,))
    found["events"] = await events_of(db, entity_id)
    return found


async def has_events(db: Database) -> bool:
    """Whether the store has events with participants (a later schema than the first)."""
    if not await has_tables(db, "events", "event_participants"):
        return False
    return {"event_id", "entity_id"} <= set(await db.table_columns("event_participants"))


async def event_label(db: Database) -> str:
    """The events column that names an event best."""
    columns = await db.table_columns("events")
    return next((c for c in ("title", "name", "label", "summary", "type") if c in columns), "id")


async def events_of(db: Database, entity_id: int) -> list[dict[str, Any]]:
    """The events an entity took part in, when the store has events; else none."""
    if not await has_events(db):
        return []
    event_columns = await db.table_columns("events")
    participant_columns = await db.table_columns("event_participants")
    when = next((c for c in ("date", "start_date", "said_on", "happened_on") if c in event_columns), None)
    article = "ev.article_id" if "article_id" in event_columns else "NULL"
    role = "p.role" if "role" in participant_columns else "NULL"
    return await rows(
        db, f'SELECT ev.id, ev."{await event_label(db)}" AS label, {f"ev.{when}" if when else "NULL"} AS date, '
            f"{article} AS article_id, {role} AS role "
            "FROM events ev JOIN event_participants p ON p.event_id = ev.id WHERE p.entity_id = ? "
            "ORDER BY date, ev.id LIMIT 100", (entity_id,))


# Quotation search -------------------------------------------------------------------------------

SEARCH_FILTERS = ("q", "speaker", "about", "outlet", "kind", "since", "until")
PER_PAGE = 50


async def search(db: Database, filters: dict[str, str], page: int = 1, per_page: int = PER_PAGE
                 ) -> tuple[list[dict[str, Any]], bool]:
    """Quotations matching the filters, best match (or newest) first; and whether more follow."""
    where, params = [], {}
    words = search_words(fts_query(filters.get("q", "")))
    select = _QUOTE_SELECT
    order = "q.said_on DESC, q.id DESC"
    if words:
        marks = {"open": SNIPPET_MARKS[0], "close": SNIPPET_MARKS[1]}
        select = _QUOTE_SELECT.replace(
            "FROM quotes q", "FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid", 1).replace(
            "SELECT q.id,", "SELECT snippet(quotes_fts, 0, :open, :close, '…', 40) AS snippet, q.id,", 1)
        where.append("quotes_fts MATCH :words")
        params.update(marks, words=words)
        order = "quotes_fts.rank, q.id"
    if filters.get("speaker"):
        where.append("(e.name LIKE :speaker OR q.speaker_id IN "
                     "(SELECT entity_id FROM aliases WHERE name LIKE :speaker))")
        params["speaker"] = f"%{filters['speaker']}%"
    if filters.get("about"):
        where.append("q.id IN (SELECT qe.quote_id FROM quote_entities qe JOIN aliases al "
                     "ON al.entity_id = qe.entity_id WHERE al.name LIKE :about)")
        params["about"] = f"%{filters['about']}%"
    if filters.get("outlet"):
        where.append("a.source LIKE :outlet")
        params["outlet"] = f"%{filters['outlet']}%"
    if filters.get("kind"):
        where.append("q.kind = :kind")
        params["kind"] = filters["kind"]
    if filters.get("since"):
        where.append("q.said_on >= :since")
        params["since"] = filters["since"]
    if filters.get("until"):
        where.append("q.said_on <= :until")
        params["until"] = filters["until"] + "\uffff"  # a whole day, month or year is inclusive
    sql = select + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order} LIMIT :limit OFFSET :skip"
    params.update(limit=per_page + 1, skip=(page - 1) * per_page)
    found = await rows(db, sql, params)
    return found[:per_page], len(found) > per_page


async def outlets_and_kinds(db: Database) -> tuple[list[str], list[str]]:
    outlets = [row["source"] for row in await rows(
        db, "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source")]
    kinds = [row["kind"] for row in await rows(db, "SELECT DISTINCT kind FROM quotes ORDER BY kind")]
    return outlets, kinds
