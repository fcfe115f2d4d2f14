"""The schema: migrations, indexes on every foreign key, Datasette-friendly labels, views and FTS."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from newsgraph.store.schema import APPLICATION_ID, connect, latest_version, migrations


def test_migrations_are_numbered_and_applied_once(tmp_path: Path) -> None:
    numbers = [number for number, _, _ in migrations()]
    assert numbers == list(range(1, len(numbers) + 1))
    db = tmp_path / "s.db"
    connect(db).close()
    connect(db).close()  # reopening applies nothing again
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(numbers)


def test_every_foreign_key_has_an_index(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    connect(db).close()
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE '%_fts%' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        indexed = set()
        for (index,) in [(r[1],) for r in conn.execute(f"PRAGMA index_list('{table}')")]:
            columns = [r[2] for r in conn.execute(f"PRAGMA index_info('{index}')")]
            indexed.add(columns[0])
        primary = [r[1] for r in conn.execute(f"PRAGMA table_info('{table}')") if r[5] == 1]
        for foreign_key in conn.execute(f"PRAGMA foreign_key_list('{table}')"):
            column = foreign_key[3]
            assert column in indexed or primary[:1] == [column], f"{table}.{column} has no index"


def test_datasette_finds_labels_full_text_and_views(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    connect(db).close()
    store = sqlite_utils.Database(db)
    assert store["articles"].detect_fts() == "articles_fts"
    assert store["quotes"].detect_fts() == "quotes_fts"
    for table in ("entities", "aliases", "article_entities"):
        assert "name" in store[table].columns_dict
    for table in ("articles", "statements"):
        assert "title" in store[table].columns_dict
    assert {"quotes_view", "entity_summary", "mentions_view", "statement_outlets"} <= set(store.view_names())
    assert all(store[t].pks == ["id"] for t in ("articles", "entities", "quotes", "mentions", "statements"))
