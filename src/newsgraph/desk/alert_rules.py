"""What an alert watches, and the stored facts that match it.

Four kinds: quotations by a speaker (named as `newsgraph quotes --speaker` names one), quotations
containing a phrase, events of a type with a participant, quotations in an outlet's articles.
Names are resolved when the alert fires, not when it is saved: a speaker not yet in the store, or
known by more spellings later, is still found.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import lexicons
from ..errors import UsageError
from ..store import event_queries, lookup

KINDS = ("speaker", "phrase", "event", "outlet")
_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTES = "\"'“”‘’"


@dataclass(frozen=True, slots=True)
class AlertSpec:
    kind: str
    target: str
    event_type: str | None = None

    @property
    def title(self) -> str:
        """The alert in words, as `alert list` shows it."""
        if self.kind == "speaker":
            return f"quotes by {self.target}"
        if self.kind == "phrase":
            return f"quotes containing “{self.target}”"
        if self.kind == "outlet":
            return f"quotes in {self.target}"
        return f"{self.event_type} events with {self.target}"


@cache
def _phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, re.compile(rf"\s*{pattern}\s*", re.IGNORECASE))
                 for kind, pattern in lexicons.table("alert_phrases.tsv"))


def parse(words: str) -> AlertSpec:
    """An alert from words such as "quotes by Zelenskyy" (data/alert_phrases.tsv); UsageError otherwise."""
    for kind, pattern in _phrases():
        match = pattern.fullmatch(words)
        if match is None:
            continue
        event_type = match.groupdict().get("event_type")
        if kind == "event" and (not event_type or event_type.upper() not in event_queries.coded_types()):
            continue
        return spec(kind, match.group("target"), event_type)
    raise UsageError(f"{words!r} is not an alert newsgraph understands; say e.g. \"quotes by Zelenskyy\", "
                     "\"quotes containing 'ceasefire'\", \"CONSULT with Nato\", \"quotes in The Guardian\" "
                     "(or use --speaker, --phrase, --event-type with --participant, --outlet)")


def spec(kind: str, target: str, event_type: str | None = None) -> AlertSpec:
    """An alert of `kind` (checked): the target stripped of surrounding quotes, the event type known."""
    target = target.strip().strip(_QUOTES).strip()
    if kind not in KINDS:
        raise UsageError(f"{kind!r} is not a kind of alert: {', '.join(KINDS)}")
    if not target:
        raise UsageError("an alert needs a speaker, a phrase, a participant or an outlet")
    if kind == "phrase" and not _WORD.search(target):
        raise UsageError(f"{target!r} has no words to look for")
    if kind != "event" and event_type:
        raise UsageError("an event type goes with a participant (--event-type with --participant)")
    if kind == "event":
        if not event_type:
            raise UsageError("an event alert needs its type: --event-type CONSULT, ASSAULT...")
        wanted = event_type.strip().upper()
        if wanted not in event_queries.coded_types():
            raise UsageError(f"{event_type!r} is not an event type; the types are: "
                             f"{', '.join(sorted(event_queries.coded_types()))}")
        return AlertSpec(kind, target, wanted)
    return AlertSpec(kind, target)


_QUOTE_FACTS = (
    "SELECT 'quote:' || a.hash || ':' || q.local_id AS fact_key, q.id AS quote_id, NULL AS event_id, "
    "q.article_id, q.content AS title, q.kind, q.cue, q.said_on, q.start, q.\"end\", q.speaker_id, "
    "e.name AS speaker, a.title AS article_title, a.url, a.source, a.published "
    "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id "
    "WHERE q.article_id > ? AND {condition} AND NOT EXISTS (SELECT 1 FROM alert_firings f WHERE f.alert_id = ? "
    "AND f.fact_key = 'quote:' || a.hash || ':' || q.local_id) ORDER BY q.article_id, q.start")
_EVENT_FACTS = (
    "SELECT 'event:' || a.hash || ':' || v.local_id AS fact_key, NULL AS quote_id, v.id AS event_id, "
    "v.article_id, v.title, v.type AS kind, v.trigger AS cue, v.happened_on AS said_on, v.trigger_start AS start, "
    "v.trigger_end AS \"end\", NULL AS speaker_id, NULL AS speaker, a.title AS article_title, a.url, a.source, "
    "a.published FROM events v JOIN articles a ON a.id = v.article_id "
    "WHERE v.article_id > ? AND v.type = ? AND v.id IN (SELECT event_id FROM event_participants WHERE entity_id = ?) "
    "AND NOT EXISTS (SELECT 1 FROM alert_firings f WHERE f.alert_id = ? "
    "AND f.fact_key = 'event:' || a.hash || ':' || v.local_id) ORDER BY v.article_id, v.trigger_start")


def matches(conn: sqlite3.Connection, alert: AlertSpec, after_article: int, alert_id: int = 0) -> list[dict[str, Any]]:
    """The facts of articles stored after `after_article` that `alert` matches and that alert
    `alert_id` has not fired yet, in article order. NotFoundError when its speaker or participant's
    name has become ambiguous."""
    if alert.kind in ("speaker", "event"):
        entity_id = lookup.entity_id(conn, alert.target)
        if entity_id is None:
            return []
        if alert.kind == "event":
            rows = conn.execute(_EVENT_FACTS, (after_article, alert.event_type, entity_id, alert_id))
        else:
            rows = conn.execute(_QUOTE_FACTS.format(condition="q.speaker_id = ?"), (after_article, entity_id, alert_id))
    elif alert.kind == "phrase":
        phrase = '"' + " ".join(_WORD.findall(alert.target)) + '"'  # FTS5: these words, in this order
        rows = conn.execute(_QUOTE_FACTS.format(
            condition="q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"), (after_article, phrase,
                                                                                           alert_id))
    else:
        rows = conn.execute(_QUOTE_FACTS.format(condition="a.source = ? COLLATE NOCASE"),
                            (after_article, alert.target, alert_id))
    return [dict(row) for row in rows]
