"""A newsgraph store as input: each stored article's text, headline, byline, outlet, URL and date,
to be analysed again (`newsgraph ingest OLD.db --db NEW.db`), for instance to code the events of
articles stored before the store coded them (docs/store.md, "Schema")."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, StoreError
from ..record import ArticleDraft

_SQLITE_HEADER = b"SQLite format 3\x00"


def is_store_file(path: Path) -> bool:
    """True for an SQLite database (whether it is a newsgraph store is checked when it is read)."""
    try:
        with path.open("rb") as stream:
            return stream.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def drafts_from_store(path: Path, published: str | None = None) -> Iterator[ArticleDraft | InputError]:
    """Every article of the store at `path`, in the order they were stored; `published` for those
    without a date. A file that is not a newsgraph store is one `bad_store` error."""
    from ..store.schema import connect, describe  # the store's modules are not needed to read files

    try:
        conn = connect(path, readonly=True)
    except StoreError as error:
        yield InputError("bad_store", str(error), str(path))
        return
    try:
        rows = conn.execute("SELECT id, key, title, byline, source, url, published, text FROM articles ORDER BY id")
        for row in rows:
            yield ArticleDraft(id=row["key"], text=row["text"], headline=row["title"], byline=row["byline"],
                               published=row["published"] or published, source=row["source"], url=row["url"],
                               origin=f"{path}#article-{row['id']}")
    except sqlite3.DatabaseError as error:
        yield InputError("bad_store", describe(error, path), str(path))
    finally:
        conn.close()
