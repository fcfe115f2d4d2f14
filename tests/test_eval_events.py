"""The event scorer: fixed sentences, matching, duplicates, figures and fields (docs/event-annotation.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.eval.events import Counts, GoldEvent, Names, PredictedEvent, load_gold, score_article
from newsgraph.eval.sentences import Sentences, sentence_spans

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora/wikinews-2019-2020/articles.jsonl"
GOLD = ROOT / "corpora/wikinews-2019-2020/gold/events.json"


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_sentences_follow_the_fixed_rule() -> None:
    text = ('Mr. Lee met Gen. Ray in the U.S. on Monday. "We agreed," he said! 3 more came.\n'
            'A. B. Smith left at 5 p.m. Tuesday. It ended? yes. (Then) "Quiet." Done')
    assert _sentences(text) == [
        "Mr. Lee met Gen. Ray in the U.S. on Monday.", '"We agreed," he said!', "3 more came.",
        "A. B. Smith left at 5 p.m. Tuesday.", 'It ended? yes. (Then) "Quiet."', "Done"]


def _gold(text: str, item: dict[str, Any], aliases: dict[str, list[str]] | None = None) -> GoldEvent:
    item = {"recipients": [], "place": None, "date": None, "status": "happened", "actor": None, **item}
    event = GoldEvent.from_json(item, Names(aliases or {}))
    event.locate(item, text, Sentences(text))
    assert not event.unlocated
    return event


def _predicted(text: str, trigger: str, kind: str, actor: str | None = None, recipients: tuple[str, ...] = (),
               *, occurrence: int = 0, **fields: Any) -> PredictedEvent:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(trigger, start + 1)
    return PredictedEvent(kind, (start, start + len(trigger)), actor, frozenset(recipients), trigger_text=trigger,
                          **fields)


TEXT = ("Ann Lee met Bo Ray in Paris on Monday. The talks went well. "
        "Police arrested two men. Critics condemned the arrests. Lee urged calm.")


def _events() -> list[GoldEvent]:
    names = {"Ann Lee": ["Lee"], "Bo Ray": [], "Paris": []}
    return [
        _gold(TEXT, {"anchor": "Ann Lee met Bo Ray in Paris", "trigger": "met", "type": "CONSULT",
                     "actor": "Ann Lee", "recipients": ["Bo Ray"], "place": "Paris", "date": "2024-05-06",
                     "mentions": [{"anchor": "The talks went well", "trigger": "talks"}]}, names),
        _gold(TEXT, {"anchor": "Police arrested two men", "trigger": "arrested", "type": "COERCE",
                     "alt_types": ["SANCTION"], "actor_alt": ["police"], "recipients": ["two men"]}, names),
        _gold(TEXT, {"anchor": "Critics condemned the arrests", "trigger": "condemned", "type": "ACCUSE",
                     "optional": True}, names),
        _gold(TEXT, {"anchor": "Lee urged calm", "trigger": "urged", "type": "REQUEST", "actor": "Ann Lee"}, names),
    ]


def test_recall_precision_duplicates_and_fields_are_counted() -> None:
    predictions = [
        _predicted(TEXT, "met", "CONSULT", "bo ray", ("ann lee",), place="paris", date="2024-05-06"),
        _predicted(TEXT, "talks", "CONSULT", "ann lee"),  # a further mention: a duplicate
        _predicted(TEXT, "arrested", "SANCTION", "police", date="2024-05"),  # alt type; actor in actor_alt
        _predicted(TEXT, "condemned", "ACCUSE", "critics"),  # optional: neither way
        _predicted(TEXT, "calm", "PROTEST"),  # in a required event's sentence, wrong type
        _predicted(TEXT, "went", "AGREE"),  # sentence of a mention, no type fits: a false positive
    ]
    score = score_article("a", TEXT, _events(), predictions)
    figures = score.total.figures()
    assert (figures["required"], figures["found"], figures["predictions"]) == (3, 2, 6)
    assert figures["recall"] == pytest.approx(2 / 3)
    assert (figures["false_positives"], figures["duplicates"], figures["optional_matched"]) == (2, 1, 1)
    assert figures["precision"] == pytest.approx(2 / 4)
    assert figures["strict_precision"] == pytest.approx(2 / 5)
    assert figures["type_precision"] == pytest.approx(2 / 4)  # both false positives lie in required sentences
    # CONSULT: participants compared as one set, either may be the actor; the arrest: null actor, "police" in alt
    assert figures["actor"] == 1.0
    assert figures["recipients"] == pytest.approx((1.0 + 0.0) / 2)  # {two men} vs {}
    assert figures["place"] == 1.0  # Paris; and null for null
    assert figures["date"] == pytest.approx(1 / 2)  # a date for an undated arrest is wrong
    assert figures["status"] == 1.0
    assert [event.anchor for event, _ in score.missed] == ["Lee urged calm"]
    assert [p.trigger_text for p, _ in score.duplicates] == ["talks"]
    assert {name for _, _, name, _, _ in score.wrong} == {"recipients", "date"}
    assert score.by_type["SANCTION"].true_positives == 1 and score.by_type["COERCE"].found == 1


def test_the_trigger_inside_the_anchor_wins_over_the_rest_of_the_sentence() -> None:
    text = "Kim attacked the base and shelled the town on Friday."
    gold = [_gold(text, {"anchor": "shelled the town on Friday", "trigger": "shelled", "type": "ASSAULT",
                         "actor": "Kim"})]
    first = _predicted(text, "attacked", "ASSAULT", "kim")
    inside = _predicted(text, "shelled", "ASSAULT", "kim")
    score = score_article("a", text, gold, [first, inside])
    assert score.total.figures()["duplicates"] == 1
    assert [p.trigger_text for p, _ in score.duplicates] == ["attacked"]


def test_required_events_are_matched_before_optional_ones() -> None:
    text = "Oslo said the ban followed talks with Rome."
    gold = [_gold(text, {"anchor": "the ban followed talks with Rome", "trigger": "talks", "type": "CONSULT",
                         "optional": True, "actor": "Oslo"}),
            _gold(text, {"anchor": "followed talks with Rome", "trigger": "talks", "type": "CONSULT",
                         "actor": "Oslo"})]
    figures = score_article("a", text, gold, [_predicted(text, "talks", "CONSULT", "oslo")]).total.figures()
    assert (figures["found"], figures["optional_matched"]) == (1, 0)


def test_names_map_through_the_aliases_and_dates_through_their_precision() -> None:
    text = "The Kremlin expelled the envoy in March."
    names = {"Russia": ["the Kremlin", "Moscow"]}
    event = _gold(text, {"anchor": "The Kremlin expelled the envoy", "trigger": "expelled", "type": "SANCTION",
                         "actor": "Russia", "date": "2020-03"}, names)
    mapped = Names(names)
    assert mapped.canonical("Moscow’s") == "russia"
    assert mapped.best(["Vladimir", "Moscow"]) == "russia"
    assert event.date_right("2020-03-14") and not event.date_right("2020") and not event.date_right(None)
    day = _gold(text, {"anchor": "expelled the envoy in March", "trigger": "expelled", "type": "SANCTION",
                       "date": "2020-03-14"})
    assert not day.date_right("2020-03")
    # a week, like a day, is right inside a gold month when all its days are in it (2020-W11: 9-15 March)
    assert event.date_right("2020-W11") and not event.date_right("2020-W14")  # W14: 30 March to 5 April
    assert not day.date_right("2020-W11")


def test_joint_events_compare_one_participant_set() -> None:
    text = "Greece and Libya signed a deal."
    event = _gold(text, {"anchor": "Greece and Libya signed a deal", "trigger": "signed", "type": "AGREE",
                         "actor": "Greece", "recipients": ["Libya"], "joint": True})
    prediction = _predicted(text, "signed", "AGREE", "libya", others=frozenset({"greece"}))
    assert event.field_scores(prediction) == {"actor": 1.0, "recipients": 1.0, "place": 1.0, "date": 1.0,
                                              "status": 1.0}
    directed = _gold(text, {"anchor": "Greece and Libya signed a", "trigger": "signed", "type": "AGREE",
                            "actor": "Greece", "recipients": ["Libya"]})
    assert directed.field_scores(prediction)["actor"] == 0.0


def test_the_gold_itself_scores_perfectly_and_nothing_scores_zero() -> None:
    """Predictions built from the gold score 100%; more at every further mention are duplicates only."""
    texts = {a["id"]: a["text"] for a in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines())}
    perfect, repeated, empty = Counts(), Counts(), Counts()
    for article_id, (_, items) in load_gold(GOLD).items():
        text, events, exact, mentions = texts[article_id], [], [], []
        for item, event in items:
            event.locate(item, text, Sentences(text))
            assert not event.unlocated, f"{article_id}: {event.unlocated}"
            events.append(event)
            for location, mention in zip(event.locations, [item, *item.get("mentions", [])], strict=True):
                start = location.anchor[0] + text[location.anchor[0]:location.anchor[1]].index(mention["trigger"])
                built = PredictedEvent(event.type, (start, start + len(mention["trigger"])), event.actor,
                                       event.recipients, frozenset(), event.place, event.date, event.status)
                (exact if location.main else mentions).append(built)
        perfect.add(score_article(article_id, text, events, exact).total)
        repeated.add(score_article(article_id, text, events, exact + mentions).total)
        empty.add(score_article(article_id, text, events, []).total)
    figures = perfect.figures()
    assert figures["required"] == 185
    assert all(figures[name] == 1.0 for name in ("recall", "precision", "strict_precision", "type_precision",
                                                 "actor", "recipients", "place", "date", "status"))
    assert repeated.figures()["precision"] == 1.0 and repeated.figures()["duplicates"] == 123
    assert empty.figures()["recall"] == 0.0 and empty.figures()["found"] == 0


def test_the_command_scores_the_engine_and_lists_its_errors(tmp_path: Path) -> None:
    errors = tmp_path / "errors.txt"
    result = CliRunner().invoke(app, ["eval", "events", str(GOLD), str(CORPUS), "--limit", "2", "--json",
                                      "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["articles"] == 2
    assert 0 < figures["total"]["recall"] <= 100
    assert "SANCTION" in figures["by_type"]
    assert errors.read_text(encoding="utf-8").startswith("## wikinews:")


def test_an_unreadable_gold_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text('{"articles": {"x": {}}}', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "events", str(bad), str(CORPUS)])
    assert result.exit_code == 2
    assert "cannot read the gold file" in result.output


def test_every_actor_of_a_prediction_is_a_participant() -> None:
    """ "Greece and Libya signed a deal": the engine's second actor is in the set a joint event compares."""
    from newsgraph.eval.events import predictions_from_record
    from newsgraph.record import ArticleRecord, Entity, Event, EventParticipant
    from newsgraph.record import Span as TextSpan

    text = "Greece and Libya signed a deal."
    entities = [Entity("E1", "Greece", "place"), Entity("E2", "Libya", "place")]
    record = ArticleRecord(id="a", text=text, entities=entities)
    sentence = TextSpan.of(text, 0, len(text))
    actors = [EventParticipant("E1", "actor", TextSpan.of(text, 0, 6)),
              EventParticipant("E2", "actor", TextSpan.of(text, 11, 16))]
    record.events = [Event("V1", "AGREE", None, TextSpan.of(text, 17, 23), sentence, participants=actors)]
    prediction = predictions_from_record(record, Names({}))[0]
    assert prediction.actor == "greece" and prediction.participants == {"greece", "libya"}
    event = _gold(text, {"anchor": "Greece and Libya signed a deal", "trigger": "signed", "type": "AGREE",
                         "actor": "Greece", "recipients": ["Libya"], "joint": True})
    assert event.field_scores(prediction)["recipients"] == 1.0


def test_a_described_participant_stands_in_for_a_name() -> None:
    """ "Riot police arrested the strikers": a role with no entity is scored by its description, mapped
    through the aliases like a name; a named participant keeps its name."""
    from newsgraph.eval.events import predictions_from_record
    from newsgraph.record import ArticleRecord, Entity, Event, EventGroup, EventParticipant
    from newsgraph.record import Span as TextSpan

    text = "Riot police arrested the strikers at Acme."
    record = ArticleRecord(id="a", text=text, entities=[Entity("E1", "Acme", "organisation")])
    sentence = TextSpan.of(text, 0, len(text))
    groups = [EventGroup("Riot police", "actor", TextSpan.of(text, 0, 11)),
              EventGroup("strikers", "recipient", TextSpan.of(text, 25, 33)),
              EventGroup("Acme staff", "recipient", TextSpan.of(text, 37, 41))]
    record.events = [Event("V1", "COERCE", None, TextSpan.of(text, 12, 20), sentence, groups=groups,
                           participants=[EventParticipant("E1", "participant", TextSpan.of(text, 37, 41))])]
    prediction = predictions_from_record(record, Names({"Acme police": ["riot police"]}))[0]
    assert prediction.actor == "acme police"
    assert prediction.recipients == {"strikers", "acme staff"} and prediction.others == {"acme"}
