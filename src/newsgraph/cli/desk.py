"""`newsgraph watch` (follow feeds and sitemaps into the store) and `newsgraph alert` (docs/desk.md)."""

from __future__ import annotations

import json
import re
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.markup import escape

from ..errors import ExitCode, NewsgraphError, UsageError
from ..settings import DEFAULT_SETTINGS
from .common import FastOption, app, engine_mode, err, fail, out
from .store import DEFAULT_DB, DbOption, JsonOption
from .store import _emit as emit

T = TypeVar("T")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STYLES = {"error": "red", "warn": "yellow", "page": "green", "alert": "magenta", "cycle": "bold"}


def seconds(value: str) -> float:
    """A duration such as 90, 30s, 15m, 2h or 1d, in seconds."""
    match = _DURATION.match(value)
    if not match or float(match.group(1)) <= 0:
        raise typer.BadParameter(f"{value!r} is not a duration; use e.g. 30s, 15m, 2h")
    return float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()]


def log_line(quiet: bool):  # type: ignore[no-untyped-def]
    """A log function printing one timestamped line per action on stderr (`quiet`: failures and cycles only)."""

    def log(what: str, message: str) -> None:
        if quiet and what not in ("error", "cycle", "stop"):
            return
        style = _STYLES.get(what)
        label = f"[{style}]{what}[/{style}]" if style else what
        err.print(f"{datetime.now().strftime('%H:%M:%S')} {label} {escape(message)}", highlight=False)

    return log


def listed_urls(urls: list[str], opml: Path | None) -> tuple[str, ...]:
    """The URLs given and those of the OPML file, in order, once each; UsageError for any not http(s)."""
    from ..desk.fetch import is_http_url
    from ..desk.listings import ListingError, opml_feeds

    found = list(urls)
    if opml is not None:
        try:
            found += opml_feeds(opml)
        except ListingError as error:
            raise UsageError(error.message) from None
    if not found:
        raise UsageError("give a feed or sitemap URL, or --opml FILE")
    wrong = [url for url in found if not is_http_url(url)]
    if wrong:
        raise UsageError(f"only http(s) URLs can be watched: {', '.join(wrong[:5])}")
    return tuple(dict.fromkeys(found))


def _contact(value: str | None) -> str | None:
    """The operator's contact for the User-Agent: one line of printable text, no parentheses."""
    if value is None:
        return None
    if not value.isprintable() or any(mark in value for mark in "()\\") or len(value) > 200:
        raise typer.BadParameter("give an e-mail address or a URL (printable, no parentheses)")
    return value.strip() or None


@app.command()
def watch(
    urls: Annotated[list[str] | None, typer.Argument(
        metavar="FEED_OR_SITEMAP_URL...", help="RSS or Atom feeds, XML sitemaps or sitemap indexes (http/https).")
                    ] = None,
    opml: Annotated[Path | None, typer.Option(help="An OPML file listing feeds (its xmlUrl attributes).")] = None,
    db: DbOption = DEFAULT_DB,
    every: Annotated[str, typer.Option(help="Time from one poll cycle's start to the next: 90s, 15m, 1h.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One cycle, then exit (for cron and tests).")] = False,
    delay_per_host: Annotated[float, typer.Option(
        min=0.0, help="Seconds between two requests to the same host (robots.txt's Crawl-delay wins when longer).")
                              ] = 2.0,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for a connection or a read.")] = 20.0,
    retries: Annotated[int, typer.Option(
        min=0, help="Further tries after a 5xx, a timeout or a dropped connection (waiting 1 s, 2 s, 4 s...).")] = 2,
    max_new: Annotated[int, typer.Option(
        min=1, help="Pages fetched per feed and cycle; the rest wait for the next cycle.")] = 100,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes analysing the fetched pages.")] = 1,
    contact: Annotated[str | None, typer.Option(
        help="Your e-mail address or web page, added to the User-Agent so that sites can reach you.")] = None,
    fast: FastOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Log only failures and a line per cycle.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks instead of one-line errors.")] = False,
) -> None:
    """Follow feeds and sitemaps: poll them politely, fetch and ingest each new item's page, fire the alerts."""
    from ..desk.alerts import fire_alerts
    from ..desk.fetch import Politeness
    from ..desk.watch import Watcher, WatchOptions, stop_on_signals
    from ..store.schema import connect

    interval = seconds(every)
    try:
        listed = listed_urls(urls or [], opml)
        settings = DEFAULT_SETTINGS.with_(mode=engine_mode(fast))
        options = WatchOptions(listed, db, every=interval, once=once, workers=workers, max_new_per_feed=max_new,
                               settings=settings,
                               politeness=Politeness(delay_per_host=delay_per_host, timeout=timeout, retries=retries,
                                                     max_bytes=settings.max_input_bytes, contact=_contact(contact)))
        connect(db).close()  # a store that cannot be written stops it now (exit 6), before any fetch
        log = log_line(quiet)
        stop = threading.Event()
        with stop_on_signals(stop, log):
            report = Watcher(options, log, stop, after_cycle=fire_alerts).run()
    except KeyboardInterrupt:
        err.print("interrupted: everything stored so far is complete; run the same command to continue.")
        raise typer.Exit(130) from None
    except NewsgraphError as error:
        fail(error, debug)
        return
    if report.stopped:
        # A service is stopped this way: that is no failure. A --once run cut short is one.
        raise typer.Exit(130 if once else int(ExitCode.OK))
    if report.feeds and len(report.failed) == len(report.feeds):
        raise typer.Exit(int(ExitCode.ALL_INPUTS_REJECTED))
    if report.failed:
        raise typer.Exit(int(ExitCode.SOME_INPUTS_REJECTED))


alert_app = typer.Typer(no_args_is_help=True, help="Saved alerts: new quotations or events matching them are sent "
                        "to a webhook, a command and the workspace's Atom feed (docs/desk.md).")
app.add_typer(alert_app, name="alert")


def _writable(db: Path, create: bool = False):  # type: ignore[no-untyped-def]
    from ..store.schema import connect

    try:
        return connect(db, create=create)
    except NewsgraphError as error:
        fail(error)


def _on_store(db: Path, step: Callable[[Any], T]) -> T:
    """`step` on the store `db`, opened writable and closed after; a NewsgraphError is reported (fail)."""
    conn = _writable(db)
    try:
        return step(conn)
    except NewsgraphError as error:
        fail(error)
        raise  # fail exits; only its debug mode gets here
    finally:
        conn.close()


@alert_app.command("add")
def alert_add(
    words: Annotated[str | None, typer.Argument(
        metavar="WORDS", help="What to watch, in words: \"quotes by Zelenskyy\", \"quotes containing 'ceasefire'\", "
        "\"CONSULT with Nato\", \"quotes in The Guardian\".")] = None,
    speaker: Annotated[str | None, typer.Option(help="Quotations by this speaker (any spelling, or #ID).")] = None,
    phrase: Annotated[str | None, typer.Option(help="Quotations containing these words, in this order.")] = None,
    event_type: Annotated[str | None, typer.Option(help="Events of this type (with --participant).")] = None,
    participant: Annotated[str | None, typer.Option(help="An entity taking part in the event.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Quotations in this outlet's articles.")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST each match as JSON to this http(s) URL.")] = None,
    command: Annotated[str | None, typer.Option(
        help="Run this program (split like a shell would, never run by one) with each match's JSON on stdin.")] = None,
    workspace: Annotated[str | None, typer.Option(
        help="The workspace's address (http://host:8001), for the evidence links sent.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Save an alert: it fires once for each new match in articles stored from now on."""
    from ..desk import alert_rules, alerts
    from ..store.lookup import choose

    given = [(kind, value) for kind, value in (("speaker", speaker), ("phrase", phrase), ("event", participant),
                                               ("outlet", outlet)) if value]
    try:
        if bool(words) + len(given) != 1:
            raise UsageError("give what to watch once: WORDS, or one of --speaker, --phrase, --event-type with "
                             "--participant, --outlet")
        spec = alert_rules.parse(words) if words else alert_rules.spec(given[0][0], given[0][1], event_type)
        conn = _writable(db, create=True)  # alerts may be saved before the first watch
        try:
            if spec.kind in ("speaker", "event"):
                from ..store.lookup import candidates

                found = candidates(conn, spec.target)
                if found:
                    choose(found, spec.target)  # an ambiguous name: exit 7 with the candidates
                else:
                    err.print(f"[yellow]note:[/yellow] no entity called {escape(spec.target)!s} in the store yet; "
                              "the alert fires once one is")
            alert = alerts.add(conn, spec, webhook=webhook, command=command, workspace_url=workspace)
        finally:
            conn.close()
    except NewsgraphError as error:
        fail(error)
        return
    out.print(f"alert #{alert.id}: {escape(alert.title)}"
              + "".join(f" -> {name}" for name, value in (("webhook", webhook), ("command", command)) if value)
              + f" (and /-/alerts/{alert.id}.atom in the workspace)")


@alert_app.command("list")
def alert_list(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Every alert, with how many matches it fired and how many deliveries wait."""
    from ..desk import alerts

    conn = _writable(db)
    try:
        rows = alerts.listing(conn)
    finally:
        conn.close()
    emit(rows, as_json, False, ["id", "title", "webhook", "command", "fired", "pending"], "alerts")


@alert_app.command("remove")
def alert_remove(alert_id: Annotated[int, typer.Argument(metavar="ID")], db: DbOption = DEFAULT_DB) -> None:
    """Delete an alert and the record of what it fired."""
    from ..desk import alerts

    alert = _on_store(db, lambda conn: alerts.remove(conn, alert_id))
    out.print(f"alert #{alert.id} removed: {escape(alert.title)}")


@alert_app.command("test")
def alert_test(alert_id: Annotated[int, typer.Argument(metavar="ID")], db: DbOption = DEFAULT_DB,
               limit: Annotated[int, typer.Option(min=1)] = 5) -> None:
    """Print, as JSON Lines, what the alert would send for matches already stored; nothing is sent or recorded."""
    from ..desk import alerts

    found = _on_store(db, lambda conn: alerts.preview(conn, alert_id, limit))
    for body in found:
        sys.stdout.write(json.dumps(body, ensure_ascii=False) + "\n")
    if not found:
        err.print("nothing stored matches it yet.")


@alert_app.command("send")
def alert_send(db: DbOption = DEFAULT_DB) -> None:
    """Fire the alerts on what is stored and deliver what waits (a failed webhook, say), now."""
    from ..desk import alerts

    fired = _on_store(db, lambda conn: alerts.fire_alerts(conn, log_line(False)))
    err.print(f"{fired} new matches fired.")
