"""Reading a lake back: its manifest, its committed files, and its tables as Arrow (docs/lake.md).

Only committed files are read: those a partition's commit (`_commits/*.json`, written after all of
the partition's files) names. A file a lost worker left without its commit is invisible here, and
the next `ingest --lake` removes it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypedDict

import pyarrow as pa
import pyarrow.dataset as ds

from ..errors import UsageError
from .schema import (
    COMMITS,
    ENTITIES,
    LAKE_FORMAT,
    LAKE_SCHEMA_VERSION,
    MANIFEST,
    PARTITION_COLUMNS,
    PARTITIONED,
    SCHEMAS,
)


class Commit(TypedDict):
    """A partition's commit, `_commits/RUN-NNNNNN.json` (newsgraph.lake.writer.write_partition)."""

    run: str
    partition: int
    files: list[str]  # relative to the lake's root, "/"-separated
    counts: dict[str, int]  # rows written, per table


_PARTITIONING = ds.partitioning(pa.schema([(column, pa.string()) for column in PARTITION_COLUMNS]), flavor="hive")


def is_lake(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a lake's root folder (it holds a `_lake.json`)."""
    return (Path(path) / MANIFEST).is_file()


def manifest(lake: str | os.PathLike[str]) -> dict[str, object]:
    """The lake's `_lake.json`; a folder that is no lake, or a lake of another version, is a UsageError."""
    path = Path(lake) / MANIFEST
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{lake} is not a newsgraph lake (no {MANIFEST})") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    if not isinstance(found, dict) or found.get("format") != LAKE_FORMAT:
        raise UsageError(f"{path} is not a newsgraph lake manifest")
    if str(found.get("version")) != LAKE_SCHEMA_VERSION:
        raise UsageError(f"{lake} is a lake of schema version {found.get('version')}; this newsgraph reads "
                         f"version {LAKE_SCHEMA_VERSION}")
    return found


def commits(lake: str | os.PathLike[str]) -> list[Commit]:
    """Every committed partition's commit record, in (run, partition) order."""
    folder = Path(lake) / COMMITS
    if not folder.is_dir():
        return []
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def committed_files(lake: str | os.PathLike[str], table: str, months: Iterable[str] | None = None,
                    outlets: Iterable[str] | None = None) -> list[str]:
    """The committed Parquet files of `table`, optionally only those of some months and outlets (pruned by
    folder name, without opening a file)."""
    wanted_months = set(months) if months is not None else None
    wanted_outlets = set(outlets) if outlets is not None else None
    root = Path(lake)
    found = []
    for commit in commits(lake):
        for relative in commit["files"]:
            parts = Path(relative).parts
            if parts[0] != table:
                continue
            values = dict(part.split("=", 1) for part in parts[1:-1] if "=" in part)
            if wanted_months is not None and values.get("month") not in wanted_months:
                continue
            if wanted_outlets is not None and values.get("outlet") not in wanted_outlets:
                continue
            found.append(str(root / relative))
    return found


def dataset(lake: str | os.PathLike[str], table: str, months: Iterable[str] | None = None,
            outlets: Iterable[str] | None = None) -> ds.Dataset:
    """One table's committed files as a pyarrow dataset; partitioned tables get `month` and `outlet` columns."""
    files = committed_files(lake, table, months, outlets)
    if table in PARTITIONED:
        schema = SCHEMAS[table].append(pa.field("month", pa.string())).append(pa.field("outlet", pa.string()))
        return ds.dataset(files, schema=schema, format="parquet", partitioning=_PARTITIONING,
                          partition_base_dir=str(Path(lake) / table))
    return ds.dataset(files, schema=SCHEMAS[table], format="parquet")


def read_table(lake: str | os.PathLike[str], table: str, columns: Sequence[str] | None = None,
               months: Iterable[str] | None = None, outlets: Iterable[str] | None = None) -> pa.Table:
    return dataset(lake, table, months, outlets).to_table(columns=list(columns) if columns else None)


def article_entities(lake: str | os.PathLike[str], months: Iterable[str] | None = None,
                     outlets: Iterable[str] | None = None, columns: Sequence[str] | None = None) -> pa.Table:
    """The lake's per-article entity rows (schema ENTITIES plus `month` and `outlet`), in input order
    (run, then seq): what identity resolution works on."""
    table = read_table(lake, ENTITIES, None, months, outlets)
    # A stable sort: within an article the rows keep the record's order (E1, E2...).
    table = table.sort_by([("run", "ascending"), ("seq", "ascending")])
    return table.select(list(columns)) if columns else table


def article_hashes(lake: str | os.PathLike[str]) -> set[str]:
    """The content hashes of every committed article: what a rerun skips."""
    return set(read_table(lake, "articles", ["hash"]).column("hash").to_pylist())
