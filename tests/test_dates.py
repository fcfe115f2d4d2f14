"""The dates stage: temporal expressions found, resolved against the publication date by tense."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from newsgraph.nlp import load_model
from newsgraph.pipeline import dates
from newsgraph.pipeline.tense import tense_of
from newsgraph.record import ArticleRecord, BoilerplateSpan, DateMention
from newsgraph.settings import DEFAULT_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "itv-zelenskyy-nato.txt"
WIKINEWS = [ROOT / "corpora" / "wikinews-2019-2020" / "articles.jsonl",
            Path("/work/shared/corpora/wikinews-2019-2020/articles.jsonl")]
WEDNESDAY = date(2024, 12, 18)  # the example article's publication day
VALUE_SHAPES = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}",
                "week": r"\d{4}-W\d{2}", "decade": r"\d{3}"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def found(nlp: Language, text: str, published: str | None = "2024-12-18") -> list[DateMention]:
    record = ArticleRecord(id="x", text=text, published=published)
    dates.run(nlp(text), record, DEFAULT_SETTINGS)
    return record.dates


def values(nlp: Language, text: str, published: str | None = "2024-12-18") -> dict[str, str | None]:
    return {d.text: d.value for d in found(nlp, text, published)}


# ---------------------------------------------------------------- resolve(), no parser


@pytest.mark.parametrize(("expression", "tense", "value"), [
    ("Thursday", "future", "2024-12-19"),
    ("Thursday", "past", "2024-12-12"),
    ("on Tuesday", "past", "2024-12-17"),
    ("Tuesday", "future", "2024-12-24"),
    ("Friday", "present", "2024-12-20"),  # nearest: two days ahead, five back
    ("Monday", "unknown", "2024-12-16"),  # nearest: two days back
    ("Saturday", "present", "2024-12-21"),  # three days ahead, four back
    ("Wednesday", "past", "2024-12-18"),  # the publication weekday is the publication day
    ("Wednesday", "future", "2024-12-18"),
    ("Tuesday night", "past", "2024-12-17"),
    ("last Friday", "unknown", "2024-12-13"),
    ("next Monday", "unknown", "2024-12-23"),
    ("last Wednesday", "unknown", "2024-12-11"),
    ("last Tuesday", "past", "2024-12-10"),  # written the day after: "yesterday" would say that day
    ("this past Tuesday", "past", "2024-12-17"),
    ("last Monday", "past", "2024-12-16"),
    ("next Wednesday", "unknown", "2024-12-25"),
    ("this coming Saturday", "past", "2024-12-21"),
    ("this past Thursday", "future", "2024-12-12"),
])
def test_weekdays_point_the_way_the_tense_does(expression: str, tense: str, value: str) -> None:
    assert dates.resolve(expression, WEDNESDAY, tense) == (value, "day")


@pytest.mark.parametrize(("expression", "value"), [
    ("today", "2024-12-18"), ("tonight", "2024-12-18"), ("this morning", "2024-12-18"),
    ("yesterday", "2024-12-17"), ("last night", "2024-12-17"), ("yesterday afternoon", "2024-12-17"),
    ("tomorrow", "2024-12-19"), ("the day before yesterday", "2024-12-16"), ("three days ago", "2024-12-15"),
    ("in 3 days", "2024-12-21"),
])
def test_days_counted_from_publication(expression: str, value: str) -> None:
    assert dates.resolve(expression, WEDNESDAY, "unknown") == (value, "day")


@pytest.mark.parametrize(("expression", "published", "expected"), [
    ("this week", WEDNESDAY, ("2024-W51", "week")),
    ("last week", WEDNESDAY, ("2024-W50", "week")),
    ("next week", date(2024, 12, 30), ("2025-W02", "week")),  # 30 December 2024 is in 2025-W01
    ("last week", date(2021, 1, 4), ("2020-W53", "week")),  # 2020 had 53 ISO weeks
    ("this weekend", WEDNESDAY, ("2024-W51", "week")),
    ("two weeks ago", WEDNESDAY, ("2024-W49", "week")),
    ("in two weeks", WEDNESDAY, ("2025-W01", "week")),
    ("this month", WEDNESDAY, ("2024-12", "month")),
    ("earlier this month", WEDNESDAY, ("2024-12", "month")),
    ("next month", WEDNESDAY, ("2025-01", "month")),
    ("last month", date(2025, 1, 15), ("2024-12", "month")),
    ("two months ago", date(2025, 1, 15), ("2024-11", "month")),
    ("this year", WEDNESDAY, ("2024", "year")),
    ("later this year", WEDNESDAY, ("2024", "year")),
    ("last year", WEDNESDAY, ("2023", "year")),
    ("next year", WEDNESDAY, ("2025", "year")),
    ("three years ago", WEDNESDAY, ("2021", "year")),
    ("two decades ago", WEDNESDAY, ("200", "decade")),
])
def test_periods(expression: str, published: date, expected: tuple[str, str]) -> None:
    assert dates.resolve(expression, published, "unknown") == expected


@pytest.mark.parametrize(("expression", "tense", "published", "value"), [
    ("January", "past", WEDNESDAY, "2024-01"),
    ("January", "future", WEDNESDAY, "2025-01"),
    ("in January", "unknown", WEDNESDAY, "2025-01"),  # one month ahead beats eleven back
    ("December", "past", WEDNESDAY, "2024-12"),  # the current month counts
    ("December", "future", WEDNESDAY, "2024-12"),
    ("June", "present", WEDNESDAY, "2024-06"),  # six months either way: ties go to the past
    ("last December", "unknown", WEDNESDAY, "2023-12"),
    ("next December", "unknown", WEDNESDAY, "2025-12"),
    ("last January", "unknown", date(2025, 1, 10), "2024-01"),
    ("mid-August", "past", WEDNESDAY, "2024-08"),
    ("December 2024", "past", None, "2024-12"),
    ("March of last year", "unknown", WEDNESDAY, "2023-03"),
])
def test_months(expression: str, tense: str, published: date | None, value: str) -> None:
    assert dates.resolve(expression, published, tense) == (value, "month")


@pytest.mark.parametrize(("expression", "tense", "published", "value"), [
    ("17 December", "past", WEDNESDAY, "2024-12-17"),
    ("on 17 December", "unknown", WEDNESDAY, "2024-12-17"),
    ("Dec. 17", "unknown", WEDNESDAY, "2024-12-17"),
    ("December 10", "past", WEDNESDAY, "2024-12-10"),
    ("December 20", "past", WEDNESDAY, "2024-12-20"),  # news would write the year of 2023's
    ("December 20", "past", date(2025, 1, 5), "2024-12-20"),  # across New Year
    ("February 18", "unknown", date(2020, 10, 18), "2020-02-18"),  # the publication year first
    ("December 20", "future", WEDNESDAY, "2024-12-20"),
    ("January 5", "unknown", WEDNESDAY, "2025-01-05"),  # across the year end
    ("January 5", "past", WEDNESDAY, "2024-01-05"),
    ("February 29", "past", date(2021, 3, 1), "2020-02-29"),  # leap years only
    ("February 29", "future", date(2023, 3, 1), "2024-02-29"),
    ("February 29", "past", date(2020, 2, 14), "2020-02-29"),  # not 2016: that would carry its year
    ("October 15", "past", date(2020, 10, 12), "2020-10-15"),  # "was slated for October 15"
    ("29 February 2024", "unknown", None, "2024-02-29"),
    ("December 17, 2024", "unknown", None, "2024-12-17"),
    ("17th December 2024", "unknown", None, "2024-12-17"),
    ("the 17th of December 2024", "unknown", None, "2024-12-17"),
    ("Tuesday, December 17, 2024", "unknown", None, "2024-12-17"),
    ("2024-12-17", "unknown", None, "2024-12-17"),
    ("Saturday, April 27", "unknown", date(2019, 5, 3), "2019-04-27"),
    ("March 20 last year", "unknown", WEDNESDAY, "2023-03-20"),
    ("Christmas", "future", WEDNESDAY, "2024-12-25"),
    ("Christmas", "past", WEDNESDAY, "2023-12-25"),
    ("Easter Sunday", "future", WEDNESDAY, "2025-04-20"),
    ("Christmas Day 2023", "unknown", None, "2023-12-25"),
])
def test_calendar_days(expression: str, tense: str, published: date | None, value: str) -> None:
    assert dates.resolve(expression, published, tense) == (value, "day")


@pytest.mark.parametrize(("expression", "expected"), [
    ("in 2025", ("2025", "year")),
    ("going into 2025", ("2025", "year")),
    ("the 1970s", ("197", "decade")),
    ("the seventies", ("197", "decade")),
    ("31 February 2024", (None, "day")),  # not a day
    ("31 June", (None, "day")),  # in no year
    ("June 31st", (None, "day")),
])
def test_absolute_expressions(expression: str, expected: tuple[str | None, str]) -> None:
    assert dates.resolve(expression, None, "unknown") == expected


@pytest.mark.parametrize(("expression", "precision"), [
    ("Thursday", "day"), ("tomorrow", "day"), ("next week", "week"), ("in January", "month"),
    ("17 December", "day"), ("three years ago", "year"),
])
def test_relative_expressions_without_publication_date_stay_null(expression: str, precision: str) -> None:
    assert dates.resolve(expression, None, "past") == (None, precision)


@pytest.mark.parametrize("expression", ["one day", "day one", "65 years old", "for three years", "30 hours"])
def test_non_dates_resolve_to_nothing(expression: str) -> None:
    assert dates.resolve(expression, WEDNESDAY, "past") == (None, "unknown")


def test_vague_counts_stay_null() -> None:
    assert dates.resolve("a few days ago", WEDNESDAY, "past") == (None, "day")


# ---------------------------------------------------------------- tense from the parse


@pytest.mark.parametrize(("sentence", "word", "tense"), [
    ("Nato leaders are meeting in Brussels on Thursday.", "Thursday", "future"),
    ("The minister will visit Kyiv on Monday.", "Monday", "future"),
    ("The minister is due to visit Kyiv on Monday.", "Monday", "future"),
    ("The summit is set to take place in January.", "January", "future"),
    ("She plans to travel to Paris on Friday.", "Friday", "future"),
    ("The vote is expected on Friday.", "Friday", "future"),
    ("His trial has been scheduled for November.", "November", "future"),
    ("Nato to meet on Thursday", "Thursday", "future"),
    ("Zelenskyy said on Tuesday that talks had failed.", "Tuesday", "past"),
    ("The minister visited Kyiv on Monday.", "Monday", "past"),
    ("He has met the president on Monday.", "Monday", "past"),
    ("The attack was on Monday.", "Monday", "past"),
    ("The summit opens on Friday.", "Friday", "present"),
    ("He said the talks would start on Monday.", "Monday", "unknown"),
    ("Officials agreed to meet again on Monday.", "Monday", "unknown"),
    ("Police said Tuesday's pleas might help.", "Tuesday", "unknown"),
])
def test_tense_of(nlp: Language, sentence: str, word: str, tense: str) -> None:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == word)
    assert tense_of(token) == tense


# ---------------------------------------------------------------- the stage on sentences


def test_planned_and_past_weekdays(nlp: Language) -> None:
    assert values(nlp, "Nato leaders are meeting with Zelenskyy in Brussels on Thursday.") == {
        "Thursday": "2024-12-19"}
    assert values(nlp, "In an interview with Le Parisien on Tuesday, Zelenskyy said he was ready.") == {
        "Tuesday": "2024-12-17"}
    assert values(nlp, "The minister will travel to Kyiv on Monday.") == {"Monday": "2024-12-23"}
    assert values(nlp, "The minister travelled to Kyiv on Monday.") == {"Monday": "2024-12-16"}


def test_publication_weekday_is_publication_day(nlp: Language) -> None:
    text = "Starmer spoke to Trump in a phone call on Wednesday, Downing Street said."
    assert values(nlp, text) == {"Wednesday": "2024-12-18"}
    assert values(nlp, "Starmer will speak to Trump on Wednesday.") == {"Wednesday": "2024-12-18"}


def test_spans_are_tight(nlp: Language) -> None:
    text = "Leaders met on Thursday morning and again in January 2025, three days ago."
    mentions = found(nlp, text)
    assert [m.text for m in mentions] == ["Thursday morning", "January 2025", "three days ago"]
    assert [(m.value, m.precision, m.relative) for m in mentions] == [
        ("2024-12-12", "day", True), ("2025-01", "month", False), ("2024-12-15", "day", True)]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_month_without_year_follows_tense(nlp: Language) -> None:
    text = "There are concerns about support when Trump re-enters the White House in January."
    assert values(nlp, text) == {"January": "2025-01"}
    assert values(nlp, "Talks collapsed in January.") == {"January": "2024-01"}


def test_things_that_are_not_dates(nlp: Language) -> None:
    text = ("He wanted to end the conflict on day one. One day they will talk. The 65 years old man "
            "served for three years and walked for 30 hours. Theresa May said 2,000 people came.")
    assert found(nlp, text) == []


def test_durations_need_an_anchor(nlp: Language) -> None:
    assert values(nlp, "It was the worst storm in 30 years.") == {}
    assert values(nlp, "The law will take effect in two weeks.") == {"in two weeks": "2025-W01"}
    assert values(nlp, "The plant closed three years ago.") == {"three years ago": "2021"}


def test_deictic_words_inside_quotations_stay_null(nlp: Language) -> None:
    text = ('Zelenskyy said the meeting was "a good opportunity to speak about security guarantees for '
            'Ukraine, for today and for tomorrow". He added: "We will meet on Friday, as we did in 2014."')
    mentions = {m.text: m for m in found(nlp, text)}
    assert mentions["today"].value is None and mentions["today"].precision == "day"
    assert mentions["tomorrow"].value is None
    assert mentions["Friday"].value is None
    assert mentions["2014"].value == "2014"


def test_no_publication_date(nlp: Language) -> None:
    text = "The minister met Rutte on Thursday, two days after the summit of 17 December 2024."
    assert values(nlp, text, published=None) == {"Thursday": None, "17 December 2024": "2024-12-17"}
    assert values(nlp, "It happened on Thursday.", published="not a date") == {"Thursday": None}


def test_direction_words(nlp: Language) -> None:
    text = "Parliament was suspended until October 14. The museum has been closed since May 20."
    assert values(nlp, text, published="2019-09-24") == {"October 14": "2019-10-14", "May 20": "2019-05-20"}
    text = "The talks will go on until Monday. Colleges were closed by March 13."
    assert values(nlp, text, published="2020-10-18") == {"Monday": "2020-10-19", "March 13": "2020-03-13"}


def test_a_narrative_keeps_its_year(nlp: Language) -> None:
    text = "The army moved on November 15, 2017. He resigned on November 21."
    assert values(nlp, text, published="2019-09-09") == {"November 15, 2017": "2017-11-15",
                                                         "November 21": "2017-11-21"}


def test_titles_and_places_named_after_dates(nlp: Language) -> None:
    text = "USA Today reported it from Easter Island. Today the talks resume."
    assert [(m.text, m.start) for m in found(nlp, text)] == [("Today", text.index("Today the"))]


def test_boilerplate_is_skipped(nlp: Language) -> None:
    text = "The talks ended on Tuesday.\nSubscribe today for our newsletter."
    record = ArticleRecord(id="x", text=text, published="2024-12-18")
    start = text.index("Subscribe")
    record.boilerplate = [BoilerplateSpan(start, len(text), text[start:], "promotion")]
    dates.run(nlp(text), record, DEFAULT_SETTINGS)
    assert [m.text for m in record.dates] == ["Tuesday"]


# ---------------------------------------------------------------- real articles


def test_example_article(nlp: Language) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    record = ArticleRecord(id="x", text=text, published="2024-12-18")
    dates.run(nlp(text), record, DEFAULT_SETTINGS)
    got = [(m.text, m.value, m.precision) for m in record.dates]
    assert got == [
        ("Thursday", "2024-12-19", "day"),
        ("2025", "2025", "year"),
        ("Tuesday", "2024-12-17", "day"),
        ("today", None, "day"),  # Zelenskyy's "for today and for tomorrow": his, not the paper's
        ("tomorrow", None, "day"),
        ("Wednesday", "2024-12-18", "day"),
        ("January", "2025-01", "month"),
        ("Wednesday", "2024-12-18", "day"),
    ]
    assert "one day" not in {m.text for m in record.dates} and "day one" not in {m.text for m in record.dates}
    assert all(text[m.start : m.end] == m.text for m in record.dates)


def test_wikinews_corpus(nlp: Language) -> None:
    path = next((p for p in WIKINEWS if p.exists()), None)
    if path is None:
        pytest.skip("Wikinews corpus not present")
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = 0
    for article, doc in zip(articles, nlp.pipe(a["text"] for a in articles), strict=True):
        record = ArticleRecord(id=article["id"], text=article["text"], published=article["published"])
        dates.run(doc, record, DEFAULT_SETTINGS)
        starts = [m.start for m in record.dates]
        assert starts == sorted(starts)
        for previous, mention in zip(record.dates, record.dates[1:], strict=False):
            assert previous.end <= mention.start
        for mention in record.dates:
            assert record.text[mention.start : mention.end] == mention.text
            if mention.value is not None:
                assert re.fullmatch(VALUE_SHAPES[mention.precision], mention.value), mention
        total += len(record.dates)
    assert total > len(articles)
