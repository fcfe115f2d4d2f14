"""Writing one analysed article into the store, in one transaction: all of it or none of it."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import asdict

from ..record import ArticleDraft, ArticleRecord, Entity, Event, Quote
from . import places, statements
from .event_writer import insert_events
from .identity import entity_for
from .schema import now, transaction

_SPACE = re.compile(r"\s+")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def content_hash(draft: ArticleDraft) -> str:
    """sha256 of the article's normalised content (Unicode NFKC, whitespace collapsed, headline first).

    The same article read from a .txt, a feed or a web archive hashes the same as long as its
    headline and text agree; the idempotence key of the store.
    """
    parts = [draft.headline or "", draft.text]
    normalised = _SPACE.sub(" ", unicodedata.normalize("NFKC", "\n".join(parts))).strip()
    if draft.headline and draft.text.lstrip().startswith(draft.headline.strip()):
        normalised = _SPACE.sub(" ", unicodedata.normalize("NFKC", draft.text)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def is_stored(conn: sqlite3.Connection, digest: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE hash = ?", (digest,)).fetchone() is not None


def stored_hashes(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT hash FROM articles")}


# (connection, an article's entity, the article's id) -> the store entity it is: a choice made
# elsewhere (a lake's identities) instead of the store's identity resolution.
EntityChooser = Callable[[sqlite3.Connection, Entity, int], int]


def write_article(conn: sqlite3.Connection, record: ArticleRecord, digest: str, origin: str | None,
                  choose_entity: EntityChooser | None = None) -> int | None:
    """Store one record with its entities and places, mentions, events, quotations, dates and flags.

    Returns the new article id, or None when an article with the same hash is already stored
    (by this run or another process). One IMMEDIATE transaction: a crash leaves no half article.
    `choose_entity`, when given, says which store entity each of the article's entities is.
    """
    with transaction(conn):
        if is_stored(conn, digest):
            return None
        article_id = _insert_article(conn, record, digest, origin)
        local = _insert_entities(conn, article_id, record, choose_entity)
        published = record.published[:10] if record.published else None
        names = {entity.id: entity.name for entity in record.entities}
        events = insert_events(conn, article_id, record, local,
                               {event.id: happened_on(event, published) for event in record.events})
        for quote in record.quotes:
            _insert_quote(conn, article_id, quote, local, names, published, events)
        conn.executemany(
            'INSERT INTO dates (article_id, start, "end", text, value, precision, relative) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, d.start, d.end, d.text, d.value, d.precision, int(d.relative)) for d in record.dates])
        conn.executemany(
            "INSERT INTO flags (article_id, type, message, spans) VALUES (?, ?, ?, ?)",
            [(article_id, f.type, f.message, json.dumps([asdict(s) for s in f.spans], ensure_ascii=False))
             for f in record.flags])
    return article_id


def _insert_article(conn: sqlite3.Connection, record: ArticleRecord, digest: str, origin: str | None) -> int:
    layout = {k: (asdict(v) if v else None) for k, v in
              (("headline", record.layout.headline), ("standfirst", record.layout.standfirst),
               ("byline", record.layout.byline), ("body", record.layout.body))}
    cursor = conn.execute(
        "INSERT INTO articles (key, title, byline, source, url, published, language, text, hash, origin, layout, "
        "boilerplate, analysed_with, newsgraph_version, mode, attribution_model, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (record.id, record.headline, record.byline, record.source, record.url, record.published, record.language,
         record.text, digest, origin, json.dumps(layout, ensure_ascii=False),
         json.dumps([asdict(b) for b in record.boilerplate], ensure_ascii=False),
         json.dumps(record.analysed_with, ensure_ascii=False), record.analysed_with.get("newsgraph"),
         record.analysed_with.get("mode"), record.analysed_with.get("attribution_model"), now()))
    return int(cursor.lastrowid or 0)


def _insert_entities(conn: sqlite3.Connection, article_id: int, record: ArticleRecord,
                     choose_entity: EntityChooser | None = None) -> dict[str, tuple[int, int, list[tuple[int, int]]]]:
    """Local entity id -> (article_entities id, entity id, mention spans)."""
    local: dict[str, tuple[int, int, list[tuple[int, int]]]] = {}
    for entity in record.entities:
        entity_id = choose_entity(conn, entity, article_id) if choose_entity else entity_for(
            conn, entity.name, entity.type, entity.aliases, entity.role, entity.gender, article_id=article_id)
        cursor = conn.execute(
            "INSERT INTO article_entities (article_id, entity_id, local_id, name, type, role, roles, "
            f"{', '.join(places.PLACE_COLUMNS)}, place_confidence) VALUES ({', '.join('?' * 14)})",
            (article_id, entity_id, entity.id, entity.name, entity.type, entity.role,
             json.dumps(entity.roles, ensure_ascii=False), *places.place_values(entity.place)))
        article_entity_id = int(cursor.lastrowid or 0)
        conn.executemany(
            'INSERT INTO mentions (article_id, article_entity_id, entity_id, start, "end", text, kind) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, article_entity_id, entity_id, m.span.start, m.span.end, m.span.text, m.kind)
             for m in entity.mentions])
        local[entity.id] = (article_entity_id, entity_id, [(m.span.start, m.span.end) for m in entity.mentions])
    # A later entity of this article may have merged an earlier one's store entity into its own.
    current = dict(conn.execute("SELECT local_id, entity_id FROM article_entities WHERE article_id = ?", (article_id,)))
    local = {local_id: (row_id, int(current[local_id]), spans) for local_id, (row_id, _, spans) in local.items()}
    places.refresh(conn, (local[e.id][1] for e in record.entities if e.place is not None))
    return local


def day(date: str | None, published: str | None) -> str | None:
    """The day to query by: a full date the article gives (YYYY-MM-DD...), else the publication date."""
    if date and _FULL_DATE.match(date):
        return date[:10]
    return published


def happened_on(event: Event, published: str | None) -> str | None:
    """An event's query day: its own full date, else, for one the article reports as having
    happened, the publication date; a planned, hypothetical or denied event without a date of its
    own has none (talks that may happen are not dated the day they were reported)."""
    return day(event.date, published if event.status == "happened" else None)


def said_on(quote: Quote, published: str | None) -> str | None:
    """When a quotation was said: its own full date when the article gives one, else publication."""
    return day(quote.date, published)


def _insert_quote(conn: sqlite3.Connection, article_id: int, quote: Quote,
                  local: dict[str, tuple[int, int, list[tuple[int, int]]]], names: dict[str, str],
                  published: str | None, events: dict[str, int]) -> None:
    speaker = local.get(quote.speaker) if quote.speaker else None
    content = " … ".join(s.text for s in quote.content)
    venue = local.get(quote.venue) if quote.venue else None
    venue_name = names.get(quote.venue or "", quote.venue)
    cursor = conn.execute(
        "INSERT INTO quotes (article_id, local_id, speaker_id, speaker_article_entity_id, kind, content, spans, "
        'start, "end", cue, cue_start, cue_end, source_text, source_start, source_end, venue, venue_id, medium, date, '
        f"said_on, confidence, in_headline, inherited_from, event_id) VALUES ({', '.join('?' * 24)})",
        (article_id, quote.id, speaker[1] if speaker else None, speaker[0] if speaker else None, quote.kind, content,
         json.dumps([asdict(s) for s in quote.content], ensure_ascii=False), quote.start, quote.end,
         quote.cue.text if quote.cue else None, quote.cue.start if quote.cue else None,
         quote.cue.end if quote.cue else None, quote.source.text if quote.source else None,
         quote.source.start if quote.source else None, quote.source.end if quote.source else None,
         venue_name, venue[1] if venue else None, quote.medium, quote.date, said_on(quote, published), quote.confidence,
         int(quote.in_headline), quote.inherited_from, events.get(quote.event or "")))
    quote_id = int(cursor.lastrowid or 0)
    about = [(quote_id, article_entity_id, entity_id) for local_id, (article_entity_id, entity_id, spans)
             in local.items() if local_id != quote.speaker and _inside(spans, quote)]
    conn.executemany("INSERT OR IGNORE INTO quote_entities (quote_id, article_entity_id, entity_id) VALUES (?, ?, ?)",
                     about)
    statements.assign(conn, quote_id, content, speaker[1] if speaker else None, said_on(quote, published))


def _inside(spans: list[tuple[int, int]], quote: Quote) -> bool:
    return any(c.start <= start and end <= c.end for start, end in spans for c in quote.content)


def record_error(conn: sqlite3.Connection, path: str, reason: str, message: str) -> None:
    """Note an input that failed; the same (path, reason) again only counts up."""
    stamp = now()
    conn.execute("INSERT INTO errors (path, reason, message, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) "
                 "ON CONFLICT (path, reason) DO UPDATE SET message = excluded.message, "
                 "last_seen = excluded.last_seen, times = times + 1", (path, reason, message, stamp, stamp))


def forget_error(conn: sqlite3.Connection, path: str) -> None:
    """An input that now succeeded is no longer an error."""
    conn.execute("DELETE FROM errors WHERE path = ?", (path,))
