"""A store its user may read but not write (another user's, or a locked-down file): every query and the
workspace open it read-only; writes are refused with exit 6 and change nothing."""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.errors import ExitCode

from .conftest import EXAMPLE
from .unprivileged import assert_cannot_write, popen, run
from .web_fixtures import copy_store, entity_id, example_id


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(params=["folder", "file"])
def locked_store(request: pytest.FixtureRequest, tmp_path: Path, example_store: Path) -> Iterator[Path]:
    """A copy of the example store, read-only; "folder": in a folder its user cannot write either (no
    WAL index can be made beside it), "file": the file alone is read-only."""
    folder = tmp_path / "theirs"
    folder.mkdir()
    db = copy_store(example_store, folder / "desk.db")
    db.chmod(0o444)
    if request.param == "folder":
        folder.chmod(0o555)
        assert_cannot_write(folder)
    yield db
    folder.chmod(0o755)


def test_every_query_reads_a_store_it_cannot_write(locked_store: Path, tmp_path: Path) -> None:
    db = str(locked_store)
    before = digest(locked_store)
    quotes = run(["quotes", "--speaker", "Zelenskyy", "--json", "--db", db])
    assert quotes.returncode == 0, quotes.stderr
    assert {q["speaker"] for q in json.loads(quotes.stdout)} == {"Volodymyr Zelenskyy"}
    entity = run(["entity", "Zelensky", "--json", "--db", db])
    assert entity.returncode == 0, entity.stderr
    assert json.loads(entity.stdout)["name"] == "Volodymyr Zelenskyy"
    search = run(["search", "diplomatic pressure", "--json", "--db", db])
    assert search.returncode == 0 and json.loads(search.stdout), search.stderr
    stats = run(["stats", "--json", "--db", db])
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["counts"]["articles"] == 21
    events = run(["events", "--actor", "Zelenskyy", "--json", "--db", db])
    assert events.returncode == 0 and json.loads(events.stdout), events.stderr
    exported = tmp_path / "quotes.jsonl"
    export = run(["export", "--table", "quotes", "--out", str(exported), "--db", db])
    assert export.returncode == 0, export.stderr
    assert len(exported.read_text(encoding="utf-8").splitlines()) == json.loads(stats.stdout)["counts"]["quotes"]
    assert digest(locked_store) == before


def test_writes_to_a_store_it_cannot_write_exit_6_and_change_nothing(locked_store: Path) -> None:
    before = digest(locked_store)
    rename = run(["entity", "rename", "Zelenskyy", "Zelensky", "--db", str(locked_store)])
    assert rename.returncode == ExitCode.STORE, rename.stderr
    assert "read-only: the store cannot be written" in rename.stderr and "Traceback" not in rename.stderr
    ingest = run(["ingest", str(EXAMPLE), "--db", str(locked_store), "--workers", "1", "--no-progress",
                  "--published", "2024-12-19"])
    assert ingest.returncode == ExitCode.STORE, ingest.stderr
    assert "read-only: the store cannot be written" in ingest.stderr
    assert digest(locked_store) == before


def test_unread_changes_in_a_locked_folder_are_refused_not_hidden(tmp_path: Path, example_store: Path) -> None:
    """A store whose -wal holds changes its reader cannot fold in: a clear exit 6, not stale answers."""
    folder = tmp_path / "theirs"
    folder.mkdir()
    db = copy_store(example_store, folder / "desk.db")
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # the change stays in the -wal file
    writer.execute("UPDATE entities SET name = 'Volodymyr Zelensky' WHERE name = 'Volodymyr Zelenskyy'")
    writer.commit()
    (folder / "desk.db-shm").unlink()
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        stats = run(["stats", "--db", str(db)])
        assert stats.returncode == ExitCode.STORE, stats.stderr
        assert "desk.db-wal holds changes" in stats.stderr
    finally:
        folder.chmod(0o755)
        writer.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def test_the_workspace_serves_a_store_it_cannot_write(locked_store: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = popen(["serve", "--db", str(locked_store), "--port", str(port)])
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                status, home = fetch(base + "/")
                break
            except OSError:
                assert time.monotonic() < deadline, "the workspace did not answer"
                time.sleep(0.3)
        assert status == 200 and "Most-quoted people" in home
        status, article = fetch(f"{base}/-/article/{example_id(locked_store)}")
        assert status == 200 and "Le Parisien" in article
        status, person = fetch(f"{base}/-/entity/{entity_id(locked_store, 'Volodymyr Zelenskyy')}")
        assert status == 200 and "Volodymyr Zelenskyy" in person
        status, found = fetch(f"{base}/-/search?q=diplomatic")
        assert status == 200 and "diplomatic" in found
        status, rows = fetch(f"{base}/desk/quotes.json?_shape=array&_size=5")
        assert status == 200 and len(json.loads(rows)) == 5
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_the_workspace_refuses_to_write_a_store_it_cannot_write(locked_store: Path) -> None:
    serve = run(["serve", "--db", str(locked_store), "--write", "--token", "s3cret", "--port", str(free_port())])
    assert serve.returncode == ExitCode.STORE, serve.stderr
    assert "read-only: the store cannot be written" in serve.stderr
