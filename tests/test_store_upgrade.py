"""Stores written by earlier versions: a version-1 store's articles have no events, and the upgrade
says so and how to code them (ingest the old store into a new one: its stored texts are analysed
again, its corrections carried over); events that had not happened lose the publication day an
earlier writer gave them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.pipeline import Engine
from newsgraph.store import Store, ingest, schema

runner = CliRunner()
TEXT = ("Leaders meet in Rome\n\nPrime Minister Giorgia Meloni met President Emmanuel Macron in Rome on "
        "Monday, officials said. \"We agreed on a great deal,\" Meloni said after the meeting.\n")
EARLIER = "2024-01-01T00:00:00+00:00"


@pytest.fixture()
def stop_at_version(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """stop_at_version(path, n): a store made by a newsgraph whose last migration was n (the shipped
    SQL of migrations 1..n, applied by the real migrate())."""
    shipped = schema.migrations()

    def make(path: Path, version: int) -> sqlite3.Connection:
        monkeypatch.setattr(schema, "migrations", lambda: shipped[:version])
        conn = schema.connect(path)
        monkeypatch.setattr(schema, "migrations", lambda: shipped)
        return conn

    yield make


def add_article(conn: sqlite3.Connection, key: str, text: str, published: str, ingested_at: str) -> int:
    cursor = conn.execute(
        "INSERT INTO articles (key, title, text, hash, published, source, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (key, text.split("\n", 1)[0], text, f"hash-{key}", published, "Example News", ingested_at))
    return int(cursor.lastrowid or 0)


def test_a_version_1_store_says_which_articles_lack_events_and_how_to_code_them(
        tmp_path: Path, stop_at_version, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "old.db"
    conn = stop_at_version(old, 1)
    add_article(conn, "rome", TEXT, "2024-12-16", EARLIER)
    conn.execute("INSERT INTO corrections (action, target, argument, type, created_at) VALUES "
                 "('rename', 'Emmanuel Jean-Michel Macron', 'Emmanuel Macron', 'person', ?)", (EARLIER,))
    conn.close()
    schema.connect(old).close()  # opened for writing by this newsgraph: upgraded
    with Store(old) as store:
        assert store.stats()["articles_before_events"] == 1
    result = runner.invoke(app, ["stats", "--db", str(old)])
    assert result.exit_code == 0, result.output
    assert f"1 articles were stored before this store coded events (store version 2) and have none; to code " \
           f"them, analyse the stored texts again into a new store: newsgraph ingest {old} --db NEW.db" in result.stdout

    new = tmp_path / "new.db"
    summary = ingest([str(old)], new, engine=engine, workers=1)
    assert summary.stored == 1 and not summary.rejected
    with Store(new) as store:
        stats = store.stats()
        assert stats["articles_before_events"] == 0 and stats["counts"]["events"] >= 1
        assert {row["type"] for row in store.events()} >= {"CONSULT"}
        assert store.entity("Macron")["name"] == "Emmanuel Jean-Michel Macron"  # the correction came along
        [article] = store.conn.execute("SELECT key, text, published, source FROM articles").fetchall()
    assert tuple(article) == ("rome", TEXT, "2024-12-16", "Example News")  # the same text: the same offsets


def test_a_file_that_is_not_a_store_is_a_rejected_input(tmp_path: Path, engine: Engine) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.close()
    summary = ingest([str(other)], tmp_path / "new.db", engine=engine, workers=1)
    assert [error.reason for error in summary.rejected] == ["bad_store"]


def test_events_that_had_not_happened_lose_the_publication_day(tmp_path: Path, stop_at_version) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "v2.db"
    conn = stop_at_version(db, 2)
    early = add_article(conn, "early", "Talks\n\nThe talks happened.", "2024-12-01", schema.now())
    late = add_article(conn, "late", "Talks\n\nThe talks may happen.", "2024-12-10", schema.now())
    # As an earlier writer stored them: every event without a full date of its own on publication day.
    for article, local, status, date, happened_on in (
            (early, "V1", "happened", None, "2024-12-01"), (late, "V1", "hypothetical", None, "2024-12-10"),
            (late, "V2", "planned", "2024-12-20", "2024-12-20"), (late, "V3", "denied", "2024-12", "2024-12-10")):
        conn.execute("INSERT INTO events (article_id, local_id, title, type, status, date, happened_on, trigger, "
                     "trigger_start, trigger_end, sentence_start, sentence_end, confidence) "
                     "VALUES (?, ?, ?, 'CONSULT', ?, ?, ?, 'talks', 11, 16, 7, 28, 0.8)",
                     (article, local, f"CONSULT: talks ({status})", status, date, happened_on))
    conn.close()
    schema.connect(db).close()
    with Store(db) as store:
        days = {row["status"]: row["happened_on"] for row in store.events()}
        assert days == {"happened": "2024-12-01", "hypothetical": None, "planned": "2024-12-20", "denied": None}
        # Undated ones sit at their article's date, not first.
        assert [row["status"] for row in store.events()] == ["happened", "hypothetical", "denied", "planned"]
        assert store.stats()["articles_before_events"] == 0  # stored when the store already coded events
