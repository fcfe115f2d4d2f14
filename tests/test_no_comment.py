"""Attributions of silence (issue 24): "declined to comment" is known, with its source, and is not
a quotation. Hand-written articles."""

from __future__ import annotations

import json

import pytest

from newsgraph.record import record_from_dict

HEADLINE = "Council row over bridge\n\n"


@pytest.mark.parametrize(("sentence", "cue", "source"), [
    ("The builder declined to comment.", "declined", "The builder"),
    ("A spokesman for the mayor did not respond to a request for comment.", "did not respond", "A spokesman"),
    ("Jane Porter could not be reached for comment on Tuesday.", "could not be reached", "Jane Porter"),
    ("The council did not immediately respond to requests for comment.", "did not immediately respond",
     "The council"),
    ("The firm had no immediate comment.", "had", "The firm"),
    ("Tom Baker would not comment on the bridge.", "would not comment", "Tom Baker"),
])
def test_a_refusal_to_comment_is_an_attribution_of_its_own_kind(analyse, sentence: str, cue: str,
                                                                  source: str) -> None:
    record = analyse(HEADLINE + "The bridge was closed on Monday. " + sentence)
    assert record.quotes == []
    [silence] = [a for a in record.attributions if a.kind == "no_comment"]
    assert silence.cue.text.startswith(cue) and silence.source.text.startswith(source)


def test_declining_to_say_whether_reports_nothing(analyse) -> None:
    record = analyse(HEADLINE + "A council spokeswoman declined to say whether the bridge would close in May.")
    assert record.quotes == []
    assert [a.kind for a in record.attributions] == ["no_comment"]


def test_what_is_said_while_declining_is_still_a_quotation(analyse) -> None:
    record = analyse(HEADLINE + "The ministry declined to comment, saying it was a matter for the police. "
                     '"We do not comment on bridges under repair," a council spokesman said.')
    assert [q.content[0].text for q in record.quotes] == [
        "it was a matter for the police", '"We do not comment on bridges under repair,"']
    assert [a.kind for a in record.attributions] == ["no_comment"]


def test_the_kind_survives_the_json_record(analyse) -> None:
    record = analyse(HEADLINE + "The builder declined to comment on the report.")
    again = record_from_dict(json.loads(record.to_json()))
    assert [a.kind for a in again.attributions] == ["no_comment"]


@pytest.mark.parametrize("sentence", [
    "Tom Baker insisted the builder had refused to answer questions from the council.",
    "The mayor said the firm did not respond to requests for comment last week.",
])
def test_a_refusal_reported_inside_another_attribution_is_that_attributions_content(analyse, sentence: str) -> None:
    # The refusal is what the speaker reports, as any attribution nested in a report's content is.
    record = analyse(HEADLINE + sentence)
    assert [a.kind for a in record.attributions if a.kind == "no_comment"] == []
    [quote] = record.quotes
    assert quote.content[0].text.endswith(sentence.rstrip(".")[-20:])
