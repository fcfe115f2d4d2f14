"""The sides of a meeting the parser separates (issue 26, round 8, pipeline/event_sides.py): two titled names
joined with "and" as one subject, and a "between" whose second side follows an aside."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of, named


def test_both_titled_names_of_a_subject_are_sides(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On October 6, US President Jane Roe and Kenyan President John Kamau Mwangi "
                                     "spoke on the phone.")
    assert set(named(record, event_of(record, "CONSULT", "spoke"))) == {"Jane Roe", "John Kamau Mwangi"}


def test_the_second_side_of_between_after_an_aside(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "In May, she helped arrange a meeting between Jane Roe, claiming to represent "
                                     "the Foreign Ministry, and Jean Doe, one of the president's aides.")
    assert set(named(record, event_of(record, "CONSULT", "meeting"))) == {"Jane Roe", "Jean Doe"}


def test_a_name_in_another_clause_is_no_side(analyse) -> None:  # type: ignore[no-untyped-def]
    """Only a name joined with "and" is read back: one named in a clause of its own is not a side."""
    record = analyse_events(analyse, "She arranged a meeting between Jane Roe and the ministry, which Jean Doe "
                                     "later criticised.")
    assert "Jean Doe" not in set(named(record, event_of(record, "CONSULT", "meeting")))


def test_meetings_in_sequence_are_two_meetings(analyse) -> None:  # type: ignore[no-untyped-def]
    """Round 8 (pipeline/event_sequence.py): "met with X, then with Y" is two meetings, each with the subject."""
    record = analyse_events(analyse, "Later on Tuesday the Chilean president Jane Roe met with the World Bank, then "
                                     "with President Bob Kent.")
    meetings = [e for e in record.events if e.type == "CONSULT"]
    assert [set(named(record, e)) for e in meetings] == [{"Jane Roe", "World Bank"}, {"Jane Roe", "Bob Kent"}]
    assert meetings[1].trigger.text == "with"


def test_one_meeting_with_two_parties_stays_one(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Later on Tuesday the Chilean president Jane Roe met with the World Bank and "
                                     "with President Bob Kent.")
    assert len([e for e in record.events if e.type == "CONSULT"]) == 1


def test_the_sides_of_a_passive_between(analyse) -> None:  # type: ignore[no-untyped-def]
    # round 9: "between" on the verb of an act of two sides names them (event_args.verb_arguments)
    record = analyse_events(analyse, "In 2015, a memorandum about the railway was signed between Kuranda, Westland "
                                     "and Ostia.")
    assert set(named(record, event_of(record, "AGREE", "signed"))) == {"Kuranda", "Westland", "Ostia"}



def test_the_first_side_of_a_passive_between_is_its_actor(analyse) -> None:  # type: ignore[no-untyped-def]
    # the annotation guidelines' rule for events of equal sides: the first named is the actor
    record = analyse_events(analyse, "In 2015, a memorandum about the railway was signed between Kuranda, Westland "
                                     "and Ostia.")
    assert [record.entity(e).name for e in event_of(record, "AGREE", "signed").with_role("actor")] == ["Kuranda"]
