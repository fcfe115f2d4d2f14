"""Writing one article's events into the store: events, their participants (named and described), places.

Called by writer.write_article inside its one transaction. Participants and places are resolved to
the store's entities through the article's own entity rows (`article_entities`), so an event of
one article and a quotation of another meet on the same entity.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict

from ..record import ArticleRecord, Event, ParticipantRole

# Local entity id -> (article_entities id, entity id, mention spans): what writer._insert_entities builds.
LocalEntities = dict[str, tuple[int, int, list[tuple[int, int]]]]


def event_title(event: Event, names: dict[str, str]) -> str:
    """A one-line label: "CONSULT multilateral: meeting (Nato → Volodymyr Zelenskyy)"."""
    def who(role: ParticipantRole) -> str:
        # the entities in a role, else the people or group it describes ("Protesters → Acme")
        return ", ".join([names.get(e, e) for e in event.with_role(role)] or event.described(role))

    actors, recipients = who("actor"), who("recipient")
    parties = " → ".join(filter(None, [actors, recipients])) or who("participant")
    kind = " ".join(filter(None, [event.type, event.mode]))
    return f"{kind}: {event.trigger.text}" + (f" ({parties})" if parties else "")


def insert_events(conn: sqlite3.Connection, article_id: int, record: ArticleRecord, local: LocalEntities,
                  happened_on: dict[str, str | None]) -> dict[str, int]:
    """Store every event of `record` with its participants; local event id -> events.id.

    `happened_on` gives each event's query date (its own day, else the article's publication when
    it happened; see writer.happened_on).
    """
    names = {entity.id: entity.name for entity in record.entities}
    stored: dict[str, int] = {}
    for event in record.events:
        place = local.get(event.place) if event.place else None
        cursor = conn.execute(
            "INSERT INTO events (article_id, local_id, title, type, mode, status, date, date_precision, happened_on, "
            "place_id, place_article_entity_id, trigger, trigger_start, trigger_end, sentence_start, sentence_end, "
            f"mentions, confidence) VALUES ({', '.join('?' * 18)})",
            (article_id, event.id, event_title(event, names), event.type, event.mode, event.status, event.date,
             event.date_precision, happened_on[event.id], place[1] if place else None, place[0] if place else None,
             event.trigger.text, event.trigger.start, event.trigger.end, event.sentence.start, event.sentence.end,
             json.dumps([asdict(m) for m in event.mentions], ensure_ascii=False), event.confidence))
        event_id = int(cursor.lastrowid or 0)
        stored[event.id] = event_id
        conn.executemany(
            'INSERT INTO event_participants (event_id, article_entity_id, entity_id, role, name, start, "end", text) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(event_id, local[p.entity][0], local[p.entity][1], p.role, names[p.entity], p.span.start, p.span.end,
              p.span.text) for p in event.participants if p.entity in local])
        conn.executemany(
            'INSERT INTO event_groups (event_id, role, description, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
            [(event_id, g.role, g.description, g.span.start, g.span.end, g.span.text) for g in event.groups])
    return stored
