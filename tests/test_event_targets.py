"""Recipients the trigger's own phrase leaves unsaid (issue 26, round 6; pipeline/event_targets.py and the
answering verbs of data/event_reacting_verbs.tsv), and the subject a finite verb joined to an infinitive
shares: short hand-written sentences."""

from __future__ import annotations

import pytest

from .event_lookup import analyse_events, event_of
from .test_events import names


@pytest.mark.parametrize(("sentence", "kind", "trigger", "recipients"), [
    # a participle on the trigger's object names the target
    ("North Korea launched missiles targeting US warships on Monday.", "ASSAULT", "launched",
     {"United States"}),
    # the subject of a clause with the event noun under "under" suffers it
    ("Venezuela is already under Canadian sanctions.", "SANCTION", "sanctions", {"Venezuela"}),
    ("Venezuela came under attack from Colombia on Monday.", "ASSAULT", "attack", {"Venezuela"}),
    # the "to" phrase of what a sanction is on
    ("The Spanish ministry announced new restrictions on flights to Venezuela.", "SANCTION", "restrictions",
     {"Venezuela"}),
    ("Canada imposed restrictions on exports to Venezuela.", "SANCTION", "restrictions", {"Venezuela"}),
    # the country the thing attacked lies in
    ("The strike came one week after an attack on oil refineries in Kuwait.", "ASSAULT", "attack", {"Kuwait"}),
    # an event noun that strikes something is aimed at it
    ("A bombing on Sunday struck the Grand Mosque in Lagos.", "ASSAULT", "bombing", {"Grand Mosque"}),
    # a participle trigger is addressed to whom the verb it hangs on is
    ("Mayor Tom Reed wrote to Google asking for help.", "REQUEST", "asking", {"Google"}),
    # "allies such as Norway": the members named
    ("The EU has been encouraging partners such as Norway to restrict the airline's operations.", "REQUEST",
     "encouraging", {"Norway"}),
    # a verb answering a request is aimed at who asked; the one who answers is the one asked
    ("King Harald said he will comply with the request of Prime Minister Ben Jones to dissolve Parliament.",
     "AGREE", "comply", {"Ben Jones"}),
    ("King Harald said he will comply with the request of Prime Minister Ben Jones to dissolve Parliament.",
     "REQUEST", "request", {"King Harald"}),
])
def test_recipients_around_the_trigger(analyse, sentence: str, kind: str, trigger: str,  # type: ignore[no-untyped-def]
                                       recipients: set[str]) -> None:
    record = analyse_events(analyse, sentence)
    assert names(record, event_of(record, kind, trigger).with_role("recipient")) == recipients


def test_the_place_of_an_attacked_thing_is_also_where(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The strike came one week after an attack on oil refineries in Kuwait.")
    event = event_of(record, "ASSAULT", "attack")
    assert event.place is not None and record.entity(event.place).name == "Kuwait"


def test_a_city_the_attacked_thing_lies_in_is_not_the_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The strike came one week after an attack on a school in Kabul.")
    assert names(record, event_of(record, "ASSAULT", "attack").with_role("recipient")) == set()


def test_the_target_of_an_event_may_be_described(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The airline has been the target of US sanctions since 2015.")
    event = event_of(record, "SANCTION", "sanctions")
    assert [(g.description, g.role) for g in event.groups] == [("airline", "recipient")]


def test_granting_a_request_is_not_making_it(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "King Harald granted the request to dissolve Parliament.")
    event = event_of(record, "REQUEST", "request")
    assert names(record, event.with_role("actor")) == set()
    assert names(record, event.with_role("recipient")) == {"King Harald"}


def test_a_finite_verb_joined_to_an_infinitive_shares_the_main_subject(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Foreign Minister Ana Silva urged the court to reconsider and spoke with "
                                     "Chancellor Olaf Berg about the case.")
    assert names(record, event_of(record, "CONSULT", "spoke").entity_ids()) == {"Ana Silva", "Olaf Berg"}


def test_an_event_that_comes_from_someone_is_theirs(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Statements of condemnation have come from Chile, Peru and the Pope.")
    assert names(record, event_of(record, "ACCUSE", "condemnation").with_role("actor")) == {"Chile", "Peru"}


def test_those_participating_in_a_protest_protest(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Union members were participating in demonstrations against the mayor.")
    event = event_of(record, "PROTEST", "demonstrations")
    assert ("Union members", "actor") in [(g.description, g.role) for g in event.groups]


@pytest.mark.parametrize(("sentence", "kind", "trigger", "recipients"), [
    # a refusal is aimed at whom the refused act was for
    ("The mayor refused to hand over the records to Congress.", "REJECT", "refused", {"Congress"}),
    ("The panel cited Jane Roe's refusal to disclose to Congress documents about the census.", "REJECT", "refusal",
     {"Congress"}),
    ("The company refused to sell the data to Facebook.", "REJECT", "refused", {"Facebook"}),
    # an agreement is aimed at whom the agreed act is for, also through the thing signed
    ("Russia agreed to sell missiles to Venezuela on Monday.", "AGREE", "agreed", {"Venezuela"}),
    ("The producer Orlen signed a letter of intent on selling gas to the supplier Naftogaz.", "AGREE", "signed",
     {"Naftogaz"}),
    # a city the act goes to says where, not for whom
    ("The striker Tom Reyes agreed to move to Madrid.", "AGREE", "agreed", set()),
])
def test_refusals_and_agreements_are_aimed_at_whom_their_act_is_for(  # type: ignore[no-untyped-def]
        analyse, sentence: str, kind: str, trigger: str, recipients: set[str]) -> None:
    record = analyse_events(analyse, sentence)
    assert names(record, event_of(record, kind, trigger).with_role("recipient")) == recipients


def test_the_owner_of_the_thing_an_agreed_act_goes_to_is_not_its_recipient(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Mayor Jane Roe agreed to add two members to Ohio's police oversight council.")
    assert names(record, event_of(record, "AGREE", "agreed").with_role("recipient")) == set()


def test_a_call_needs_someone_called(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The agency acts once CNN has called the presidential race for a candidate.")
    assert [e for e in record.events if e.type == "CONSULT"] == []
    record = analyse_events(analyse, "The prime minister called Emmanuel Macron on Tuesday.")
    assert names(record, event_of(record, "CONSULT", "called").with_role("recipient")) == {"Emmanuel Macron"}
