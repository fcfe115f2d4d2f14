"""Cleaning: headline, standfirst, byline, boilerplate and language, before parsing."""

from __future__ import annotations

import json

import pytest

from newsgraph.pipeline.clean import boilerplate_kind, prepare
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS

from .conftest import EXAMPLE, WIKINEWS


def prepared(text: str, **fields: str):  # type: ignore[no-untyped-def]
    return prepare(ArticleDraft(id="t", text=text, **fields), DEFAULT_SETTINGS)


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Have you heard The Trapped? Listen as Daniel Hewitt exposes the UK's dirty secret.", "podcast_promo"),
        ("Have you listened to Unreported World? Subscribe wherever you get your podcasts.", "podcast_promo"),
        ("Sign up for our daily newsletter to get the top stories in your inbox.", "newsletter"),
        ("Read more: Bridge costs soar as council row deepens", "read_more"),
        ("Related: Five things we learned from the budget", "read_more"),
        ("Follow us on Twitter @bbcnews", "social"),
        ("@SkyNews", "social"),
        ("Photo: Jane Doe/Getty Images", "photo_credit"),
        ("(Image: PA)", "photo_credit"),
        ("Copyright 2024 The Daily Example. All rights reserved.", "copyright"),
        ("Download the Daily Example app for the latest news.", "app_download"),
        ("Reporting by Jane Doe; Editing by John Smith", "reporting_credit"),
        ("Advertisement", "advert"),
    ],
)
def test_boilerplate_kinds(paragraph: str, kind: str) -> None:
    assert boilerplate_kind(paragraph) == kind


@pytest.mark.parametrize(
    "paragraph",
    [
        "The minister said on a podcast last week that she had heard the complaints.",
        "Have you heard what the minister said? Residents were furious on Tuesday.",
        "Read the full report, the council urged residents, before the vote on Friday.",
        "She told her 2 million followers on Twitter that the bridge would open in May.",
        "Related costs have risen by a third since the project began, officials said.",
        "Photographs shown to the court on Monday appeared to show the damage.",
        "The newsletter, which reaches 40,000 readers, first reported the story.",
    ],
)
def test_news_paragraphs_that_mention_media_are_not_boilerplate(paragraph: str) -> None:
    assert boilerplate_kind(paragraph) is None


def test_example_layout_byline_and_promotion() -> None:
    record = prepared(EXAMPLE.read_text(encoding="utf-8"), published="2024-12-18")
    assert record.layout.headline.text.startswith("Zelesnkyy says")
    assert record.layout.standfirst.text.startswith("It is looking more and more likely")
    assert record.layout.byline.text == "ITV News' Martha Fairlie"
    assert record.byline == "Martha Fairlie" and record.source == "ITV News"
    [promo] = record.boilerplate
    assert promo.kind == "podcast_promo" and promo.text.startswith("Have you heard The Trapped?")
    assert record.layout.body.text.startswith("President Volodymyr Zelenskyy has said")


def test_by_line() -> None:
    record = prepared("Bridge to open in May\n\nBy Jane Doe and John Roe, Reuters\n\nThe bridge will open in May.")
    assert record.byline == "Jane Doe and John Roe"
    assert record.source == "Reuters"


def test_separate_headline_is_put_first() -> None:
    record = prepared("The bridge will open in May, the council said.", headline="Bridge to open")
    assert record.text == "Bridge to open\n\nThe bridge will open in May, the council said."
    assert record.layout.headline.text == "Bridge to open"


def test_every_span_matches_the_text() -> None:
    record = prepared(EXAMPLE.read_text(encoding="utf-8"))
    for span in [*record.boilerplate, record.layout.headline, record.layout.standfirst, record.layout.byline,
                 record.layout.body]:
        assert record.text[span.start : span.end] == span.text


@pytest.mark.skipif(not WIKINEWS.exists(), reason="bundled Wikinews corpus not present")
def test_wikinews_corpus_cleans_without_error_or_false_promotions() -> None:
    kinds = set()
    for line in WIKINEWS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        record = prepared(row["text"], headline=row["headline"], published=row["published"])
        assert record.layout.headline is not None
        kinds |= {b.kind for b in record.boilerplate}
    assert kinds <= {"photo_credit"}  # the only furniture these pages carry


def test_a_publication_date_is_read_or_dropped_never_stored_as_given() -> None:
    """A JSON line's `published` is untrusted text: dates and date-times are kept as the day, markup is not."""

    def published(value: str) -> str | None:
        draft = ArticleDraft(id="a", text="Headline\n\nThe minister said the plan would work.", published=value)
        return prepare(draft, DEFAULT_SETTINGS).published

    assert published("2024-12-18") == "2024-12-18"
    assert published("2024-12-18T23:10:00+01:00") == "2024-12-18"
    assert published("Tue, 17 Dec 2024 10:00:00 GMT") == "2024-12-17"
    assert published("<b>2024</b>") is None
    assert published("2024-13-45") is None
