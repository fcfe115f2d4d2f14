"""`newsgraph export`: tables and views of the store as JSON Lines, CSV or Parquet (pyarrow); events as PLOVER."""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlite_utils

from ..errors import NotFoundError

FORMATS = ("jsonl", "csv", "parquet")
_BATCH = 10_000
_ARROW_TYPES = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string(), "BLOB": pa.binary()}


def exportable(conn: sqlite3.Connection) -> list[str]:
    """Tables and views a user may export: everything but the full-text indexes' own tables."""
    db = sqlite_utils.Database(conn)
    hidden = set(db.table_names(fts4=True)) | set(db.table_names(fts5=True))
    hidden |= {t for t in db.table_names() if any(t.startswith(f + "_") for f in hidden)}
    return [t for t in db.table_names() if t not in hidden] + db.view_names()


def _rows(conn: sqlite3.Connection, table: str) -> Iterator[dict[str, Any]]:
    cursor = conn.execute(f'SELECT * FROM "{table}"')
    columns = [c[0] for c in cursor.description]
    for row in cursor:
        yield dict(zip(columns, row, strict=True))


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    return [(str(r[1]), str(r[2]).upper()) for r in conn.execute(f'PRAGMA table_info("{table}")')]


def export_table(conn: sqlite3.Connection, table: str, fmt: str, out: Path | None) -> int:
    """Write one table or view; to `out`, or standard output for jsonl and csv. Returns the row count."""
    if table not in exportable(conn):
        raise NotFoundError(f"no table or view called {table!r}; there are: {', '.join(exportable(conn))}")
    if fmt == "parquet":
        if out is None:
            raise NotFoundError("parquet needs a file: give --out FILE.parquet")
        return _parquet(conn, table, out)
    stream: IO[str] = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if fmt == "jsonl":
            return _jsonl(conn, table, stream)
        return _csv(conn, table, stream)
    finally:
        if out:
            stream.close()


def export_all(conn: sqlite3.Connection, fmt: str, folder: Path) -> dict[str, int]:
    """Every exportable table and view into `folder`, one file each; rows written per table."""
    folder.mkdir(parents=True, exist_ok=True)
    return {table: export_table(conn, table, fmt, folder / f"{table}.{fmt}") for table in exportable(conn)}


def export_plover(events: Iterable[dict[str, Any]], out: Path | None) -> int:
    """PLOVER-style event dicts (Store.plover) as JSON Lines, to `out` or standard output; the count."""
    stream: IO[str] = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        return _write_jsonl(events, stream)
    finally:
        if out:
            stream.close()


def _jsonl(conn: sqlite3.Connection, table: str, stream: IO[str]) -> int:
    return _write_jsonl(_rows(conn, table), stream)


def _write_jsonl(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for count, row in enumerate(rows, 1):  # noqa: B007 (count is the result)
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    return count


def _csv(conn: sqlite3.Connection, table: str, stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=[name for name, _ in _columns(conn, table)])
    writer.writeheader()
    count = 0
    for count, row in enumerate(_rows(conn, table), 1):  # noqa: B007
        writer.writerow(row)
    return count


def _schema(conn: sqlite3.Connection, table: str, first: list[dict[str, Any]]) -> pa.Schema:
    """Arrow types from the declared SQLite types; a view's undeclared columns from their first value."""
    fields = []
    for name, declared in _columns(conn, table):
        arrow = _ARROW_TYPES.get(declared)
        if arrow is None:
            sample = next((row[name] for row in first if row[name] is not None), None)
            arrow = (pa.int64() if isinstance(sample, int) else pa.float64() if isinstance(sample, float)
                     else pa.binary() if isinstance(sample, bytes) else pa.string())
        fields.append(pa.field(name, arrow))
    return pa.schema(fields)


def _parquet(conn: sqlite3.Connection, table: str, out: Path) -> int:
    rows = _rows(conn, table)
    batch = [row for _, row in zip(range(_BATCH), rows, strict=False)]
    schema = _schema(conn, table, batch)
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        while batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
            batch = [row for _, row in zip(range(_BATCH), rows, strict=False)]
    return count
