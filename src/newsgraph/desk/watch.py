"""`newsgraph watch`: the poll loop. Each cycle polls every listed feed or sitemap, fetches the pages of
the items it has not seen, ingests them as `ingest` does, then fires the alerts.

A feed that is down, malformed or slow is logged and the others go on. A stop (Ctrl-C, SIGTERM) is
taken between two steps: each step writes in its own transactions, and a feed's validators are
saved only once its new items are done, so the next run polls it again and resumes.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, StoreError
from ..record import ArticleDraft
from ..settings import DEFAULT_SETTINGS, Settings
from ..sources.html import draft_from_html
from ..sources.text import decode
from ..store.schema import StoreConnection, connect, describe
from ..store.writer import content_hash
from . import state
from .fetch import Fetched, Fetcher, FetchError, Politeness, Stopped
from .listings import Item, Listing, ListingError, read_listing

Log = Callable[[str, str], None]  # (what: poll, page, alert, warn, error; the message)
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
               "*/*;q=0.5")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
MAX_CHILD_SITEMAPS = 50  # of a sitemap index, each poll


@dataclass(frozen=True, slots=True)
class WatchOptions:
    urls: tuple[str, ...]
    db: Path
    every: float = 900.0  # seconds from the start of one cycle to the start of the next
    once: bool = False
    politeness: Politeness = field(default_factory=Politeness)
    workers: int = 1
    max_new_per_feed: int = 100  # pages fetched per feed and cycle; the rest wait for the next
    settings: Settings = DEFAULT_SETTINGS


@dataclass(slots=True)
class FeedOutcome:
    url: str
    status: str  # 200, 304, or the failure's reason
    ok: bool
    new_items: int = 0
    stored: int = 0
    rejected: int = 0


@dataclass(slots=True)
class CycleReport:
    feeds: list[FeedOutcome] = field(default_factory=list)
    stored: int = 0
    fired: int = 0
    stopped: bool = False

    @property
    def failed(self) -> list[FeedOutcome]:
        return [outcome for outcome in self.feeds if not outcome.ok]


@dataclass(slots=True)
class _Page:
    item: Item
    draft: ArticleDraft | None = None
    error: InputError | None = None
    transient: bool = False


class Watcher:
    """Polls `options.urls` into the store `options.db`; `stop` ends it between two steps."""

    def __init__(self, options: WatchOptions, log: Log, stop: threading.Event | None = None,
                 after_cycle: Callable[[StoreConnection, Log], int] | None = None) -> None:
        self.options = options
        self.log = log
        self.stop = stop or threading.Event()
        self.fetcher = Fetcher(options.politeness, self.stop)
        self.after_cycle = after_cycle
        self._engine = None

    def run(self) -> CycleReport:
        """Cycles until a stop (or one with `once`); the last cycle's report."""
        try:
            while True:
                started = time.monotonic()
                report = self.cycle()
                if self.options.once or report.stopped:
                    return report
                wait = started + self.options.every - time.monotonic()
                self.log("wait", f"next cycle in {max(wait, 0):.0f} s")
                if self.stop.wait(max(wait, 0)):
                    report.stopped = True
                    return report
        finally:
            self.fetcher.close()

    def cycle(self) -> CycleReport:
        report = CycleReport()
        self.fetcher.new_cycle()
        conn = connect(self.options.db)
        try:
            for url in self.options.urls:
                if self.stop.is_set():
                    break
                try:
                    outcome = self._poll(conn, url)
                except Stopped:
                    break
                report.feeds.append(outcome)
                report.stored += outcome.stored
            report.stopped = self.stop.is_set()
            if self.after_cycle is not None and not report.stopped:
                report.fired = self.after_cycle(conn, self.log)
        except sqlite3.DatabaseError as error:  # a full disk, a store made read-only meanwhile
            raise StoreError(describe(error, self.options.db)) from None
        finally:
            conn.close()
        failed = len(report.failed)
        self.log("cycle", f"{len(report.feeds)} feeds polled ({failed} failed), {report.stored} articles stored"
                 + (f", {report.fired} alerts fired" if report.fired else "") + (", stopped" if report.stopped else ""))
        return report

    def _poll(self, conn: StoreConnection, listed_url: str) -> FeedOutcome:
        feed = state.feed(conn, listed_url)
        try:
            fetched = self.fetcher.get(feed.url, feed.validators, accept=FEED_ACCEPT)
        except FetchError as error:
            return self._failed(conn, feed, error.reason, str(error))
        if fetched.moved_to:
            self.log("warn", f"{feed.url} moved permanently to {fetched.moved_to}: polled there from now on")
        if fetched.status == 304:
            waiting = state.pending(conn, feed)
            self.log("poll", f"{feed.url}: not modified" + (f", {len(waiting)} pages to try again" if waiting else ""))
            outcome = FeedOutcome(listed_url, "304", ok=True)
            if waiting:
                self._ingest(conn, feed, Listing("", state.feed_title(conn, feed)), waiting, outcome)
            state.polled(conn, feed, "304", ok=True, moved_to=fetched.moved_to, stored=outcome.stored)
            return outcome
        try:
            listing = self._listing(fetched)
        except ListingError as error:
            return self._failed(conn, feed, error.reason, f"{feed.url}: {error.message} [{error.reason}]",
                                fetched.moved_to)
        new = state.unseen(conn, feed, listing.items)
        waiting = max(0, len(new) - self.options.max_new_per_feed)
        new = new[:self.options.max_new_per_feed]
        self.log("poll", f"{feed.url}: {listing.kind}, {len(listing.items)} items, {len(new)} new"
                 + (f" ({waiting} more next cycle)" if waiting else ""))
        outcome = FeedOutcome(listed_url, str(fetched.status), ok=True, new_items=len(new))
        self._ingest(conn, feed, listing, new, outcome)
        # Validators last: a stop before this point polls the feed again next time, and resumes.
        state.polled(conn, feed, outcome.status, ok=True, title=listing.title, kind=listing.kind,
                     moved_to=fetched.moved_to, etag=None if waiting else fetched.etag,
                     last_modified=None if waiting else fetched.last_modified,
                     new_items=len(new), stored=outcome.stored)
        return outcome

    def _failed(self, conn: StoreConnection, feed: state.Feed, reason: str, message: str,
                moved_to: str | None = None) -> FeedOutcome:
        state.polled(conn, feed, reason, ok=False, error=message, moved_to=moved_to)
        self.log("error", f"feed failed: {message}")
        return FeedOutcome(feed.listed_url, reason, ok=False)

    def _listing(self, fetched: Fetched) -> Listing:
        listing = read_listing(fetched.body, fetched.url, self.options.politeness.max_bytes)
        for child in listing.sitemaps[:MAX_CHILD_SITEMAPS]:
            try:
                listed = read_listing(self.fetcher.get(child, accept=FEED_ACCEPT).body, child,
                                      self.options.politeness.max_bytes)
            except (FetchError, ListingError) as error:
                self.log("warn", f"sitemap {child} skipped: {error}")
                continue
            listing.items.extend(listed.items)
        return listing

    def _ingest(self, conn: StoreConnection, feed: state.Feed, listing: Listing, new: list[Item],
                outcome: FeedOutcome) -> None:
        from ..store.ingestion import ingest_drafts

        if not new:
            return
        pages = []
        for item in new:
            pages.append(self._page(item, listing.title))  # Stopped goes up: nothing is recorded for them
        drafts = [page.draft for page in pages if page.draft is not None]
        before = {content_hash(draft): state.article_with_hash(conn, content_hash(draft)) for draft in drafts}
        summary = ingest_drafts((page.draft or page.error for page in pages if not page.transient), self.options.db,
                                settings=self.options.settings, workers=self.options.workers,
                                engine=self._engine_for(len(drafts)))
        failures = {error.origin: error for error in summary.rejected}
        for page in pages:
            self._record(conn, feed, page, before, failures, outcome)

    def _record(self, conn: StoreConnection, feed: state.Feed, page: _Page, before: dict[str, int | None],
                failures: dict[str | None, InputError], outcome: FeedOutcome) -> None:
        if page.draft is None:
            error = page.error
            assert error is not None
            state.item_done(conn, feed, page.item, "pending" if page.transient else "rejected", error=str(error))
            outcome.rejected += 1
            self.log("warn", f"page skipped: {error}")
            return
        digest = content_hash(page.draft)
        article_id = state.article_with_hash(conn, digest)
        if article_id is None:
            error = failures.get(page.draft.origin)
            state.item_done(conn, feed, page.item, "rejected", error=str(error) if error else "not stored")
            outcome.rejected += 1
            self.log("warn", f"page skipped: {error or page.item.url}")
        elif before.get(digest) is None:
            state.item_done(conn, feed, page.item, "stored", article_id=article_id)
            outcome.stored += 1
            self.log("page", f"stored #{article_id} {page.item.url}")
        else:
            state.item_done(conn, feed, page.item, "already_stored", article_id=article_id)
            self.log("page", f"already stored as #{article_id}: {page.item.url}")

    def _page(self, item: Item, outlet: str | None) -> _Page:
        """An item's page fetched and read as an article (trafilatura), or why not."""
        try:
            fetched = self.fetcher.get(item.url, accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
        except FetchError as error:
            return _Page(item, error=InputError(error.reason, error.message, item.url), transient=error.transient)
        media_type = fetched.content_type.split(";")[0].strip().lower()
        if media_type and media_type not in PAGE_TYPES:
            return _Page(item, error=InputError("not_html", f"the page is {media_type}, not HTML", item.url))
        try:
            text = decode(fetched.body, item.url, self.options.politeness.max_bytes)
            draft = draft_from_html(text, item.url, item.url, published=item.published, url=fetched.url)
        except InputError as error:
            return _Page(item, error=error)
        draft.headline = draft.headline or item.title
        draft.source = draft.source or outlet
        return _Page(item, draft=draft)

    def _engine_for(self, drafts: int):  # type: ignore[no-untyped-def]
        """One engine (its model loaded once) for every cycle of a one-worker watch."""
        if drafts == 0 or self.options.workers != 1:
            return None
        if self._engine is None:
            from ..pipeline import Engine

            self._engine = Engine(self.options.settings.with_(workers=1))
        return self._engine


@contextmanager
def stop_on_signals(stop: threading.Event, log: Log) -> Iterator[None]:
    """The first Ctrl-C or SIGTERM asks for a stop between two steps; a second Ctrl-C interrupts at once."""

    def asked(signum: int, _frame: object) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        log("stop", "stopping after the current step (Ctrl-C again to interrupt now)")

    previous = {signum: signal.signal(signum, asked) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
