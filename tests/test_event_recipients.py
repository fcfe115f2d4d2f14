"""Recipients (issue 26, round 7) on short hand-written sentences: every name in apposition to a described
target, also those joined to it."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of
from .test_events import names


def test_every_name_in_apposition_is_a_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The Senate voted to hold two current officials, Ann Reed and Jon Doe, in "
                                     "contempt of Congress.")
    assert names(record, event_of(record, "ACCUSE", "hold").with_role("recipient")) == {"Ann Reed", "Jon Doe"}


def test_a_nationality_stands_for_its_country_where_it_is_the_target(analyse) -> None:  # type: ignore[no-untyped-def]
    # an envoy is the country it represents
    record = analyse_events(analyse, "Peru expelled the Chilean ambassador on Monday. Chile called it a mistake.")
    assert names(record, event_of(record, "SANCTION", "expelled").with_role("recipient")) == {"Chile"}
    # what is alleged of a country's act is aimed at the country
    record = analyse_events(analyse, "Peru has alleged Chilean involvement in the attack on Lima. Chile denied it.")
    assert names(record, event_of(record, "ACCUSE", "alleged").with_role("recipient")) == {"Chile"}


def test_people_of_a_nationality_are_not_their_country(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Peru praised Chilean volunteers on Monday. Chile thanked Peru.")
    assert "Chile" not in names(record, event_of(record, "SUPPORT", "praised").with_role("recipient"))


def test_a_withdrawal_from_a_treaty_is_aimed_at_its_other_parties(analyse) -> None:  # type: ignore[no-untyped-def]
    """Round 8 (pipeline/event_withdrawals.py): what is withdrawn is the withdrawer's own side, not a target."""
    record = analyse_events(analyse, "In 2018 President Jane Roe withdrew Chile from a fishing treaty with Peru.")
    event = event_of(record, "SANCTION", "withdrew")
    assert [record.entity(p.entity).name for p in event.participants if p.role == "recipient"] == ["Peru"]


def test_a_treaty_with_no_party_named_leaves_the_target_unsaid(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "In 2018 President Jane Roe withdrew Chile from the climate accord.")
    assert event_of(record, "SANCTION", "withdrew").with_role("recipient") == []
