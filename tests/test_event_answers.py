"""An answer to "the request" is aimed at whoever made the request the article told before (issue 26, round 7,
pipeline/event_answers.py)."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of
from .test_events import names


def test_the_request_declined_is_the_one_told_before(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Mayor Ann Reed wrote to the Embassy of Peru asking it to return the statue. "
                                     "The embassy declined the request on Monday.")
    declined = event_of(record, "REJECT", "declined")
    assert names(record, declined.with_role("recipient")) == {"Ann Reed"}
    # "the request" is that request named again, not a second one
    assert len([e for e in record.events if e.type == "REQUEST"]) == 1


def test_no_request_told_before_no_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The Peruvian embassy declined the request on Monday.")
    assert not event_of(record, "REJECT", "declined").with_role("recipient")
