"""Event coreference within an article (issue 26, round 4): the same event named again is one event, its
further mentions kept as evidence, the mention that says most as its trigger."""

from __future__ import annotations

from newsgraph.record import ArticleRecord


def _events(analyse, text: str) -> ArticleRecord:  # type: ignore[no-untyped-def]
    return analyse("Headline\n" + text, "2024-12-18")


def _of_type(record: ArticleRecord, kind: str) -> list[tuple[str, list[str]]]:
    return [(e.trigger.text, [m.text for m in e.mentions]) for e in record.events if e.type == kind]


def test_an_event_noun_that_a_verb_of_its_type_does_is_that_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "Turkey and Libya signed a maritime border agreement on November 27.")
    assert _of_type(record, "AGREE") == [("signed", ["agreement"])]


def test_an_event_told_again_with_the_same_participants_is_one(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "The opposition leader Alexei Navalny was poisoned in Omsk in August. Doctors in Berlin "
                              "found proof that Alexei Navalny had been poisoned.")
    assert _of_type(record, "ASSAULT") == [("poisoned", ["poisoned"])]


def test_acts_of_speech_said_again_are_other_acts(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "Donald Trump claimed Joe Biden had cheated. Later, Donald Trump claimed Joe Biden "
                              "had lied.")
    assert [trigger for trigger, _ in _of_type(record, "ACCUSE")] == ["claimed", "claimed"]


def test_the_mention_that_says_most_is_the_trigger(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse("Germany bans Mahan Air\nGermany on Monday banned the Iranian airline Mahan Air.", "2019-01-22")
    events = [e for e in record.events if e.type == "SANCTION"]
    assert len(events) == 1
    assert events[0].trigger.text == "banned" and [m.text for m in events[0].mentions] == ["bans"]
    assert events[0].date is not None


def test_a_relative_clause_of_its_type_said_of_an_event_noun_is_that_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "An airstrike that killed Omar Haddad hit the town on Monday.")
    [event] = [e for e in record.events if e.type == "ASSAULT"]
    assert sorted([event.trigger.text, *(m.text for m in event.mentions)]) == ["airstrike", "killed"]
    assert [record.entity(e).name for e in event.with_role("recipient")] == ["Omar Haddad"]  # type: ignore[union-attr]


def test_a_definite_noun_aimed_at_someone_else_is_another_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "A shooting of protesters in Lyon left two people dead on Monday. Crowds had gathered "
                              "to protest the shooting of Marc Dubois.")
    assert _of_type(record, "ASSAULT") == [("shooting", []), ("shooting", [])]


def test_an_event_noun_naming_no_one_repeats_its_word_told_in_the_sentence(analyse) -> None:  # type: ignore[no-untyped-def]
    """Round 8: "Farmers protested ... have grown into anti-government protests" is one protest, which the
    noun's implied target (pipeline/event_governments.py) joins."""
    record = _events(analyse, "On Monday, Chilean farmers protested in Santiago; the demonstrations have since "
                              "grown into wider anti-government protests.")
    # "the demonstrations" too, since round 9: the protest told in another word (pipeline/event_anaphors.py)
    assert [(text, mentions) for text, mentions in _of_type(record, "PROTEST") if text == "protested"] == [
        ("protested", ["demonstrations", "protests"])]
    assert [e.described("recipient") for e in record.events if e.type == "PROTEST"] == [["Chilean government"]]


def test_a_noun_set_apart_is_another_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "On Monday, Chilean farmers protested in Santiago, and another protest followed.")
    assert len([e for e in record.events if e.type == "PROTEST"]) == 2


def test_an_event_dated_in_an_earlier_year_is_not_the_news_of_the_day(analyse) -> None:  # type: ignore[no-untyped-def]
    record = _events(analyse, "Gunmen attacked the reporter Tom Reyes shortly after he left his home. He was a "
                              "freelancer. In 2019 he survived an attack that left six soldiers dead.")
    assert [e.trigger.text for e in record.events if e.type == "ASSAULT"] == ["attacked", "attack"]
