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


def test_people_after_a_protest_participle_protest(analyse) -> None:  # type: ignore[no-untyped-def]
    """ "interrupted by protesting legislators": read as a gerund with the legislators as its object, but people
    are not protested; they protest, aimed at the one interrupted."""
    record = analyse_events(analyse, "Speaking in the Senate, Ann Lee was interrupted by protesting legislators.")
    event = event_of(record, "PROTEST", "protesting")
    assert event.described("actor") == ["legislators"]
    assert [record.entity(p.entity).name for p in event.participants if p.role == "recipient"] == ["Ann Lee"]
