"""A refusal of what a request just told asks for answers it (issue 26, round 9, pipeline/event_refusals.py): the
request is aimed at the refusers, the refusal at the requester."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of, named

_TOLD = ("In May, the Senate Ethics Committee issued subpoenas for records about the contract. Jane Doe and John "
         "Roe, however, refused to hand over the records.")



def test_the_request_is_aimed_at_those_who_refuse_it(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, _TOLD)
    assert set(named(record, event_of(record, "REQUEST", "subpoenas"), "recipient")) == {"Jane Doe", "John Roe"}


def test_the_refusal_is_aimed_at_the_requester(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, _TOLD)
    assert set(named(record, event_of(record, "REJECT", "refused"), "recipient")) == {"Senate Ethics Committee"}


def test_refusing_another_thing_answers_nothing(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "In May, the Senate Ethics Committee issued subpoenas for records about the "
                                     "contract. Jane Doe and John Roe, however, refused to answer the questions.")
    assert set(named(record, event_of(record, "REQUEST", "subpoenas"), "recipient")) == set()
