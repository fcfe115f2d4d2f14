"""Faults: a killed ingest, two ingests at once, files that are not stores, read-only and full disks
(a store its user cannot write: test_store_readonly.py)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import ExitCode, StoreError
from newsgraph.pipeline import Engine
from newsgraph.store import ingest, ingestion
from newsgraph.store.schema import connect

ROOT = Path(__file__).resolve().parent.parent


def ingest_process(source: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "newsgraph", "ingest", str(source), "--db", str(db),
                             "--workers", "1", "--no-progress"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def article_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def assert_each_article_once(db: Path, expected: int) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT hash), count(DISTINCT key) FROM articles"
                            ).fetchone() == (expected, expected, expected)
        # Whole articles only: each has its entities and mentions, and nothing points nowhere.
        assert conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                            "(SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id)").fetchone()[0] == 0
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM quotes q LEFT JOIN quotes_fts f ON f.rowid = q.id "
                            "WHERE f.rowid IS NULL").fetchone()[0] == 0


def test_sigkill_mid_ingest_then_rerun_gives_each_article_once(tmp_path: Path, short_articles: Path,
                                                                 engine: Engine) -> None:
    db = tmp_path / "killed.db"
    process = ingest_process(short_articles, db)
    deadline = time.monotonic() + 120
    while article_count(db) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored_when_killed = article_count(db)
    assert 2 <= stored_when_killed < 20, "the ingest was not killed part-way"
    summary = ingest([str(short_articles)], db, engine=engine, workers=1)
    assert summary.already_stored == stored_when_killed
    assert summary.stored == 20 - stored_when_killed
    assert_each_article_once(db, 20)


def test_two_ingests_at_once_into_one_store(tmp_path: Path, short_articles: Path) -> None:
    source = tmp_path / "eight.jsonl"
    source.write_text("".join(short_articles.read_text(encoding="utf-8").splitlines(keepends=True)[:8]))
    db = tmp_path / "shared.db"
    first, second = ingest_process(source, db), ingest_process(source, db)
    for process in (first, second):
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr.decode()
    assert_each_article_once(db, 8)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path, short_articles: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(b"these are my notes, not a database\n" * 100)
    before = db.read_bytes()
    result = CliRunner().invoke(app, ["ingest", str(short_articles), "--db", str(db), "--no-progress"])
    assert result.exit_code == ExitCode.STORE
    assert "not a newsgraph store" in result.output
    assert db.read_bytes() == before
    result = CliRunner().invoke(app, ["stats", "--db", str(db)])
    assert result.exit_code == ExitCode.STORE


def test_another_applications_sqlite_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(StoreError, match="not a newsgraph store"):
        connect(db)
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["customers"]


def test_a_read_only_store_gives_a_clear_message_and_loses_nothing(tmp_path: Path, engine: Engine,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "ro.db"
    text = tmp_path / "one.txt"
    text.write_text("Bridge opens\n\nThe bridge opened on Monday, the council said.")
    ingest([str(text)], db, engine=engine, workers=1)
    other = tmp_path / "two.txt"
    other.write_text("Road closes\n\nThe road will close on Friday, police said.")
    # As root, file permissions do not stop writes: open the store read-only as a locked-down file would be.
    monkeypatch.setattr(ingestion, "connect", lambda path: connect(path, readonly=True))
    with pytest.raises(StoreError, match="read-only"):
        ingest([str(other)], db, engine=engine, workers=1)
    assert article_count(db) == 1


def test_a_full_disk_stops_the_batch_and_keeps_whole_articles(tmp_path: Path, short_articles: Path, engine: Engine,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "full.db"

    def small_disk(path: Path) -> sqlite3.Connection:
        conn = connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 40}")  # SQLite's own SQLITE_FULL, as on a full disk
        return conn

    monkeypatch.setattr(ingestion, "connect", small_disk)
    with pytest.raises(StoreError, match="disk is full"):
        ingest([str(short_articles)], db, engine=engine, workers=1)
    stored = article_count(db)
    assert 0 < stored < 20
    assert_each_article_once(db, stored)
    monkeypatch.undo()
    summary = ingest([str(short_articles)], db, engine=engine, workers=1)
    assert summary.already_stored == stored and summary.stored == 20 - stored
    assert_each_article_once(db, 20)
