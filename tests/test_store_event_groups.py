"""The participants an event describes without naming them, in the store (migration 6): their own table,
the events' titles and view, the PLOVER export; a store written before them upgrades and stays readable.
The article is written for the test."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.pipeline import Engine
from newsgraph.store import Store, ingest
from newsgraph.store import schema as store_schema

from .conftest import EXAMPLE

runner = CliRunner()
ARTICLE = """Farmers block roads

On Monday the mayor of Lille urged local residents to stay at home. Attorneys general from twelve states sued \
Acme Corp on Tuesday.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Path:
    folder = tmp_path_factory.mktemp("groups")
    article = folder / "farmers.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    path = folder / "groups.db"
    assert ingest([str(article)], path, engine=engine, workers=1, published="2024-12-18").stored == 1
    return path


def _rows(db: Path, sql: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_described_participants_have_their_own_rows_and_name_the_event(db: Path) -> None:
    groups = {(r["trigger"], r["role"], r["description"]) for r in _rows(
        db, "SELECT v.trigger, g.role, g.description FROM event_groups g JOIN events v ON v.id = g.event_id")}
    assert ("urged", "recipient", "local residents") in groups
    assert ("sued", "actor", "Attorneys general from twelve states") in groups
    [sued] = _rows(db, "SELECT title, described FROM events_view WHERE trigger = 'sued'")
    assert sued["title"] == "ACCUSE sue: sued (Attorneys general from twelve states → Acme Corp)"
    assert sued["described"] == "actor: Attorneys general from twelve states"


def test_the_plover_export_carries_them(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["export", "--format", "plover", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = {line["citation"]["trigger"]["text"]: line for line in map(json.loads, out.read_text().splitlines())}
    sued = lines["sued"]
    assert sued["actor"] == {"entity": None, "name": "Attorneys general from twelve states", "type": "group",
                             "country": None}
    assert sued["recipient"]["name"] == "Acme Corp"
    assert {"entity": None, "name": "local residents", "type": "group", "country": None, "role": "recipient"} in (
        lines["urged"]["participants"])


def _as_before_migration_6(db: Path) -> None:
    """Take a store back to version 5: no event_groups table, the events view of migration 2."""
    [(_, _, sql)] = [m for m in store_schema.migrations() if m[0] == 2]
    view = sql[sql.index("CREATE VIEW events_view"):]
    view = view[:view.index(";") + 1]
    conn = sqlite3.connect(db)
    conn.executescript(f"DROP VIEW events_view; DROP TABLE event_groups; {view} "
                       "DELETE FROM migrations WHERE version >= 6; PRAGMA user_version = 5;")
    conn.close()


def test_a_store_from_before_them_upgrades_and_keeps_its_events(tmp_path: Path, engine: Engine) -> None:
    db = tmp_path / "old.db"
    assert ingest([str(EXAMPLE)], db, engine=engine, workers=1, published="2024-12-18").stored == 1
    _as_before_migration_6(db)
    conn = store_schema.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store_schema.latest_version() >= 6
    conn.close()
    with Store(db) as store:
        events = store.events()
        assert events and all(row["described"] is None for row in events)
        assert len(list(store.plover())) == len(events)


def test_events_finds_a_described_group_by_its_words(db: Path) -> None:
    with Store(db) as store:
        assert [row["trigger"] for row in store.events("residents")] == ["urged"]
        assert [row["trigger"] for row in store.events("Local Residents", role="recipient")] == ["urged"]
        assert store.events("residents", role="actor") == []
        # whole words only, and LIKE's wildcards are letters
        assert store.events("resident") == [] and store.events("%") == []
    result = runner.invoke(app, ["events", "--actor", "attorneys general", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert [row["trigger"] for row in json.loads(result.stdout)] == ["sued"]
    assert "no entity is called 'attorneys general'" in result.stderr
    assert runner.invoke(app, ["events", "--actor", "firefighters", "--db", str(db)]).exit_code == 7


def test_stats_counts_the_described_participants(db: Path, tmp_path: Path, engine: Engine) -> None:
    with Store(db) as store:
        counted = store.stats()["counts"]["event_groups"]
    assert counted == len(_rows(db, "SELECT id FROM event_groups")) >= 2
    old = tmp_path / "old.db"
    assert ingest([str(EXAMPLE)], old, engine=engine, workers=1, published="2024-12-18").stored == 1
    _as_before_migration_6(old)
    with Store(old) as store:  # read-only: not migrated
        assert store.stats()["counts"]["event_groups"] == 0
