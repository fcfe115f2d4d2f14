"""A request repeated by others is aimed where the first was (issue 26, round 8,
pipeline/event_repeated_requests.py)."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of, named


def test_the_same_act_asked_again_is_asked_of_the_same_addressee(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Police chief Ann Lee wrote to the Embassy of Chile asking it to waive the "
                                     "driver's immunity. Both she and Mayor Bob Kent urged the immunity be waived.")
    assert named(record, event_of(record, "REQUEST", "urged"), "recipient") == ["Embassy of Chile"]


def test_another_act_asked_is_not(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Police chief Ann Lee wrote to the Embassy of Chile asking it to waive the "
                                     "driver's immunity. Mayor Bob Kent urged the fine be paid.")
    assert named(record, event_of(record, "REQUEST", "urged"), "recipient") == []
