"""The workspace tests' store (conftest's example_store) and helpers to read and copy it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def web_db(example_store: Path) -> Path:
    return example_store


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
