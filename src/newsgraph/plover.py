"""A record's events as PLOVER-style event data, one dict per event, each citing its evidence.

PLOVER (the successor of CAMEO) codes an event as actor, recipient, event type and mode, with a
date and a location. Each dict here also carries the sentence it was read from and a citation
(article, URL, character offsets of sentence and trigger) so that every coded event can be
checked against the article. `plover_event` makes the dict; `plover_events(record)` feeds it a
record, and the store (`newsgraph export --format plover`, store/event_queries.py) feeds it its own
rows, with `#ID` store entity references and the store's article id in the citation.
No spaCy here: it works on stored records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .record import ArticleRecord, Entity, Event, ParticipantRole, Span


def _actor(entity: Entity | None) -> dict[str, Any] | None:
    if entity is None:
        return None
    country = entity.place.country_code if entity.place else None
    return {"entity": entity.id, "name": entity.name, "type": entity.type, "country": country}


def _group(description: str) -> dict[str, Any]:
    """People or a group the text describes without naming: no entity, the words as the name."""
    return {"entity": None, "name": description, "type": "group", "country": None}


def _described(event: Event, role: ParticipantRole) -> list[dict[str, Any]]:
    return [_group(description) for description in event.described(role)]


def _location(entity: Entity | None) -> dict[str, Any] | None:
    if entity is None:
        return None
    place = entity.place
    return {
        "entity": entity.id, "name": entity.name,
        "country": place.country_code if place else None,
        "region": place.region_code if place else None,
        "geonames_id": place.geonames_id if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "feature": place.feature if place else None,
    }


def _offsets(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def article_citation(record: ArticleRecord) -> dict[str, Any]:
    """What a citation says of the article: id, URL, source, headline, publication date."""
    return {"article": record.id, "url": record.url, "source": record.source, "headline": record.headline,
            "published": record.published}


def plover_event(event: Event, entities: Mapping[str, Entity], quotes: Sequence[str],
                 article: Mapping[str, Any]) -> dict[str, Any]:
    """One event in PLOVER form.

    `entities` by the ids the event's participants and place use; `quotes` the ids of the
    quotations said at it; `article` the citation's article part (`article_citation`), whose
    "article" value prefixes the event id.
    """
    # a role's entities, else the people or group the text describes there ("the protesters")
    actors = [_actor(entities.get(e)) for e in event.with_role("actor")] or _described(event, "actor")
    recipients = [_actor(entities.get(e)) for e in event.with_role("recipient")] or _described(event, "recipient")
    return {
        "id": f"{article['article']}:{event.id}",
        "date": event.date,
        "date_precision": event.date_precision,
        "event": event.type,
        "mode": event.mode,
        "status": event.status,
        "actor": actors[0] if actors else None,
        "recipient": recipients[0] if recipients else None,
        "participants": [
            *({**(_actor(entities.get(p.entity)) or {"entity": p.entity}), "role": p.role}
              for p in event.participants),
            *({**_group(g.description), "role": g.role} for g in event.groups),
        ],
        "location": _location(entities.get(event.place or "")),
        "text": event.sentence.text,
        "quotes": list(quotes),
        "confidence": event.confidence,
        "citation": {**article, "sentence": _offsets(event.sentence), "trigger": _offsets(event.trigger)},
    }


def plover_events(record: ArticleRecord) -> list[dict[str, Any]]:
    """Every event of `record` in PLOVER form, in text order."""
    entities = {entity.id: entity for entity in record.entities}
    article = article_citation(record)
    return [plover_event(event, entities, [q.id for q in record.quotes if q.event == event.id], article)
            for event in record.events]
