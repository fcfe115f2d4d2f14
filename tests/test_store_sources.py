"""Feeds and web archives as sources: each item or HTML response an article; bad files reported."""

from __future__ import annotations

from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.sources import read_paths
from newsgraph.sources.feeds import fragment_text

from .store_inputs import STORIES, write_feed, write_warc


def read(path: Path) -> list[ArticleDraft | InputError]:
    return list(read_paths([str(path)], DEFAULT_SETTINGS))


def test_feed_items_become_articles_with_link_date_and_text(tmp_path: Path) -> None:
    drafts = read(write_feed(tmp_path / "gazette.rss"))
    assert [d.headline for d in drafts] == [title for title, _ in STORIES]
    first = drafts[0]
    assert isinstance(first, ArticleDraft)
    assert first.url == "https://example.org/0" and first.published == "2024-12-01"
    assert first.source == "Example Gazette"
    assert first.text.splitlines()[1].startswith('"We are proud')


def test_an_xml_file_that_is_a_feed_is_read_as_one(tmp_path: Path) -> None:
    assert len([d for d in read(write_feed(tmp_path / "gazette.xml")) if isinstance(d, ArticleDraft)]) == 2


def test_a_feed_that_is_not_xml_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("this is not a feed at all, just words", encoding="utf-8")
    (error,) = read(path)
    assert isinstance(error, InputError) and error.reason == "bad_feed"


def test_warc_html_responses_become_articles_with_url_and_date(tmp_path: Path) -> None:
    drafts = read(write_warc(tmp_path / "crawl.warc.gz"))
    assert [d.url for d in drafts] == ["https://example.org/story-0", "https://example.org/story-1"]
    assert all(isinstance(d, ArticleDraft) and d.published for d in drafts)
    assert "harbour bridge" in drafts[0].text


def test_a_corrupt_warc_record_keeps_the_records_before_it(tmp_path: Path) -> None:
    items = read(write_warc(tmp_path / "crawl.warc", corrupt_tail=True))
    assert [type(i).__name__ for i in items] == ["ArticleDraft", "ArticleDraft", "InputError"]
    assert items[-1].reason == "bad_warc"


def test_folders_include_feeds_and_archives(tmp_path: Path) -> None:
    write_feed(tmp_path / "a.rss")
    write_warc(tmp_path / "b.warc.gz")
    assert len(read(tmp_path)) == 4


def test_fragment_text_keeps_paragraphs() -> None:
    assert fragment_text("<p>One <b>two</b>.</p><p>Three.</p>") == "One two.\nThree."
