"""The watch's state in the store (migration 0007): the feeds polled, their validators, the items seen
and the polls made. Each change is one short transaction, so a stop at any point leaves it whole."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..store.schema import now, transaction
from .listings import Item

MAX_ITEM_ATTEMPTS = 3  # an item whose page failed this often (5xx, timeouts) is given up


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    listed_url: str
    url: str
    etag: str | None
    last_modified: str | None

    @property
    def validators(self) -> dict[str, str | None]:
        return {"etag": self.etag, "last_modified": self.last_modified}


def feed(conn: sqlite3.Connection, listed_url: str) -> Feed:
    """The feed listed as `listed_url`, added to the store the first time it is listed."""
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO watch_feeds (listed_url, url, added_at) VALUES (?, ?, ?)",
                     (listed_url, listed_url, now()))
        row = conn.execute("SELECT id, listed_url, url, etag, last_modified FROM watch_feeds WHERE listed_url = ?",
                           (listed_url,)).fetchone()
    return Feed(int(row[0]), str(row[1]), str(row[2]), row[3], row[4])


def polled(conn: sqlite3.Connection, feed: Feed, status: str, *, ok: bool, error: str | None = None,
           title: str | None = None, kind: str | None = None, moved_to: str | None = None,
           etag: str | None = None, last_modified: str | None = None, new_items: int = 0, stored: int = 0) -> None:
    """Record one poll of `feed`: its outcome, its new validators (on success), where it moved."""
    at = now()
    with transaction(conn):
        if ok:
            conn.execute(
                "UPDATE watch_feeds SET last_polled_at = ?, last_status = ?, last_ok_at = ?, failures = 0, "
                "last_error = NULL, title = coalesce(?, title), kind = coalesce(?, kind), url = coalesce(?, url), "
                "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) WHERE id = ?",
                (at, status, at, title, kind, moved_to, etag, last_modified, feed.id))
        else:
            conn.execute("UPDATE watch_feeds SET last_polled_at = ?, last_status = ?, failures = failures + 1, "
                         "last_error = ?, url = coalesce(?, url) WHERE id = ?", (at, status, error, moved_to, feed.id))
        conn.execute("INSERT INTO watch_polls (feed_id, polled_at, status, new_items, stored, error) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (feed.id, at, status, new_items, stored, error))


def unseen(conn: sqlite3.Connection, feed: Feed, items: Iterable[Item]) -> list[Item]:
    """The items whose page is still to fetch: never seen, or pending after a failure that may pass."""
    done = {row[0] for row in conn.execute(
        "SELECT key FROM watch_items WHERE feed_id = ? AND (state != 'pending' OR attempts >= ?)",
        (feed.id, MAX_ITEM_ATTEMPTS))}
    wanted, keys = [], set()
    for item in items:
        if item.key not in done and item.key not in keys:
            keys.add(item.key)
            wanted.append(item)
    return wanted


def pending(conn: sqlite3.Connection, feed: Feed) -> list[Item]:
    """The feed's items whose page failed in a way that may pass, to try again even when the feed has
    not changed (a 304 lists no items)."""
    return [Item(row[0], row[1], row[2], row[3]) for row in conn.execute(
        "SELECT key, url, title, published FROM watch_items WHERE feed_id = ? AND state = 'pending' AND attempts < ? "
        "ORDER BY id", (feed.id, MAX_ITEM_ATTEMPTS))]


def feed_title(conn: sqlite3.Connection, feed: Feed) -> str | None:
    row = conn.execute("SELECT title FROM watch_feeds WHERE id = ?", (feed.id,)).fetchone()
    return row[0] if row else None


def item_done(conn: sqlite3.Connection, feed: Feed, item: Item, state: str, *, article_id: int | None = None,
              error: str | None = None) -> None:
    """Record what became of an item's page: stored (or already stored), rejected, or still pending."""
    at = now()
    with transaction(conn):
        conn.execute(
            "INSERT INTO watch_items (feed_id, key, url, title, published, first_seen_at, state, article_id, "
            "attempts, last_error, done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) "
            "ON CONFLICT(feed_id, key) DO UPDATE SET state = excluded.state, article_id = excluded.article_id, "
            "attempts = attempts + 1, last_error = excluded.last_error, done_at = excluded.done_at",
            (feed.id, item.key, item.url, item.title, item.published, at, state, article_id, error,
             None if state == "pending" else at))


def article_with_hash(conn: sqlite3.Connection, digest: str) -> int | None:
    row = conn.execute("SELECT id FROM articles WHERE hash = ?", (digest,)).fetchone()
    return int(row[0]) if row else None
