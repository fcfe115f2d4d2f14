"""Ingest: every input kind into one store, idempotent, errors kept in the errors table."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsgraph.pipeline import Engine
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.store import Store, ingest

from .conftest import EXAMPLE
from .store_inputs import STORIES, page, write_feed, write_warc


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Path:
    db = tmp_path_factory.mktemp("store") / "example.db"
    summary = ingest([str(EXAMPLE)], db, engine=engine, workers=1, published="2024-12-18")
    assert summary.stored == 1 and not summary.rejected
    return db


def test_the_example_is_stored_with_its_quotations_and_offsets(example_store: Path) -> None:
    conn = sqlite3.connect(example_store)
    text = conn.execute("SELECT text FROM articles").fetchone()[0]
    rows = conn.execute("SELECT content, spans, cue, cue_start, cue_end FROM quotes").fetchall()
    assert len(rows) >= 10
    for _content, spans, cue, cue_start, cue_end in rows:
        for span in json.loads(spans):
            assert text[span["start"]:span["end"]] == span["text"]
        if cue is not None:
            assert text[cue_start:cue_end] == cue
    for start, end, mention in conn.execute('SELECT start, "end", text FROM mentions'):
        assert text[start:end] == mention


def test_a_second_ingest_of_the_same_article_stores_nothing(example_store: Path, engine: Engine) -> None:
    before = {t: count(example_store, t) for t in ("articles", "quotes", "entities", "mentions")}
    summary = ingest([str(EXAMPLE)], example_store, engine=engine, workers=1, published="2024-12-18")
    assert summary.stored == 0 and summary.already_stored == 1
    assert {t: count(example_store, t) for t in before} == before


def test_store_is_sqlite_in_wal_mode_with_foreign_keys_intact(example_store: Path) -> None:
    conn = sqlite3.connect(example_store)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_every_input_kind_and_its_errors(tmp_path: Path, engine: Engine) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_feed(folder / "gazette.rss")
    title, paragraphs = STORIES[0]
    (folder / "page.html").write_text(page("Council meets " + title, [*paragraphs, "It met on Tuesday."]))
    (folder / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "headline": "Ferry strike ends", "published": "2024-12-03",
                    "text": 'The ferry strike ended on Tuesday.\n"We are back at work," said union leader Sam Reyes.'})
        + "\n[1, 2, 3]\n{broken\n", encoding="utf-8")
    (folder / "notes.txt").write_text("Dry weather\n\nThe weather will stay dry this week, forecasters said.")
    (folder / "bad.rss").write_text("not xml, not a feed", encoding="utf-8")
    db = tmp_path / "kinds.db"
    summary = ingest([str(folder)], db, engine=engine, workers=1)
    reasons = sorted(error.reason for error in summary.rejected)
    assert reasons == ["bad_feed", "bad_json", "bad_json"]
    with sqlite3.connect(db) as conn:
        origins = [r[0] for r in conn.execute("SELECT origin FROM articles ORDER BY origin")]
        errors = conn.execute("SELECT path, reason FROM errors ORDER BY path").fetchall()
    assert any("gazette.rss#item1" in o for o in origins)
    assert any(o.endswith("lines.jsonl:1") for o in origins)
    assert [reason for _, reason in errors] == ["bad_feed", "bad_json", "bad_json"]
    stored = summary.stored
    # A rerun adds nothing and counts the same errors again rather than duplicating them.
    again = ingest([str(folder)], db, engine=engine, workers=1)
    assert again.stored == 0 and again.already_stored == stored
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), min(times) FROM errors").fetchone() == (3, 2)
    # The feed's stories again, as pages in a web archive: the same normalised content.
    archive = ingest([str(write_warc(tmp_path / "crawl.warc.gz"))], db, engine=engine, workers=1)
    assert (archive.stored, archive.already_stored) == (0, 2)


def test_web_archive_pages_are_stored_with_url_and_date(tmp_path: Path, engine: Engine) -> None:
    db = tmp_path / "warc.db"
    summary = ingest([str(write_warc(tmp_path / "crawl.warc", corrupt_tail=True))], db, engine=engine, workers=1)
    assert summary.stored == 2 and [e.reason for e in summary.rejected] == ["bad_warc"]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, published FROM articles ORDER BY url").fetchall()
    assert rows == [("https://example.org/story-0", "2024-12-01"), ("https://example.org/story-1", "2024-12-02")]


def test_a_duplicate_article_in_one_batch_is_stored_once(tmp_path: Path, engine: Engine) -> None:
    text = "Mayor resigns\n\nThe mayor resigned on Friday, her office said."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text.replace(" on ", "  on "))  # whitespace does not count
    summary = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], tmp_path / "dup.db", engine=engine,
                     workers=1)
    assert summary.stored == 1 and summary.already_stored == 1


def test_parallel_workers_store_the_same_as_one_process(tmp_path: Path, short_articles: Path, engine: Engine) -> None:
    source = tmp_path / "four.jsonl"
    source.write_text("".join(short_articles.read_text(encoding="utf-8").splitlines(keepends=True)[:4]))
    ingest([str(source)], tmp_path / "one.db", engine=engine, workers=1)
    summary = ingest([str(source)], tmp_path / "two.db", workers=2)
    assert summary.stored == 4
    tables = ("articles", "quotes", "mentions", "entities", "statements")
    assert {t: count(tmp_path / "two.db", t) for t in tables} == {t: count(tmp_path / "one.db", t) for t in tables}


def test_the_store_api_reads_what_ingest_wrote(example_store: Path) -> None:
    with Store(example_store) as store:
        assert store.stats()["counts"]["articles"] == 1
        assert store.quotes(speaker="Zelensky")


def test_an_input_fixed_after_a_failure_leaves_the_errors_table(tmp_path: Path, engine: Engine) -> None:
    source, db = tmp_path / "fix.jsonl", tmp_path / "fix.db"
    source.write_text('{"id": "x", "text": ""}\n', encoding="utf-8")
    assert [e.reason for e in ingest([str(source)], db, engine=engine, workers=1).rejected] == ["no_text"]
    source.write_text(json.dumps({"id": "x", "text": "Bridge opens\n\nThe bridge opened, the mayor said."}) + "\n")
    assert ingest([str(source)], db, engine=engine, workers=1).stored == 1
    assert count(db, "errors") == 0


def test_by_default_a_few_articles_start_no_worker_processes(tmp_path: Path, short_articles: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker loads its own model: the default (the machine's cores) starts no more workers than
    the input has parser batches, so two articles are analysed in this process; `workers=2` is obeyed."""
    from newsgraph.store import ingestion

    assert ingestion.useful_workers(8, 2, DEFAULT_SETTINGS) == 1
    assert ingestion.useful_workers(8, 17, DEFAULT_SETTINGS) == 2
    assert ingestion.useful_workers(2, 1000, DEFAULT_SETTINGS) == 2
    asked: list[int] = []
    monkeypatch.setattr(ingestion, "default_workers", lambda: 8)
    monkeypatch.setattr(Engine, "analyze_many", lambda self, items: asked.append(self.settings.workers) or iter(()))
    source = tmp_path / "two.jsonl"
    source.write_text("".join(short_articles.read_text(encoding="utf-8").splitlines(keepends=True)[:2]))
    with pytest.raises(ValueError):  # the spy analyses nothing
        ingest([str(source)], tmp_path / "default.db")
    with pytest.raises(ValueError):
        ingest([str(source)], tmp_path / "asked.db", workers=2)
    assert asked == [1, 2]
