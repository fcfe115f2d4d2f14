"""Where an event happened: a place filling a noun for its kind ("in the Serbian capital Belgrade") or
"near" one, and the scene a story's physical events share (pipeline/event_place_date.py,
pipeline/event_scene.py); short hand-written passages, names invented where the parse allows."""

from __future__ import annotations

import pytest

from newsgraph.record import ArticleRecord, Event

from .event_lookup import analyse_events, event_of


def place_of(record: ArticleRecord, event: Event) -> str | None:
    return record.entity(event.place).name if event.place is not None else None


@pytest.mark.parametrize(("sentence", "kind", "trigger", "place"), [
    ("Anti-government protests have been taking place since Tuesday in the Serbian capital Belgrade.",
     "PROTEST", "protests", "Belgrade"),
    ("Clashes broke out on Sunday in the town of Kenosha.", "ASSAULT", "Clashes", "Kenosha"),
    ("The army shot down a passenger jet near Tehran on Wednesday.", "ASSAULT", "shot", "Tehran"),
])
def test_where_a_place_name_says_an_event_happened(analyse, sentence: str, kind: str, trigger: str,
                                                          place: str) -> None:
    record = analyse_events(analyse, sentence)
    assert place_of(record, event_of(record, kind, trigger)) == place


STORY = ("Anti-government protests have been taking place since Tuesday in the Serbian capital Belgrade.\n\n"
         "The protesters clashed with the police in front of parliament. Police in response fired tear gas at "
         "them.")


def test_a_storys_physical_events_happen_where_it_was_placed(analyse) -> None:
    record = analyse_events(analyse, STORY)
    assert place_of(record, event_of(record, "ASSAULT", "clashed")) == "Belgrade"
    assert place_of(record, event_of(record, "COERCE", "fired")) == "Belgrade"


@pytest.mark.parametrize("change", [
    # two paragraph breaks away: another part of the story
    ("\n\nThe protesters", "\n\nThe government said the measures would stay.\n\nThe protesters"),
    # the sentence names another place
    ("with the police in front of parliament", "with the police in Novi Sad's main square"),
])
def test_the_scene_does_not_carry_far_or_over_another_place(analyse, change: tuple[str, str]) -> None:
    record = analyse_events(analyse, STORY.replace(*change))
    assert place_of(record, event_of(record, "ASSAULT", "clashed")) != "Belgrade"


def test_a_round_up_of_events_in_many_places_has_no_one_scene(analyse) -> None:
    record = analyse_events(analyse, "Protesters rallied in Madrid on Monday. Others rallied in Lisbon on Tuesday. "
                            "Police arrested ten people on Wednesday in Rome.\n\nThe protesters clashed with the "
                            "police.")
    assert place_of(record, event_of(record, "ASSAULT", "clashed")) is None
