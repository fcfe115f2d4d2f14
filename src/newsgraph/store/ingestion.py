"""`newsgraph ingest`: read inputs, skip what is stored, analyse in parallel, write one article per transaction.

Resumable by construction: an article is stored whole or not at all, and a rerun skips every
article whose content hash is already in the store, so after a crash or Ctrl-C it continues
where it stopped. Inputs that fail go to the `errors` table and never stop the batch; a store
that cannot be written (disk full, read-only) stops it with a StoreError.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..errors import InputError, StoreError
from ..pipeline import Engine
from ..record import ArticleDraft
from ..settings import DEFAULT_SETTINGS, Settings
from ..sources import read_paths
from . import corrections
from .schema import connect, describe
from .writer import content_hash, forget_error, record_error, stored_hashes, write_article

T = TypeVar("T")
Progress = Callable[[int, int], None]  # (articles done, articles to do)


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did."""

    stored: int = 0
    already_stored: int = 0
    rejected: list[InputError] = field(default_factory=list)
    to_analyse: int = 0
    corrections_replayed: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def useful_workers(workers: int, articles: int, settings: Settings) -> int:
    """By default, no more workers than parser batches: a worker analyses whole batches, and each one
    started loads and warms its own model (seconds of a core), so a handful of articles is analysed in
    this process. An explicit `--workers N` is taken as asked (up to one worker an article)."""
    return max(1, min(workers, -(-articles // settings.batch_size)))


def ingest(paths: Sequence[str], db: str | os.PathLike[str], *, settings: Settings = DEFAULT_SETTINGS,
           workers: int | None = None, engine: Engine | None = None, published: str | None = None,
           progress: Progress | None = None, limit: int | None = None) -> IngestSummary:
    """Ingest every article in `paths` (the first `limit` when given) into the store at `db` (created when missing)."""
    started = time.perf_counter()
    conn = connect(db)
    try:
        summary = IngestSummary()
        drafts = _new_drafts(conn, paths, settings, published, summary, limit)
        _analyse_new(conn, drafts, summary, settings, workers, engine, progress)
        guarded(db, lambda: corrections.adopt(conn, paths))
        summary.corrections_replayed = guarded(db, lambda: corrections.replay(conn))
        summary.seconds = time.perf_counter() - started
        return summary
    finally:
        conn.close()


def ingest_drafts(items: Iterable[ArticleDraft | InputError], db: str | os.PathLike[str], *,
                  settings: Settings = DEFAULT_SETTINGS, workers: int | None = None, engine: Engine | None = None,
                  progress: Progress | None = None) -> IngestSummary:
    """Ingest articles already read (the pages `newsgraph watch` fetched, errors included) as `ingest`
    does its files: what is stored is skipped, the rest analysed and written one article a transaction."""
    started = time.perf_counter()
    conn = connect(db)
    try:
        summary = IngestSummary()
        drafts = list(unstored_drafts(conn, items, summary))
        _analyse_new(conn, drafts, summary, settings, workers, engine, progress)
        if summary.stored:  # the corrections bear on new articles only
            summary.corrections_replayed = guarded(db, lambda: corrections.replay(conn))
        summary.seconds = time.perf_counter() - started
        return summary
    finally:
        conn.close()


def _analyse_new(conn: sqlite3.Connection, drafts: list[tuple[ArticleDraft, str]], summary: IngestSummary,
                 settings: Settings, workers: int | None, engine: Engine | None, progress: Progress | None) -> None:
    summary.to_analyse = len(drafts)
    if drafts:
        workers = min(workers, len(drafts)) if workers else useful_workers(default_workers(), len(drafts), settings)
        engine = engine if engine is not None and workers == engine.settings.workers else Engine(
            (engine.settings if engine else settings).with_(workers=workers))
        _analyse_and_write(conn, engine, drafts, summary, progress)


def guarded(db: str | os.PathLike[str], step: Callable[[], T]) -> T:
    """Run a step that writes the store `db`; a database error becomes a StoreError saying what is wrong."""
    try:
        return step()
    except sqlite3.DatabaseError as error:
        raise StoreError(describe(error, db)) from None


def _new_drafts(conn: sqlite3.Connection, paths: Sequence[str], settings: Settings, published: str | None,
                summary: IngestSummary, limit: int | None = None) -> list[tuple[ArticleDraft, str]]:
    """The drafts not yet stored, with their hashes; rejected inputs noted in `errors`."""
    return list(new_drafts(conn, paths, settings, published, summary, limit))


def new_drafts(conn: sqlite3.Connection, paths: Sequence[str], settings: Settings, published: str | None,
               summary: IngestSummary, limit: int | None = None) -> Iterator[tuple[ArticleDraft, str]]:
    """The drafts not yet stored, with their hashes, as they are read (a distributed ingest streams them)."""
    return fresh_drafts(paths, settings, published, stored_hashes(conn), lambda error: _reject(conn, error, summary),
                        summary, limit)


def fresh_drafts(paths: Sequence[str], settings: Settings, published: str | None, known: set[str],
                 reject: Callable[[InputError], None], summary: IngestSummary,
                 limit: int | None = None) -> Iterator[tuple[ArticleDraft, str]]:
    """The drafts whose content hash is not in `known` (a store's, a lake's), with their hashes, as they are
    read; each unreadable input goes to `reject`."""
    items = read_paths(paths, settings, published)
    return fresh_items(itertools.islice(items, limit) if limit is not None else items, known, reject, summary)


def unstored_drafts(conn: sqlite3.Connection, items: Iterable[ArticleDraft | InputError],
                    summary: IngestSummary) -> Iterator[tuple[ArticleDraft, str]]:
    """The drafts among `items` not yet stored, with their hashes; errors noted in `errors`."""
    return fresh_items(items, stored_hashes(conn), lambda error: _reject(conn, error, summary), summary)


def fresh_items(items: Iterable[ArticleDraft | InputError], known: set[str], reject: Callable[[InputError], None],
                summary: IngestSummary) -> Iterator[tuple[ArticleDraft, str]]:
    """The drafts among `items` whose content hash is not in `known`, with their hashes (added to `known`)."""
    for item in items:
        if isinstance(item, InputError):
            reject(item)
            continue
        digest = content_hash(item)
        if digest in known:
            summary.already_stored += 1
            continue
        known.add(digest)
        yield item, digest


def _reject(conn: sqlite3.Connection, error: InputError, summary: IngestSummary) -> None:
    summary.rejected.append(error)
    try:
        record_error(conn, error.origin or "?", error.reason, error.message)
    except sqlite3.DatabaseError as failure:
        raise StoreError(describe(failure, "the store")) from None


def _analyse_and_write(conn: sqlite3.Connection, engine: Engine, drafts: list[tuple[ArticleDraft, str]],
                       summary: IngestSummary, progress: Progress | None) -> None:
    results = engine.analyze_many(draft for draft, _ in drafts)
    try:
        for done, ((draft, digest), result) in enumerate(zip(drafts, results, strict=True), 1):
            if isinstance(result, InputError):
                _reject(conn, result, summary)
            else:
                try:
                    article_id = write_article(conn, result, digest, draft.origin)
                    if article_id is not None:
                        forget_error(conn, draft.origin or "")  # it may have failed before
                except sqlite3.DatabaseError as error:
                    raise StoreError(describe(error, Path(conn_path(conn)))) from None
                if article_id is None:
                    summary.already_stored += 1  # another ingest stored it meanwhile
                else:
                    summary.stored += 1
            if progress:
                progress(done, len(drafts))
    finally:
        close = getattr(results, "close", None)
        if close:
            close()  # stops the worker pool at once on an error or Ctrl-C


def conn_path(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else "the store"
