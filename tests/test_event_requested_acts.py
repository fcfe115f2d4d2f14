"""An act done at someone's request answers it: the request is aimed at whoever does the act (issue 26,
round 9, pipeline/event_requested_acts.py)."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of, named


def test_a_possessed_request_is_aimed_at_the_doer_of_the_act(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Norway left Kuranda in 2009, then at the Kurandan government's request "
                                     "returned two years later.")
    assert named(record, event_of(record, "REQUEST", "request"), "recipient") == ["Norway"]


def test_the_request_of_someone_is_aimed_at_the_doer(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "At the request of Germany, Austria withdrew its ambassador from Kuranda.")
    assert named(record, event_of(record, "REQUEST", "request"), "recipient") == ["Austria"]


def test_a_request_with_its_own_addressee_keeps_it(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Germany made a request to Austria, and Austria replied on Monday.")
    assert named(record, event_of(record, "REQUEST", "request"), "recipient") == ["Austria"]


def test_an_own_request_done_by_the_asker_has_no_addressee(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "At his own request, John Amber was moved to another prison in Kuranda.")
    assert named(record, event_of(record, "REQUEST", "request"), "recipient") == []


def test_ruling_on_an_appeal_is_not_done_at_it(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Jane Roe's lawyers filed an appeal in May. The Appeals Court of Kuranda ruled "
                                     "on the appeal of that decision by her lawyers.")
    assert named(record, event_of(record, "REQUEST", "appeal"), "recipient") == []
