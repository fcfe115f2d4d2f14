"""An event dated by a narrative anchor ("that day", "the same day", "three years later") is dated from the
moment the text gave last (issue 26, round 7, pipeline/event_dates.py); nothing is guessed without one."""

from __future__ import annotations

import pytest

from .event_lookup import analyse_events, event_of


@pytest.mark.parametrize(("text", "kind", "trigger", "value"), [
    # "that day" in a reported clause: the day the sentence gave
    ("On Monday, the army released a statement saying an attack that day on a base in Kandahar killed two.",
     "ASSAULT", "attack", "2024-12-16"),
    # "earlier that day" in the next paragraph: the day of the paragraph before
    ("On December 3, the leaders of Chile and Peru met in Lima.\n\nEarlier that day, Chile signed an agreement "
     "with Bolivia.", "AGREE", "agreement", "2024-12-03"),
    # a count of years from the year the sentence gave
    ("French troops left Mali in 2013, then at the Malian government's request returned two years later.",
     "REQUEST", "request", "2015"),
    # a relative clause on the date noun: the day it names
    ("The budget is due on January 14, the same day the king is scheduled to give a speech.", "SPEECH", "speech",
     "2025-01-14"),
])
def test_a_narrative_anchor_counts_from_the_date_given_last(analyse, text: str, kind: str,  # type: ignore[no-untyped-def]
                                                            trigger: str, value: str) -> None:
    assert event_of(analyse_events(analyse, text), kind, trigger).date == value


@pytest.mark.parametrize(("text", "kind", "trigger"), [
    # no date before it
    ("Rebels attacked a convoy in Kandahar. Later that day, police arrested three of the rebels.", "COERCE",
     "arrested"),
    # a year is too coarse for "that day"
    ("Rebels took the town in 2019. That day, police arrested three of the rebels.", "COERCE", "arrested"),
    # the date given last is two paragraphs back: another part of the story
    ("On Monday, rebels attacked a convoy.\n\nThe army has 300 soldiers there.\n\nThe next day, police arrested "
     "three of the rebels.", "COERCE", "arrested"),
])
def test_no_anchor_no_date(analyse, text: str, kind: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    assert event_of(analyse_events(analyse, text), kind, trigger).date is None


def test_a_speakers_that_day_is_their_own_story(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, 'On Monday, Ann Lee said: "We are proud. That day we urged Chile to act."')
    assert all(e.date is None for e in record.events if e.trigger.text == "urged")
