"""A protest whose phrase names no one is the act of the protesters the article describes (issue 26, round 7,
pipeline/event_protesters.py)."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of


def test_a_protest_is_done_by_the_protesters_described(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Thousands of Chilean protesters marched in Santiago on Monday.\n\n"
                                     "Anti-government protests have been taking place since Tuesday in Valparaiso.")
    assert event_of(record, "PROTEST", "protests").described("actor") == ["Chilean protesters"]


def test_no_protesters_described_no_actor(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Anti-government protests have been taking place since Tuesday in Valparaiso.")
    assert event_of(record, "PROTEST", "protests").described("actor") == []


def test_a_protest_with_its_own_actor_keeps_it(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Thousands of Chilean protesters marched in Santiago on Monday. Farmers "
                                     "protested in Valparaiso on Tuesday.")
    assert event_of(record, "PROTEST", "protested").described("actor") == ["Farmers"]
