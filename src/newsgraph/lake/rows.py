"""One analysed article as the lake's rows, table by table, and the partition it belongs to.

Built on store/shards.py's rows (the lake's articles, quotations and entities are a superset of
a shard's), so the two Parquet forms of a record cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict
from urllib.parse import urlsplit

from ..record import ArticleRecord, Quote, Span
from ..store.shards import Analysed, article_row, entity_row, quote_row
from ..store.writer import said_on
from .schema import (
    ARTICLES,
    ATTRIBUTIONS,
    ENTITIES,
    EVENT_GROUPS,
    EVENTS,
    MENTIONS,
    PARTICIPANTS,
    QUOTATIONS,
    UNKNOWN,
)

Row = dict[str, object]
_MONTH = re.compile(r"^\d{4}-\d{2}")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_OUTLET_LENGTH = 80


def month_of(published: str | None) -> str:
    """The partition month of a publication date: YYYY-MM, or "unknown"."""
    return published[:7] if published and _MONTH.match(published) else UNKNOWN


def outlet_of(source: str | None, url: str | None) -> str:
    """The partition outlet: the source (else the URL's host) folded to a safe path component:
    ASCII lowercase letters, digits, `.`, `_` and `-` (a run of anything else becomes one `-`)."""
    name = source or _host(url) or ""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    safe = _UNSAFE.sub("-", folded).strip("-.")[:_OUTLET_LENGTH].strip("-.")
    return safe or UNKNOWN


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def partition_of(record: ArticleRecord) -> tuple[str, str]:
    return month_of(record.published), outlet_of(record.source, record.url)


def _span(span: Span | None) -> Row | None:
    return {"start": span.start, "end": span.end, "text": span.text} if span else None


def article_rows(item: Analysed, run: str, record: ArticleRecord) -> dict[str, list[Row]]:
    """Every table's rows for one article."""
    key = {"hash": item.digest, "article_id": record.id}
    published = record.published[:10] if record.published else None
    article = article_row(item, record) | key | {"run": run, "quotations": len(record.quotes),
                                                 "events": len(record.events)}
    entities = [entity_row(item, entity) | key | {"run": run, "published": record.published,
                                                  "source": record.source, "roles": list(entity.roles)}
                for entity in record.entities]
    quotations = [quote_row(item, record, quote) | key | {
        "published": record.published, "speaker_local_id": quote.speaker, "said_on": said_on(quote, published),
        "event_id": quote.event} for quote in record.quotes]
    attributions = [_attribution_row(key, quote, True) for quote in record.quotes] + [
        _attribution_row(key, other, False) for other in record.attributions]
    mentions = [key | {"local_id": entity.id, "start": m.span.start, "end": m.span.end, "text": m.span.text,
                       "kind": m.kind, "label": m.label} for entity in record.entities for m in entity.mentions]
    events = [key | {"event_id": event.id, "type": event.type, "mode": event.mode, "status": event.status,
                     "trigger": _span(event.trigger), "sentence": _span(event.sentence), "place": event.place,
                     "date": event.date, "date_precision": event.date_precision, "confidence": event.confidence,
                     "references": [_span(s) for s in event.mentions]} for event in record.events]
    participants = [key | {"event_id": event.id, "local_id": p.entity, "role": p.role} | asdict(p.span)
                    for event in record.events for p in event.participants]
    groups = [key | {"event_id": event.id, "description": g.description, "role": g.role} | asdict(g.span)
              for event in record.events for g in event.groups]
    return {ARTICLES: [article], ENTITIES: entities, QUOTATIONS: quotations, ATTRIBUTIONS: attributions,
            MENTIONS: mentions, EVENTS: events, PARTICIPANTS: participants, EVENT_GROUPS: groups}


def _attribution_row(key: Row, quote: Quote, is_quotation: bool) -> Row:
    return key | {"attribution_id": quote.id, "is_quotation": is_quotation, "kind": quote.kind,
                  "cue_class": quote.cue_class, "rule": quote.rule, "speaker_local_id": quote.speaker,
                  "content": [_span(s) for s in quote.content], "cue": _span(quote.cue),
                  "source": _span(quote.source), "venue_local_id": quote.venue, "medium": quote.medium,
                  "inherited_from": quote.inherited_from}
