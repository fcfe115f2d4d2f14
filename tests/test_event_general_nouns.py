"""A word for an event of no kind of its own ("the operation", "the incident") refers back to the last event of a
kind it can name, told in its paragraph or the one before; what is said of it is aimed at that event's doer
(issue 26, round 9, pipeline/event_general_nouns.py, data/event_general_nouns.tsv)."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of, named


def test_the_operation_condemned_is_the_attack_told_before(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Friday, Kuranda launched an offensive into Westland with airstrikes. "
                                     "Its president said the goal was peace.\n\n"
                                     "The operation was condemned by members of the African Union.")
    assert named(record, event_of(record, "ACCUSE", "condemned"), "recipient") == ["Kuranda"]


def test_the_incident_criticised_is_the_bombing_told_before(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Tuesday Kuranda bombed the village of Amberg. The mayor Ann Bell "
                                     "criticised the incident on Wednesday.")
    assert named(record, event_of(record, "ACCUSE", "criticised"), "recipient") == ["Kuranda"]


def test_the_companys_operations_are_no_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Tuesday Kuranda bombed the village of Amberg. The mayor Ann Bell "
                                     "criticised the operations of the mining firm Delco.")
    assert "Kuranda" not in named(record, event_of(record, "ACCUSE", "criticised"), "recipient")


def test_an_operation_with_no_event_of_its_kind_before_is_no_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Kuranda met Westland on Friday to discuss trade.\n\n"
                                     "The operation was condemned by members of the African Union.")
    assert named(record, event_of(record, "ACCUSE", "condemned"), "recipient") == []


def test_an_attack_told_paragraphs_before_is_too_far(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Friday, Kuranda launched an offensive into Westland with airstrikes.\n\n"
                                     "The weather was warm in the capital.\n\n"
                                     "Markets were calm on Monday.\n\n"
                                     "The operation was condemned by members of the African Union.")
    assert named(record, event_of(record, "ACCUSE", "condemned"), "recipient") == []


def test_the_vote_is_the_act_voted(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Monday, the Parliament of Chile voted to expel the Peruvian ambassador. The "
                                     "vote was condemned by Peru.")
    assert named(record, event_of(record, "ACCUSE", "condemned"), "recipient") == ["Parliament of Chile"]


def test_an_order_is_not_the_act_others_are_told_to_do(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Monday, General Tom Aldred ordered Chile's army to attack Peru. The order "
                                     "was condemned by Bolivia.")
    assert "Chile" not in named(record, event_of(record, "ACCUSE", "condemned"), "recipient")
