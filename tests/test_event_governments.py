"""The government a protest is aimed at when the text leaves it implicit, and its protesters' demands (issue 26,
round 8, pipeline/event_governments.py): PLOVER's target of a protest, our reading where the guidelines are
silent."""

from __future__ import annotations

from newsgraph.record import ArticleRecord, Event

from .event_lookup import analyse_events, event_of, named


def _targets(record: ArticleRecord, event: Event) -> list[str]:
    return named(record, event, "recipient") + event.described("recipient")


def test_anti_government_protests_target_the_government_of_their_place(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Anti-government protests have continued in Lima since Tuesday, police said.")
    assert _targets(record, event_of(record, "PROTEST", "protests")) == ["Peruvian government"]


def test_the_country_named_in_the_protest_phrase(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The vote came after weeks of protests against a proposed change to "
                                     "Chile's pension law.")
    assert _targets(record, event_of(record, "PROTEST", "protests")) == ["Chilean government"]


def test_a_protest_without_a_cue_keeps_no_target(analyse) -> None:  # type: ignore[no-untyped-def]
    """A rally may be for the government as well as against it: only the text's own cue says which."""
    record = analyse_events(analyse, "Thousands of farmers rallied in Lima on Tuesday.")
    assert _targets(record, event_of(record, "PROTEST", "rallied")) == []


def test_no_country_known_no_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Anti-government protests continued on Tuesday, the farmers' union said.")
    assert _targets(record, event_of(record, "PROTEST", "protests")) == []


def test_a_protest_against_someone_named_keeps_its_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Farmers in Lima protested against Acme Mining on Tuesday.")
    assert _targets(record, event_of(record, "PROTEST", "protested")) == ["Acme Mining"]


def test_protesters_demands_are_aimed_where_their_protest_is(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Anti-government protests continued in Lima on Tuesday.\n\n"
                                     "Protesters' demands include new elections and the release of students.")
    assert _targets(record, event_of(record, "REQUEST", "demands")) == ["Peruvian government"]


def test_a_call_about_a_state_act_is_aimed_at_the_government(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Thousands marched in Lima on Monday. Legal and religious groups in Peru have "
                                     "also called for the bill to be dropped.")
    assert _targets(record, event_of(record, "REQUEST", "called")) == ["Peruvian government"]


def test_a_call_about_no_state_act_keeps_no_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Student unions in Peru called for new elections on Monday.")
    assert _targets(record, event_of(record, "REQUEST", "called")) == []
