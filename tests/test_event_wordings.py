"""One event told in two wordings (issue 26, round 9, pipeline/event_anaphors.py): a definite noun of the type
of the last event told names it ("met ... The talks"), unless another of the type is told between, the modes
differ, or paragraphs lie between."""

from __future__ import annotations

from newsgraph.record import ArticleRecord

from .event_lookup import analyse_events


def _consults(record: ArticleRecord) -> list[tuple[str, list[str]]]:
    return [(e.trigger.text, [m.text for m in e.mentions]) for e in record.events if e.type == "CONSULT"]


def test_the_talks_after_a_meeting_are_that_meeting(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Ann Bell met Tom Aldred in Oslo on Monday. The talks focused on trade.")
    assert _consults(record) == [("met", ["talks"])]


def test_the_attack_after_a_bombing_is_that_bombing(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Norway bombed Amberg on Monday. Chile said the attack killed nine people.")
    assert [(e.trigger.text, [m.text for m in e.mentions]) for e in record.events if e.type == "ASSAULT"] == [
        ("bombed", ["attack"])]


def test_the_talks_after_two_meetings_are_the_last(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Ann Bell met Tom Aldred on Monday. Later, Bell met Jim Cole. The talks "
                                     "focused on trade.")
    assert _consults(record) == [("met", []), ("met", ["talks"])]


def test_a_phone_call_after_a_meeting_is_another_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Ann Bell met Tom Aldred in Oslo on Monday. The phone call with Aldred "
                                     "lasted an hour.")
    assert [trigger for trigger, _ in _consults(record)] == ["met", "call"]


def test_talks_paragraphs_later_are_not_the_meeting(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Ann Bell met Tom Aldred in Oslo on Monday.\n\nMarkets were calm.\n\n"
                                     "Prices rose.\n\nThe talks with Jim Cole focused on trade.")
    assert [trigger for trigger, _ in _consults(record)] == ["met", "talks"]
