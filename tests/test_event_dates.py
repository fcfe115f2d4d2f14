"""An event's date from its own clause (issue 26, round 4): the date phrase of the clause a trigger's
clause hangs on when its own has none, but not through a reported clause or from a past perfect."""

from __future__ import annotations

import pytest

from .event_lookup import analyse_events, event_of


@pytest.mark.parametrize(("text", "kind", "trigger"), [
    # a participle clause on the verb that has the date
    ("On Thursday, Hatice Cengiz addressed reporters in New York, calling for the killers to be punished.",
     "REQUEST", "calling"),
    # a gerund after a preposition of the dated verb
    ("Nabil al-Quaety died in Aden on Tuesday after being shot by gunmen.", "ASSAULT", "shot"),
    # a relative clause of place on the dated verb's object
    ("Later on Tuesday Kyriakos Mitsotakis met Donald Trump, where he denounced Turkey.", "ACCUSE", "denounced"),
])
def test_a_trigger_takes_the_date_of_the_clause_it_hangs_on(analyse, text: str, kind: str,  # type: ignore[no-untyped-def]
                                                            trigger: str) -> None:
    record = analyse_events(analyse, text)
    assert len(record.dates) == 1 and record.dates[0].value is not None
    assert event_of(record, kind, trigger).date == record.dates[0].value


@pytest.mark.parametrize(("text", "kind", "trigger"), [
    # the day of the saying is not the day of what is said
    ("On Wednesday, the German government said Alexei Navalny was poisoned by Russia.", "ASSAULT", "poisoned"),
    # a past perfect is earlier than the clause it hangs on
    ("On Monday, Donald Trump left the deal that Barack Obama had signed with Iran.", "AGREE", "signed"),
])
def test_no_date_from_a_reported_clause_or_a_past_perfect(analyse, text: str, kind: str,  # type: ignore[no-untyped-def]
                                                         trigger: str) -> None:
    assert event_of(analyse_events(analyse, text), kind, trigger).date is None


def test_a_date_that_qualifies_another_noun_is_not_the_events(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Canada expressed its support for Chile via the December 20 signing of the "
                                     "trade bill.")
    assert event_of(record, "SUPPORT", "support").date is None
    # a possessive date still dates the clause that follows from it
    record = analyse_events(analyse, "As a result of Saturday's unrest, twenty people were arrested in Lyon.")
    assert event_of(record, "COERCE", "arrested").date == "2024-12-14"


def test_a_definite_event_after_a_preposition_keeps_its_own_time(analyse) -> None:  # type: ignore[no-untyped-def]
    """ "will comply with the request ... to close the park for parts of June": the request was made (the
    future is the compliance's) and June is the closing's, not the request's."""
    record = analyse_events(analyse, "Yesterday, the council announced it will comply with the request of Mayor Ann "
                                     "Lee to close the park for parts of June.")
    request = event_of(record, "REQUEST", "request")
    assert (request.status, request.date) == ("happened", None)


@pytest.mark.parametrize(("text", "kind", "trigger", "value"), [
    # what is announced is dated by the announcement, also a past perfect
    ("Late on Monday, the Chilean army announced it had entered into an agreement with Peru.", "AGREE",
     "agreement", "2024-12-16"),
    # a subject event noun is dated by the infinitive that says what happens to it
    ("The annual summit of the Andean Community is set to open tomorrow.", "CONSULT", "summit", "2024-12-19"),
    # a clause a few hours before a dated one is on its day
    ("A few hours before the ferry sank on Monday, Chile fired missiles at Peru.", "ASSAULT", "fired",
     "2024-12-16"),
])
def test_a_date_given_by_an_announcement_an_infinitive_or_a_close_clause(  # type: ignore[no-untyped-def]
        analyse, text: str, kind: str, trigger: str, value: str) -> None:
    assert event_of(analyse_events(analyse, text), kind, trigger).date == value


@pytest.mark.parametrize(("text", "kind", "trigger"), [
    # said is not announced
    ("Late on Monday, the Chilean army said it had entered into an agreement with Peru.", "AGREE", "agreement"),
    # days before is another day
    ("Three days before the ferry sank on Monday, Chile fired missiles at Peru.", "ASSAULT", "fired"),
])
def test_no_date_from_a_saying_or_a_distant_clause(analyse, text: str, kind: str,  # type: ignore[no-untyped-def]
                                                  trigger: str) -> None:
    assert event_of(analyse_events(analyse, text), kind, trigger).date is None


def test_an_act_aimed_at_an_occasion_told_before_is_on_its_day(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Yesterday, the Senate of Chile voted on a bill to cut fuel taxes.\n\n"
                                     "The vote was boycotted by opposition senators.")
    assert event_of(record, "PROTEST", "boycotted").date == "2024-12-17"
    # an occasion the text did not date before gives no date
    record = analyse_events(analyse, "The Senate of Chile debated a bill to cut fuel taxes.\n\n"
                                     "The vote was boycotted by opposition senators.")
    assert event_of(record, "PROTEST", "boycotted").date is None


def test_a_phrase_placing_another_event_before_or_after_is_that_events(analyse) -> None:  # type: ignore[no-untyped-def]
    """ "The speech came a week after an attack on oil plants in Kuwait": Kuwait is where the attack was."""
    record = analyse_events(analyse, "The speech by Ann Reed came a week after an attack on oil plants in Kuwait.")
    assert event_of(record, "SPEECH", "speech").place is None
