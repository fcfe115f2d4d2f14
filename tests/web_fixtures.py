"""A small store for the workspace tests: the example article and the 20 shortest Wikinews articles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsgraph.pipeline import Engine
from newsgraph.store.ingestion import ingest

from .conftest import EXAMPLE


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, engine: Engine, short_articles: Path) -> Path:
    path = tmp_path_factory.mktemp("web") / "workspace.db"
    ingest([str(EXAMPLE)], path, engine=engine, workers=1, published="2024-12-18")
    ingest([str(short_articles)], path, engine=engine, workers=1)
    return path


def copy_store(source: Path, target: Path) -> Path:
    """A private copy (for tests that write), made with SQLite's backup so the WAL is included."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()
    return target


def example_id(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT id FROM articles WHERE key LIKE '%itv-zelenskyy-nato%'").fetchone()
    conn.close()
    return int(row[0])


def entity_id(path: Path, name: str) -> int:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()
    conn.close()
    return int(row[0])


__all__ = ["copy_store", "entity_id", "example_id", "web_db"]
