"""Actors (issue 26, round 7) on short hand-written sentences: a subject the parser hangs on an auxiliary, the
unsaid subject of a clause that leaves it unsaid too, the object told to do what an infinitive says; and a
definite event noun on another day is another event."""

from __future__ import annotations

import pytest

from .event_lookup import analyse_events, event_of
from .test_events import names


@pytest.mark.parametrize(("sentence", "kind", "trigger", "actor"), [
    # the parser hangs "Chile" on "been": it is still the subject of "urging"
    ("The UK has been encouraging allies such as Norway to restrict Russia's operations.", "REQUEST",
     "encouraging", {"United Kingdom"}),
    # a participle's infinitive: the subject of the clause the participle hangs on
    ("The United Kingdom was more forceful in blaming Russia, committing to send more troops to Estonia.",
     "MOBILIZE", "send", {"United Kingdom"}),
    # those told to do something are to do it, not the teller
    ("The UK has been encouraging allies such as Norway to restrict Russia's operations.", "SANCTION", "restrict",
     {"Norway"}),
    # round 8: what a text a body adopts says to do is the body's act
    ("Yesterday, the Senate of Peru voted on a resolution to expel Chilean diplomats from the country.", "SANCTION",
     "expel", {"Senate"}),
    ("Yesterday, the Senate of Peru passed a resolution to expel Chilean diplomats from the country.", "SANCTION",
     "expel", {"Senate"}),
])
def test_the_actor_the_parse_hides(analyse, sentence: str, kind: str, trigger: str,  # type: ignore[no-untyped-def]
                                   actor: set[str]) -> None:
    record = analyse_events(analyse, sentence)
    assert names(record, event_of(record, kind, trigger).with_role("actor")) == actor


def test_what_a_threat_says_is_no_event_of_the_threatener(analyse) -> None:  # type: ignore[no-untyped-def]
    """ "accused X of ..., threatening to give a news conference": the conference was not given."""
    record = analyse_events(analyse, "Prosecutors accused Jon Doe of trying to pressure Acme for money, threatening "
                                     "to give a news conference that would hurt the firm.")
    assert not [e for e in record.events if e.trigger.text == "conference"]


def test_a_definite_event_noun_on_another_day_is_another_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Monday, the leaders of Chile, Peru and Bolivia held a trilateral meeting in "
                                     "Lima. Norway sent Jon Berg to join the trilateral meeting on March 20 last year.")
    meetings = [e for e in record.events if e.type == "CONSULT"]
    assert sorted(e.date or "" for e in meetings) == ["2023-03-20", "2024-12-16"]


@pytest.mark.parametrize(("sentence", "kind", "trigger", "role", "described", "named"), [
    # troops, a government, a jury serve a country without being it: described, or a body of their own
    # (a government named by its country is an organisation that acts), not the country
    ("Iran launched missiles targeting US troops in Iraq.", "ASSAULT", "launched", "recipient", ["US troops"],
     set()),
    ("The United States government accused Jon Doe of fraud.", "ACCUSE", "accused", "actor",
     [], {"United States government"}),
    # a possessive still names the country's act
    ("Russia's troops attacked Kyiv.", "ASSAULT", "attacked", "actor", [], {"Russia"}),
])
def test_a_body_serving_a_country_is_not_the_country(analyse, sentence: str, kind: str,  # type: ignore[no-untyped-def]
                                                     trigger: str, role: str, described: list[str],
                                                     named: set[str]) -> None:
    record = analyse_events(analyse, sentence)
    event = event_of(record, kind, trigger)
    assert event.described(role) == described
    assert names(record, event.with_role(role)) == named


def test_the_mention_that_says_most_says_who_did_what(analyse) -> None:  # type: ignore[no-untyped-def]
    """A headline's "Doe convicted" (which the parser may read with Doe as the doer) told again in the body."""
    record = analyse_events(analyse, "Jon Doe convicted of extortion\nYesterday, a United States federal jury "
                                     "convicted Jon Doe of trying to extort Acme.")
    event = event_of(record, "SANCTION", "convicted")
    assert names(record, event.with_role("recipient")) == {"Jon Doe"} and not event.with_role("actor")
    assert event.described("actor") == ["United States federal jury"]


def test_a_described_doer_acts_as_a_named_one(analyse) -> None:  # type: ignore[no-untyped-def]
    """A participle's unsaid subject that is described, not named, still makes a directed act."""
    record = analyse_events(analyse, "Farmers in Lyon were angry, threatening to block the roads.")
    assert event_of(record, "THREATEN", "threatening").described("actor") == ["Farmers"]


def test_a_headline_event_told_in_the_body_is_evidenced_there(analyse) -> None:  # type: ignore[no-untyped-def]
    """A headline's passive has no auxiliary ("Orlov poisoned with Novichok"): its subject is the victim; and the
    event told again in the body takes the body's sentence as its evidence."""
    headline = "France says Pavel Orlov poisoned with Novichok"
    record = analyse(headline + "\nOn Monday, the French government said Russian blogger Pavel Orlov was poisoned "
                     "with Novichok.", "2024-12-18", headline=headline)
    poisonings = [e for e in record.events if e.type == "ASSAULT"]
    assert len(poisonings) == 1
    assert names(record, poisonings[0].with_role("recipient")) == {"Pavel Orlov"}
    assert not poisonings[0].with_role("actor")
    assert poisonings[0].trigger.start > len(headline)


def test_a_name_before_a_directed_noun_with_its_target_named_is_the_doer(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Peru is already under EU sanctions for its fishing.")
    event = event_of(record, "SANCTION", "sanctions")
    assert names(record, event.with_role("actor")) == {"European Union"}
    # with no other target the name may be the one acted on: it stays a participant
    record = analyse_events(analyse, "The Orlov arrest angered Germany.")
    assert not event_of(record, "COERCE", "arrest").with_role("actor")


def test_forces_are_people_and_force_is_not(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Government forces began deploying into the northern province yesterday.")
    assert event_of(record, "MOBILIZE", "deploying").described("actor") == ["Government forces"]
    record = analyse_events(analyse, "The protesters were removed by force from the square yesterday.")
    assert all(g.description != "force" for e in record.events for g in e.groups)


def test_joining_an_act_is_doing_it_too(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Monday, Mayor Ann Reed joined the calls by Chilean officials asking Peru "
                                     "to return the statue.")
    joined = event_of(record, "REQUEST", "joined")
    assert names(record, joined.with_role("actor")) == {"Ann Reed"}
    assert names(record, joined.with_role("recipient")) == {"Peru"}
    # attending a meeting is taking part in it, not a second meeting
    record = analyse_events(analyse, "Leaders from France and Poland were attending the meeting in Brussels with "
                                     "Chile.")
    assert len([e for e in record.events if e.type == "CONSULT"]) == 1


def test_a_bare_surname_the_tagger_missed_is_the_person(analyse) -> None:  # type: ignore[no-untyped-def]
    """Round 8, round 9 in entities._propagate_names: "Later on Tuesday Papadakis met": the tagger leaves the
    surname untagged, beside a date."""
    record = analyse_events(analyse, "Greek Prime Minister Andreas Papadakis spoke in Washington on Tuesday. Later "
                                     "on Tuesday Papadakis met with the World Bank.")
    assert names(record, event_of(record, "CONSULT", "met").with_role("actor")) == {"Andreas Papadakis"}


def test_a_surname_two_people_share_is_no_one(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Greek Prime Minister Andreas Papadakis spoke in Washington with his brother "
                                     "Nikos Papadakis on Tuesday. Later on Tuesday Papadakis met with the World Bank.")
    assert event_of(record, "CONSULT", "met").with_role("actor") == []
