"""Writing the lake: its manifest, one partition of analysed articles at a time, and the clean-up
of what a lost worker left behind.

A partition (the articles one task analysed) is written as Parquet files, one per table and
(month, outlet), each to a temporary name and renamed; then its commit, `_commits/RUN-NNNNNN.json`,
naming the files, is written the same way. Readers take only committed files, so a worker lost
mid-partition leaves nothing half written: the next ingest deletes the uncommitted files, and
analyses the partition's articles again, since their hashes are not among the committed articles.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from ..atomic_files import write_atomically
from ..errors import InputError, UsageError
from ..record import SCHEMA_VERSION as RECORD_SCHEMA_VERSION
from ..store.shards import Analysed, shard_name, write_parquet
from .locks import exclusive
from .reader import commits, manifest
from .rows import Row, article_rows, partition_of
from .schema import (
    COMMITS,
    ERRORS,
    LAKE_FORMAT,
    LAKE_SCHEMA_VERSION,
    MANIFEST,
    PARTITION_COLUMNS,
    PARTITIONED,
    SCHEMAS,
    WRITE_ORDER,
)

LOCK = "_lake.lock"


def commit_name(run: str, index: int) -> str:
    return f"{run}-{index:06d}.json"


def create(lake: str | os.PathLike[str]) -> dict[str, object]:
    """The lake at `lake`, made (folder and `_lake.json`) when missing; a folder holding something else is refused."""
    root = Path(lake)
    if (root / MANIFEST).exists():
        return manifest(root)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not a folder for a lake")
    if root.is_dir() and any(p.name != LOCK for p in root.iterdir()):
        raise UsageError(f"{root} is not empty and not a lake (no {MANIFEST}); give a new or empty folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
        found: dict[str, object] = {
            "format": LAKE_FORMAT, "version": LAKE_SCHEMA_VERSION, "record_schema": RECORD_SCHEMA_VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"), "partitioning": list(PARTITION_COLUMNS),
            "tables": [*PARTITIONED, ERRORS], "docs": "docs/lake.md of newsgraph"}
        _write_json(root / MANIFEST, found)
    except OSError as error:
        raise UsageError(f"cannot write the lake {root}: {error.strerror or error}") from None
    return found


def locked(lake: str | os.PathLike[str]) -> AbstractContextManager[None]:
    """Hold the lake's writer lock: one ingest writes a lake at a time (its clean-up would take another's
    files in progress for a lost worker's)."""
    return exclusive(Path(lake) / LOCK, f"another ingest is writing the lake {lake}; wait for it to finish")


def sweep(lake: str | os.PathLike[str]) -> int:
    """Delete the files no commit names (a lost worker's, an interrupted write's); returns how many."""
    root = Path(lake)
    committed = {str(root / relative) for commit in commits(root) for relative in commit["files"]}
    removed = 0
    for table in (*PARTITIONED, ERRORS, COMMITS):
        folder = root / table
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            leftover = path.name.endswith(".partial") or (path.suffix == ".parquet" and str(path) not in committed)
            if path.is_file() and leftover:
                path.unlink()
                removed += 1
    return removed


def write_partition(lake: str | os.PathLike[str], run: str, index: int, items: Sequence[Analysed]) -> dict[str, int]:
    """Write one partition's tables (a file per table and month/outlet), then its commit; returns row counts."""
    root = Path(lake)
    grouped: dict[tuple[str, str], dict[str, list[Row]]] = {}
    errors: list[Row] = []
    for item in items:
        if isinstance(item.result, InputError):
            errors.append({"run": run, "seq": item.seq, "origin": item.result.origin or item.origin,
                           "reason": item.result.reason, "message": item.result.message})
            continue
        tables = grouped.setdefault(partition_of(item.result), {table: [] for table in PARTITIONED})
        for table, rows in article_rows(item, run, item.result).items():
            tables[table] += rows
    name = shard_name(run, index)
    files: list[str] = []
    counts = {table: 0 for table in (*PARTITIONED, ERRORS)}
    for table in WRITE_ORDER:
        batches = {Path(table): errors} if table == ERRORS else {
            _partition_folder(table, key): found[table] for key, found in grouped.items()}
        for folder, rows in batches.items():
            if not rows:
                continue
            write_parquet(rows, SCHEMAS[table], root / folder / name)
            files.append((folder / name).as_posix())
            counts[table] += len(rows)
    _write_json(root / COMMITS / commit_name(run, index),
                {"run": run, "partition": index, "files": files, "counts": counts})
    return counts


def _partition_folder(table: str, values: tuple[str, str]) -> Path:
    return Path(table, *(f"{column}={value}" for column, value in zip(PARTITION_COLUMNS, values, strict=True)))


def _write_json(path: Path, content: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda partial: partial.write_text(
        json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"))
