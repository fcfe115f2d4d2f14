"""The author of what an act is aimed at is its target (issue 26, round 8, pipeline/event_authors.py): "a lawsuit
against the emergency the governor declared", "praised the quality of X's reporting"."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of, named


def test_a_lawsuit_against_what_someone_declared(analyse) -> None:  # type: ignore[no-untyped-def]
    """The parser reads the reduced relative clause ("the governor declared") as a clause of its own."""
    record = analyse_events(analyse, "On Monday, officials from nine states filed a lawsuit against the state of "
                                     "emergency Governor Jane Roe declared last Friday.")
    assert named(record, event_of(record, "ACCUSE", "lawsuit"), "recipient") == ["Jane Roe"]


def test_praise_of_the_quality_of_someones_work(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The editor also praised the quality of John Doe's reporting.")
    assert named(record, event_of(record, "SUPPORT", "praised"), "recipient") == ["John Doe"]


def test_a_protest_against_an_order_issued_by_someone(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The mayor issued an order on Monday. Residents protested against the order "
                                     "issued by Mayor Jane Roe.")
    assert named(record, event_of(record, "PROTEST", "protested"), "recipient") == ["Jane Roe"]


def test_no_doer_no_target(analyse) -> None:  # type: ignore[no-untyped-def]
    """ "evidence supported": only someone's words or acts are aimed at someone."""
    record = analyse_events(analyse, "John Doe died in Lima in May. A report said the evidence supported the theory "
                                     "of his poisoning.")
    assert [e for e in record.events if e.type == "SUPPORT"] == []


def test_a_thing_with_no_author_keeps_no_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Farmers in Lima rejected the demarcation on Monday, and Jane Roe resigned.")
    assert named(record, event_of(record, "REJECT", "rejected"), "recipient") == []


def test_an_accusation_reporting_a_clause_is_about_its_subject(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "According to a lawsuit filed on Monday, Acme Mining ignored safety warnings.")
    assert named(record, event_of(record, "ACCUSE", "lawsuit"), "recipient") == ["Acme Mining"]


def test_what_is_said_of_an_attack_is_aimed_at_the_attacker(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Militants from the Haqqani Network attacked a police station in Kandahar on "
                                     "Monday. The attack was condemned by the United Nations.")
    assert named(record, event_of(record, "ACCUSE", "condemned"), "recipient") == ["Haqqani Network"]


def test_what_is_said_of_a_pact_is_aimed_at_its_parties(analyse) -> None:  # type: ignore[no-untyped-def]
    """The parties named by nationalities joined with a hyphen (event_nationality.add_nationality_parties)."""
    record = analyse_events(analyse, "Chile and Peru have disputed the border for decades. On Monday President Jane "
                                     "Roe commented on the Chilean-Peruvian maritime border agreement. Later she "
                                     "denounced the border agreement again.")
    assert named(record, event_of(record, "ACCUSE", "denounced"), "recipient") == ["Chile", "Peru"]


def test_one_nationality_names_no_party(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Chile and Peru have disputed the border for decades. On Monday President Jane "
                                     "Roe commented on the Chilean maritime border agreement.")
    assert [e.entity_ids() for e in record.events if e.type == "AGREE"] in ([], [[]])


def test_joining_an_event_of_ones_own_kind_is_not_aimed_at_its_doer(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Ann Lee protested alone outside the parliament in Santiago on the first day, "
                                     "but thousands of Chileans eventually joined the protest.")
    assert named(record, event_of(record, "PROTEST", "joined"), "recipient") == []


def test_a_plural_names_several_events_not_the_one_told_last(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Serbia agreed to move its embassy to Jerusalem. Representatives from Bahrain "
                                     "and Israel held a signing with Jane Roe. Jane Roe hailed the agreements as "
                                     "historic.")
    assert named(record, event_of(record, "SUPPORT", "hailed"), "recipient") == []
