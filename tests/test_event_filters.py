"""Events the filters used to drop although their trigger is in the lexicon (issue 26, round 3): an act
whose doer is described rather than named ("the spokesperson for the government condemned the attack")
and the doer of a request or demand named with "of" ("the request of Boris Johnson")."""

from __future__ import annotations

import pytest

from newsgraph.record import ArticleRecord

from .test_events import names


def _events(analyse, sentence: str) -> ArticleRecord:  # type: ignore[no-untyped-def]
    return analyse("Headline\n" + sentence, "2024-12-18")


def _found(record: ArticleRecord, kind: str, trigger: str) -> list[str]:
    return [e.trigger.text for e in record.events if e.type == kind and e.trigger.text == trigger]


@pytest.mark.parametrize(("sentence", "kind", "trigger"), [
    ("The spokesperson for the government strongly condemned the attack.", "ACCUSE", "condemned"),
    ("His associates alleged the journalist was poisoned.", "ACCUSE", "alleged"),
    ("Legal and religious groups urged the council to drop the bill.", "REQUEST", "urged"),
])
def test_a_described_doer_acting_on_something_is_an_event(analyse, sentence: str, kind: str,  # type: ignore[no-untyped-def]
                                                            trigger: str) -> None:
    record = _events(analyse, sentence)
    assert _found(record, kind, trigger) == [trigger]
    # nobody is named, so nobody is made up
    event = next(e for e in record.events if e.trigger.text == trigger)
    assert event.with_role("actor") == []


@pytest.mark.parametrize(("sentence", "kind", "trigger"), [
    ("They condemned it.", "ACCUSE", "condemned"),  # an unresolved pronoun says too little
    ("The crowd attacked.", "ASSAULT", "attacked"),  # acting on nothing said
])
def test_a_vague_act_stays_out(analyse, sentence: str, kind: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    assert _found(_events(analyse, sentence), kind, trigger) == []


def test_the_doer_of_a_request_named_with_of(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "The Queen complied with the request of Boris Johnson to suspend Parliament.")
    request = next(e for e in record.events if e.type == "REQUEST" and e.trigger.text == "request")
    assert names(record, request.with_role("actor")) == {"Boris Johnson"}


@pytest.mark.parametrize("sentence", [
    "Religious groups have called for the bill to be dropped.",
    "The council called for his death to be investigated.",
])
def test_called_for_a_clause_is_a_request_not_a_call(analyse, sentence: str) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, sentence)
    assert _found(record, "REQUEST", "called") == ["called"]
    assert _found(record, "CONSULT", "called") == []


@pytest.mark.parametrize(("sentence", "trigger", "actor", "recipients"), [
    # a country or body before an act: who does it
    ("Mahan Air has been the subject of United States sanctions since 2011.", "sanctions", {"United States"},
     set()),
])
def test_a_name_before_a_directed_event_noun(analyse, sentence: str, trigger: str, actor: set[str],  # type: ignore[no-untyped-def]
                                             recipients: set[str]) -> None:
    record = _events(analyse, sentence)
    event = next(e for e in record.events if e.trigger.text == trigger)
    assert names(record, event.with_role("actor")) == actor
    assert names(record, event.with_role("recipient")) == recipients


def test_a_person_before_an_event_noun_is_not_its_doer(analyse) -> None:  # type: ignore[no-untyped-def]
    # "the Navalny arrest" is suffered, and the tagger may call him an organisation there: no doer is guessed
    record = _events(analyse, "Germany condemned the Alexei Navalny arrest.")
    assert all("Alexei Navalny" not in names(record, e.with_role("actor")) for e in record.events)


@pytest.mark.parametrize("sentence", [
    # a claim whose clause is about no one accuses no one
    "Vladimir Putin claimed the economy would grow next year.",
    # a count of casualties is a figure, not someone accused
    "Chief Superintendent Maria Okafor further claimed 90 civilians were wounded in the fighting.",
    # aid is given to someone: funding a thing helps no one named
    "Congress funded the wall in March.",
])
def test_acts_aimed_at_no_one_are_no_directed_events(analyse, sentence: str) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, sentence)
    assert [e.type for e in record.events if e.type in ("ACCUSE", "AID")] == []


def test_an_allegation_about_someone_is_kept(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "Vladimir Putin claimed the protesters were paid by foreign agents.")
    assert _found(record, "ACCUSE", "claimed") == ["claimed"]
