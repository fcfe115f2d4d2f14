"""Alerts in the store (migration 0007): saved, listed, removed, and fired on new matches.

Firing is in two steps. First every new match is recorded in `alert_firings`, keyed by (alert, fact),
so it fires once whatever is ingested again: a fact is a quotation or an event of one article's
content (its content hash and local id), and an alert sees only articles stored after it was saved.
Then every firing not yet delivered goes to its webhook and command; one that fails stays pending and
is tried again after the next cycle or ingest. The Atom feed (the workspace) reads the firings.
"""

from __future__ import annotations

import json
import shlex
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import NewsgraphError, NotFoundError, StoreError, UsageError
from ..store.schema import now, transaction
from . import alert_rules
from .alert_rules import AlertSpec
from .fetch import FetchError, is_http_url, post_json

Log = Callable[[str, str], None]
WEBHOOK_TIMEOUT_SECONDS = 10.0
COMMAND_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    spec: AlertSpec
    title: str
    webhook: str | None
    command: list[str] | None
    workspace_url: str | None
    since_article_id: int

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Alert:
        return cls(int(row["id"]), AlertSpec(row["kind"], row["target"], row["event_type"]), row["title"],
                   row["webhook"], json.loads(row["command"]) if row["command"] else None, row["workspace_url"],
                   int(row["since_article_id"]))

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kind": self.spec.kind, "target": self.spec.target,
                "event_type": self.spec.event_type, "webhook": self.webhook,
                "command": shlex.join(self.command) if self.command else None, "workspace_url": self.workspace_url}


def add(conn: sqlite3.Connection, spec: AlertSpec, *, webhook: str | None = None, command: str | None = None,
        workspace_url: str | None = None) -> Alert:
    """Save an alert; it fires on facts of articles stored from now on. UsageError for a webhook or
    workspace that is not an http(s) URL, or a command that cannot be split into a program and arguments."""
    for name, url in (("webhook", webhook), ("workspace", workspace_url)):
        if url is not None and not is_http_url(url):
            raise UsageError(f"the {name} must be an http(s) URL, not {url!r}")
    argv = None
    if command is not None:
        try:
            argv = shlex.split(command)
        except ValueError as error:
            raise UsageError(f"the command {command!r} cannot be read ({error})") from None
        if not argv:
            raise UsageError("the command is empty")
    with transaction(conn):
        last = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        cursor = conn.execute(
            "INSERT INTO alerts (title, kind, target, event_type, webhook, command, workspace_url, since_article_id, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (spec.title, spec.kind, spec.target, spec.event_type, webhook, json.dumps(argv) if argv else None,
             workspace_url.rstrip("/") if workspace_url else None, last, now()))
    return get(conn, int(cursor.lastrowid or 0))


def get(conn: sqlite3.Connection, alert_id: int) -> Alert:
    row = conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no alert #{alert_id} in the store (`newsgraph alert list` shows them)")
    return Alert.from_row(row)


def listing(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every alert with how many times it fired and how many deliveries wait."""
    rows = []
    for row in conn.execute("SELECT * FROM alerts ORDER BY id").fetchall():
        alert = Alert.from_row(row)
        fired, waiting = conn.execute(
            "SELECT count(*), coalesce(sum(" + _PENDING + "), 0) FROM alert_firings f JOIN alerts al "
            "ON al.id = f.alert_id WHERE f.alert_id = ?", (alert.id,)).fetchone()
        rows.append({**alert.as_dict(), "fired": fired, "pending": waiting})
    return rows


def remove(conn: sqlite3.Connection, alert_id: int) -> Alert:
    alert = get(conn, alert_id)
    with transaction(conn):
        conn.execute("DELETE FROM alerts WHERE id = ?", (alert_id,))
    return alert


def preview(conn: sqlite3.Connection, alert_id: int, limit: int = 20) -> list[dict[str, Any]]:
    """What the alert would send for the facts already stored (newest articles first); nothing is recorded."""
    alert = get(conn, alert_id)
    found = alert_rules.matches(conn, alert.spec, 0)[::-1][:limit]
    return [payload(alert, fact) for fact in found]


# Firing ---------------------------------------------------------------------------------------

_PENDING = ("(al.webhook IS NOT NULL AND f.webhook_done_at IS NULL) "
            "OR (al.command IS NOT NULL AND f.command_done_at IS NULL)")


def fire_alerts(conn: sqlite3.Connection, log: Log) -> int:
    """Record the new matches of every alert, then deliver what waits; how many new matches fired."""
    fired = 0
    for row in conn.execute("SELECT * FROM alerts ORDER BY id").fetchall():
        alert = Alert.from_row(row)
        try:
            facts = alert_rules.matches(conn, alert.spec, alert.since_article_id, alert.id)
        except NotFoundError as error:  # a name that became ambiguous: say so, the others go on
            log("warn", f"alert #{alert.id} ({alert.title}) skipped: {error}")
            continue
        for fact in facts:
            if _record(conn, alert, fact):
                fired += 1
                log("alert", f"#{alert.id} {alert.title}: {_short(fact['title'])} ({fact['article_title'] or '?'})")
    deliver(conn, log)
    return fired


def fire_after_ingest(db: Any, log: Log) -> int:
    """`ingest --db`'s last step: the alerts of the store fire on what it stored."""
    from ..store.schema import connect, describe

    if not _has_alerts(db):
        return 0  # the common case: read-only, no second writer opening the store behind the ingest
    conn = connect(db)
    try:
        return fire_alerts(conn, log)
    except sqlite3.DatabaseError as error:
        raise StoreError(describe(error, db)) from None
    finally:
        conn.close()


def _has_alerts(db: Any) -> bool:
    from ..store.schema import connect, describe, table_names

    try:
        conn = connect(db, readonly=True)
    except StoreError:
        return False  # no store (the ingest failed before making one) has no alerts
    try:
        return "alerts" in table_names(conn) and conn.execute("SELECT 1 FROM alerts LIMIT 1").fetchone() is not None
    except sqlite3.DatabaseError as error:
        raise StoreError(describe(error, db)) from None
    finally:
        conn.close()


def _record(conn: sqlite3.Connection, alert: Alert, fact: dict[str, Any]) -> bool:
    with transaction(conn):
        cursor = conn.execute(
            "INSERT OR IGNORE INTO alert_firings (alert_id, fact_key, article_id, quote_id, event_id, title, payload, "
            "fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (alert.id, fact["fact_key"], fact["article_id"], fact["quote_id"], fact["event_id"], fact["title"],
             json.dumps(payload(alert, fact), ensure_ascii=False), now()))
    return cursor.rowcount == 1


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def evidence_path(fact: dict[str, Any]) -> str:
    """The workspace's evidence view of a fact: its article, at the quotation."""
    anchor = f"#quote-{fact['quote_id']}" if fact.get("quote_id") else ""
    return f"/-/article/{fact['article_id']}{anchor}"


def payload(alert: Alert, fact: dict[str, Any]) -> dict[str, Any]:
    """What a webhook and a command are sent: the fact, its speaker, its article and the evidence link."""
    from ..web.links import http_url  # the workspace's rule for links (importing web loads Datasette)

    path = evidence_path(fact)
    body: dict[str, Any] = {
        "alert": {"id": alert.id, "title": alert.title},
        "fact": fact["fact_key"],
        "article": {"id": fact["article_id"], "title": fact["article_title"], "url": http_url(fact["url"]),
                    "outlet": fact["source"], "published": fact["published"]},
        "evidence": (alert.workspace_url + path) if alert.workspace_url else path,
    }
    if fact["quote_id"] is not None:
        body["quotation"] = {"id": fact["quote_id"], "content": fact["title"], "kind": fact["kind"],
                             "cue": fact["cue"], "said_on": fact["said_on"], "start": fact["start"],
                             "end": fact["end"]}
        body["speaker"] = {"id": fact["speaker_id"], "name": fact["speaker"]} if fact["speaker_id"] else None
    else:
        body["event"] = {"id": fact["event_id"], "title": fact["title"], "type": fact["kind"],
                         "trigger": fact["cue"], "happened_on": fact["said_on"], "start": fact["start"],
                         "end": fact["end"]}
    return body


# Delivery -------------------------------------------------------------------------------------

def deliver(conn: sqlite3.Connection, log: Log) -> int:
    """Send every firing still waiting for its webhook or command, oldest first; how many were sent.
    After a webhook fails, that alert's other deliveries wait for the next time (no hammering)."""
    rows = conn.execute(
        "SELECT f.id, f.payload, f.fact_key, f.webhook_done_at, f.command_done_at, al.id AS alert_id, al.webhook, "
        "al.command FROM alert_firings f JOIN alerts al ON al.id = f.alert_id WHERE " + _PENDING
        + " ORDER BY f.id").fetchall()
    failing: set[tuple[int, str]] = set()
    sent = 0
    for row in rows:
        body = row["payload"].encode("utf-8")
        channels = []
        if row["webhook"] and row["webhook_done_at"] is None:
            channels.append(("webhook", lambda row=row, body=body: post_json(
                row["webhook"], body, timeout=WEBHOOK_TIMEOUT_SECONDS, headers={"X-Newsgraph-Fact": row["fact_key"]})))
        if row["command"] and row["command_done_at"] is None:
            channels.append(("command", lambda row=row, body=body: run_command(json.loads(row["command"]), body)))
        for channel, send in channels:
            if (row["alert_id"], channel) in failing:
                continue
            try:
                send()
            except (FetchError, NewsgraphError, OSError) as error:
                failing.add((row["alert_id"], channel))
                _delivered(conn, row["id"], channel, error=str(error))
                log("warn", f"alert #{row['alert_id']}: {channel} failed, tried again next time: {error}")
                continue
            _delivered(conn, row["id"], channel)
            sent += 1
    return sent


def _delivered(conn: sqlite3.Connection, firing_id: int, channel: str, error: str | None = None) -> None:
    column = "webhook_done_at" if channel == "webhook" else "command_done_at"
    with transaction(conn):
        if error is None:
            conn.execute(f"UPDATE alert_firings SET {column} = ?, last_error = NULL WHERE id = ?", (now(), firing_id))
        else:
            conn.execute("UPDATE alert_firings SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                         (f"{channel}: {error}", firing_id))


class CommandFailed(NewsgraphError):
    """An alert's command exited with an error or ran too long."""


def run_command(argv: list[str], body: bytes) -> None:
    """Run an alert's command with the JSON on its standard input: no shell, so nothing in an article
    can reach a command line."""
    try:
        done = subprocess.run(argv, input=body, capture_output=True, timeout=COMMAND_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise CommandFailed(f"{argv[0]} ran over {COMMAND_TIMEOUT_SECONDS:g} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise CommandFailed(f"{argv[0]} exited with {done.returncode} {detail[0][:200]}".rstrip())
