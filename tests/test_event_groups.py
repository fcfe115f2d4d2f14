"""Participants an event describes without naming them (issue 26, round 5): "the protesters", "local
residents", "attorneys general from twelve states" are kept as described groups (record.EventGroup) in
the role whose phrase names no entity. Every sentence is written for the test."""

from __future__ import annotations

from newsgraph.record import ArticleRecord, record_from_dict

from .event_lookup import analyse_events, event_of, named


def _groups(record: ArticleRecord, kind: str, trigger: str) -> dict[str, list[str]]:
    event = event_of(record, kind, trigger)
    return {role: event.described(role) for role in ("actor", "recipient", "participant") if event.described(role)}


def test_a_described_doer_and_target_are_kept_as_groups(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Monday the mayor urged local residents to leave their homes.")
    assert _groups(record, "REQUEST", "urged") == {"actor": ["mayor"], "recipient": ["local residents"]}


def test_a_group_keeps_its_from_phrase_but_not_what_follows(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Attorneys general from twelve states sued Acme Corp on Tuesday.")
    assert _groups(record, "ACCUSE", "sued") == {"actor": ["Attorneys general from twelve states"]}
    record = analyse_events(analyse, "Police arrested dozens of students in Dhaka on Monday.")
    assert _groups(record, "COERCE", "arrested") == {"actor": ["Police"], "recipient": ["students"]}


def test_a_named_participant_takes_no_description_in_its_role(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Anna Berg, a resident of Oslo, was accused of fraud by Norway.")
    assert _groups(record, "ACCUSE", "accused") == {}


def test_what_is_sent_and_an_office_sought_are_no_participants(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The ministry sent more soldiers to the border region.")
    assert "recipient" not in _groups(record, "MOBILIZE", "sent")
    record = analyse_events(analyse, "The Green Party endorsed Jane Doe for mayor.")
    assert _groups(record, "SUPPORT", "endorsed") == {}


def test_groups_survive_the_records_json(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Monday the mayor urged local residents to leave their homes.")
    again = record_from_dict(record.to_dict())
    assert again.events == record.events
    old = record.to_dict()
    for event in old["events"]:
        del event["groups"]  # a record written before schema 1.3
    assert record_from_dict(old).events[0].groups == []


def test_an_unnamed_spokesperson_stands_for_the_body(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The spokesperson for the French government strongly condemned the attack.")
    event = event_of(record, "ACCUSE", "condemned")
    assert named(record, event, "actor") == ["French government"]
    record = analyse_events(analyse, "The spokesperson for the regional council strongly condemned the attack.")
    assert _groups(record, "ACCUSE", "condemned") == {"actor": ["regional council"]}


def test_the_cities_of_a_journey_are_no_recipients(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Last month, the activist was airlifted from Omsk to Berlin by a charity.")
    event = event_of(record, "AID", "airlifted")
    assert event.with_role("recipient") == [] and event.described("recipient") == ["activist"]


def test_people_acted_on_make_an_event_whose_doer_is_unsaid(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "It urged local residents to stay indoors.")
    assert _groups(record, "REQUEST", "urged") == {"recipient": ["local residents"]}
    record = analyse_events(analyse, "The law requires a majority vote to impeach an official.")
    assert [e for e in record.events if e.type == "ACCUSE"] == []


def test_an_event_noun_borrows_a_described_doer(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Attorneys general from twelve states filed a lawsuit against Acme Corp on "
                                     "Monday.")
    assert _groups(record, "ACCUSE", "lawsuit") == {"actor": ["Attorneys general from twelve states"]}


def test_a_group_keeps_the_named_place_it_is_in(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "A suspect in Ohio has been charged with arson.")
    assert _groups(record, "ACCUSE", "charged") == {"recipient": ["suspect in Ohio"]}


def test_a_group_noun_is_known_by_its_written_form(analyse) -> None:  # type: ignore[no-untyped-def]
    # the lemmatiser reads "media" as "medium"
    record = analyse_events(analyse, "Anna Weber praised the lawyers on Monday. She credited news media with "
                                     "keeping the story alive.")
    assert _groups(record, "SUPPORT", "credited") == {"recipient": ["news media"]}
