"""Analysing a hand-written passage for its events and finding one of them: what the event tests
ask of every sentence."""

from __future__ import annotations

from newsgraph.record import ArticleRecord, Event


def analyse_events(analyse, text: str) -> ArticleRecord:  # type: ignore[no-untyped-def]
    """The record of `text` under a headline, published on a fixed Wednesday (2024-12-18)."""
    return analyse("Headline\n" + text, "2024-12-18")


def event_of(record: ArticleRecord, kind: str, trigger: str) -> Event:
    """The one event of type `kind` whose trigger reads `trigger`."""
    found = [e for e in record.events if e.type == kind and e.trigger.text == trigger]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in record.events]
    return found[0]


def named(record: ArticleRecord, event: Event, role: str | None = None) -> list[str]:
    """The names of the event's participants in `role` ("actor", "recipient"), or of all of them."""
    return [record.entity(p.entity).name for p in event.participants if role is None or p.role == role]
