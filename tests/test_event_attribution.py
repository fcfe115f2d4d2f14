"""Who did an event a noun names, said around the noun, and the noun's further mentions (issue 26, round 8,
pipeline/event_attribution.py, events._merge, event_coref)."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of, named


def test_a_participle_after_a_comma_names_the_doer(analyse) -> None:  # type: ignore[no-untyped-def]
    """The parser hangs "reportedly carried out by" on "died", not on the attack."""
    record = analyse_events(analyse, "A truck bomb exploded at a police station in Kandahar on Monday. Dozens died in "
                                     "the attack, reportedly carried out by the Haqqani Network.")
    assert named(record, event_of(record, "ASSAULT", "attack"), "actor") == ["Haqqani Network"]


def test_an_event_ascribed_to_someone_is_theirs(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Friday a bombing ascribed to Boko Haram killed nine people in Maiduguri.")
    assert named(record, event_of(record, "ASSAULT", "bombing"), "actor") == ["Boko Haram"]


def test_the_agent_of_a_verb_of_doing_an_event_is_its_doer(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "A bombing struck a market in Quetta on Monday, killing nine. Police said the "
                                     "bombing was carried out by Lashkar-e-Jhangvi.")
    assert named(record, event_of(record, "ASSAULT", "bombing"), "actor") == ["Lashkar-e-Jhangvi"]


def test_a_further_mention_names_the_doer_of_an_event_with_none(analyse) -> None:  # type: ignore[no-untyped-def]
    """The doer a definite mention names is the event's, not a mere participant, when the event has none."""
    record = analyse_events(analyse, "A bombing struck a market in Quetta on Monday, killing nine. Police said the "
                                     "bombing, carried out by Lashkar-e-Jhangvi, was the deadliest this year.")
    assert named(record, event_of(record, "ASSAULT", "bombing"), "actor") == ["Lashkar-e-Jhangvi"]


def test_a_day_as_possessor_refers_back(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Tuesday Haqqani Network gunmen attacked a police station in Kandahar. "
                                     "Tuesday's attack killed twelve.")
    event = event_of(record, "ASSAULT", "attacked")
    assert [m.text for m in event.mentions] == ["attack"]


def test_a_noun_set_apart_at_the_end_sums_up_its_sentence(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "On Friday a suicide bombing at a Quetta market wounded forty people, another "
                                     "attack ascribed to Lashkar-e-Jhangvi.")
    assert [e.type for e in record.events] == ["ASSAULT"]
    assert named(record, record.events[0], "actor") == ["Lashkar-e-Jhangvi"]


def test_another_event_is_not_the_one_told_before(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The Haqqani Network attacked a checkpoint in Kandahar on Monday. Officials "
                                     "said another attack hit a market in Kabul.")
    assert len([e for e in record.events if e.type == "ASSAULT"]) == 2


def test_a_person_named_like_a_month_does_not_date_a_noun(analyse) -> None:  # type: ignore[no-untyped-def]
    """ "May's negotiated agreement" is Ann May's, not an agreement of May told before."""
    record = analyse_events(analyse, "Prime Minister Ann May has led Chile since 2016. Chile will leave the union even "
                                     "if no agreement has been reached. In 2018 Bob Lee resigned in protest at May's "
                                     "negotiated trade agreement.")
    assert [e.status for e in record.events if e.type == "AGREE" and e.trigger.text == "agreement"][-1] == "happened"
    assert all(not e.mentions for e in record.events if e.type == "AGREE")
