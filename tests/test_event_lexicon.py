"""The event lexicon's coverage and the syntax that keeps it precise, on short hand-written sentences
(issue 26: phrasal verbs, event nouns, unnamed objects and targets, acts of speech, accidents)."""

from __future__ import annotations

import pytest

from newsgraph.record import ArticleRecord

from .test_events import names


def _events(analyse, sentence: str) -> ArticleRecord:  # type: ignore[no-untyped-def]
    return analyse("Headline\n" + sentence, "2024-12-18")


def _kinds(record: ArticleRecord) -> list[tuple[str, str]]:
    return [(e.type, e.trigger.text) for e in record.events]


@pytest.mark.parametrize(("sentence", "kind", "trigger", "actor", "recipient"), [
    # phrasal verbs and verbs with their preposition
    ("Germany turned down the request from Poland.", "REJECT", "turned", "Germany", "Poland"),
    ("Nancy Pelosi called for an inquiry into Donald Trump.", "REQUEST", "called", "Nancy Pelosi", None),
    ("The Kremlin lashed out at Finland on Monday.", "ACCUSE", "lashed", "Kremlin", "Finland"),
    ("Iran shot down a drone over the Gulf of Oman.", "ASSAULT", "shot", "Iran", None),
    # a verb of a type only with its object's word: holding someone in contempt accuses them
    ("The Senate voted to hold Mary Stone in contempt on Tuesday.", "ACCUSE", "hold", "Senate", "Mary Stone"),
    # verbs of the families the lexicon lacked
    ("Canada demanded an apology from India.", "REQUEST", "demanded", "Canada", "India"),
    ("Hungary balked at the proposal from Brussels on Monday.", "REJECT", "balked", "Hungary", None),
    ("Iran seized a tanker from Panama on Friday.", "COERCE", "seized", "Iran", None),
    ("Iraq denounced Syria on Friday.", "ACCUSE", "denounced", "Iraq", "Syria"),
    ("Ecuador banned Pakistani airlines.", "SANCTION", "banned", "Ecuador", None),
    ("Angela Merkel praised Emmanuel Macron.", "SUPPORT", "praised", "Angela Merkel", "Emmanuel Macron"),
    ("Spain arrested two Catalan leaders.", "COERCE", "arrested", "Spain", None),
    ("Joe Biden spoke with Olaf Scholz on Monday.", "CONSULT", "spoke", "Joe Biden", None),
    # event nouns
    ("The criticism from China surprised Vietnam.", "ACCUSE", "criticism", "China", None),
    ("Peru's threat against Chile worried investors.", "THREATEN", "threat", "Peru", "Chile"),
])
def test_new_triggers(analyse, sentence: str, kind: str, trigger: str, actor: str | None,  # type: ignore[no-untyped-def]
                      recipient: str | None) -> None:
    record = _events(analyse, sentence)
    event = next((e for e in record.events if e.type == kind and e.trigger.text == trigger), None)
    assert event is not None, _kinds(record)
    if actor:
        assert actor in names(record, event.with_role("actor"))
    if recipient:
        assert recipient in names(record, event.with_role("recipient"))


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Egypt condemned the unilateral move.", "ACCUSE"),  # a named actor acting on something
    ("Iran threatened to retaliate.", "THREATEN"),  # what is threatened: an infinitive
    ("Jane Roe was held in contempt in 2015 for refusing to pay the fine.", "REJECT"),  # what is refused: an infinitive
    ("Nick Adderley urged the immunity be waived.", "REQUEST"),  # what is asked: a clause
    ("At least 71 people were arrested in Belgrade on Friday.", "COERCE"),  # a passive target, no agent
])
def test_events_whose_other_side_is_not_named_are_kept(analyse, sentence: str, kind: str  # type: ignore[no-untyped-def]
                                                       ) -> None:
    assert kind in [e.type for e in _events(analyse, sentence).events]


def test_an_unnamed_event_anchored_in_time_is_kept(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "The protests began peacefully in June.")
    assert [(e.type, e.date) for e in record.events] == [("PROTEST", "2024-06")]


@pytest.mark.parametrize("sentence", [
    "Five people were killed in the storm.",  # force with no agent: victims of accidents as often as of attacks
    "A traffic collision which killed motorcyclist Harry Dunn closed the road.",
    "The storm killed Maria Lopez in Texas.",
    "Ann Smith declined to comment.",  # "declined to": no object, no rejection
    "Mark Lee claimed to have bought the car in Ohio.",  # "claimed to": a self-report, not an accusation
    "Nobody claimed the parcel at the post office in Leeds.",  # nobody named
    "Leeds can seize the opportunity to be the finance centre.",  # a thing seized makes a seizure
    "The army seized power in Mali on Monday.",
])
def test_uses_that_name_no_event(analyse, sentence: str) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, sentence)
    assert [e for e in record.events if e.type in ("ASSAULT", "REJECT", "ACCUSE", "COERCE")] == [], _kinds(record)


def test_a_claim_of_responsibility_is_a_statement_and_an_appeal_of_a_verdict_a_rejection(analyse  # type: ignore[no-untyped-def]
                                                                                          ) -> None:
    assert ("STATEMENT", "claimed") in _kinds(_events(analyse, "The Islamic State claimed responsibility."))
    record = _events(analyse, "Michael Avenatti will appeal the conviction.")
    assert [e.type for e in record.events] == ["REJECT"], _kinds(record)


@pytest.mark.parametrize(("sentence", "kind", "trigger"), [
    # round 4: generic news vocabulary the lexicon lacked
    ("Congress denied funding for the wall.", "REJECT", "denied"),
    ("Ohio criticised the withholding of aid to Kentucky.", "SANCTION", "withholding"),
    ("Texas filed a complaint against Google.", "ACCUSE", "complaint"),
    ("Iraq appreciated the support of Jordan.", "SUPPORT", "appreciated"),
    ("Britain sent more troops to Estonia.", "MOBILIZE", "sent"),  # troops are mobilised, not aid
    ("Police fired tear gas at the protesters in Belgrade.", "COERCE", "fired"),
    # the noun "support" when it is expressed, voiced or pledged ("discusses further support" is none)
    ("The United States expressed its support for Ukraine.", "SUPPORT", "support"),
])
def test_round_four_triggers(analyse, sentence: str, kind: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, sentence)
    assert (kind, trigger) in _kinds(record)


def test_support_that_is_only_discussed_is_no_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "Germany discussed further support for Ukraine.")
    assert [e for e in record.events if e.type == "SUPPORT"] == [], _kinds(record)
