"""Identity resolution of a lake: read its article entities, resolve the new ones, write the identity tables.

    LAKE/entity_identity/part-GGGGGG-CCCCC.parquet  hash, local_id, unit, identity_id: each article entity's identity
    LAKE/identities/part-GGGGGG-BBB.parquet         identity_id, name, type, aliases, role, gender, articles, mentions
    LAKE/_identity/units-GGGGGG-BBB.parquet         the units and their identities: what the next run resolves against
    LAKE/_identity/state.json                       the commit: generation GGGGGG and the files it made current

(newsgraph.lake.identity_tables: one file per chunk, identity bucket and unit bucket, each written by
the worker that made it.)

Incremental: the article entities already in `entity_identity` are not read again; the new ones are
grouped into units, merged with the lake's units and resolved against them (newsgraph.lake.identity_job).
Past rows are rewritten only when an identity they point to met an older one or was split by a
correction (copy on write: a new file, the old one removed once the state names the new one).

Atomic: every file is written under a temporary name and renamed; `state.json` is written last and
is the commit. A run that dies (a lost client, a killed job) leaves files no state names; the next
run removes them and resolves the same articles again, to the same files: nothing is lost, nothing
is counted twice. Readers that must not see a run in progress read the files `state.json` lists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..atomic_files import write_atomically, write_parquet_atomically
from . import identity_corrections
from .identity_job import DEFAULT_CHUNK_ROWS, LocalRunner, Runner, Shuffle, gather_units, link, write_tables
from .identity_summary import summarise
from .identity_tables import IDENTITY_SCHEMA_VERSION, with_identities
from .locks import exclusive
from .schema import ENTITY_IDENTITY, IDENTITIES, IDENTITY_DIR

STATE_FILE = "state.json"  # in IDENTITY_DIR
LOCK_FILE = "lock"
SHUFFLE_PREFIX = ".shuffle-"  # a run's shuffle files (identity_job.Shuffle), removed once it commits
ENTITY_COLUMNS = ["run", "seq", "hash", "local_id", "name", "type", "role", "gender", "aliases", "mentions"]


@dataclass(slots=True)
class LakeResolution:
    generation: int
    new_entities: int  # article entities resolved by this run
    units: int
    identities: int
    merged: int  # existing identities that met an older one
    rewritten_files: int
    corrections_changed: int


def state_path(lake: Path) -> Path:
    """The lake's identity commit (it has none before its first resolution)."""
    return lake / IDENTITY_DIR / STATE_FILE


def load_state(lake: Path) -> dict[str, Any]:
    path = state_path(lake)
    if not path.exists():
        return {"generation": 0, "entity_identity": [], "identities": [], "units": [], "corrections": []}
    state = dict(json.loads(path.read_text(encoding="utf-8")))
    for tables in ("identities", "units"):  # one file each before the job wrote one per bucket
        if not isinstance(state.get(tables), list):
            state[tables] = [state[tables]] if state.get(tables) else []
    return state


def _save_state(lake: Path, state: dict[str, Any]) -> None:
    write_atomically(state_path(lake), lambda partial: partial.write_text(
        json.dumps(state, indent=1, sort_keys=True), encoding="utf-8"))


def _committed(state: dict[str, Any]) -> set[str]:
    return {*state["entity_identity"], *state["identities"], *state["units"]}


def remove_uncommitted(lake: Path, state: dict[str, Any]) -> int:
    """Delete what a run that did not commit left (files no state names, temporary files)."""
    keep = _committed(state)
    removed = 0
    for folder in (ENTITY_IDENTITY, IDENTITIES, IDENTITY_DIR):
        for path in (lake / folder).glob("*") if (lake / folder).is_dir() else []:
            relative = path.relative_to(lake).as_posix()
            if path.name not in (STATE_FILE, LOCK_FILE) and relative not in keep and path.is_file():
                path.unlink()
                removed += 1
            elif path.name.startswith(SHUFFLE_PREFIX) and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
    return removed


def locked(lake: Path) -> AbstractContextManager[None]:
    """Hold the lake's identity lock for a run: one resolution at a time."""
    return exclusive(lake / IDENTITY_DIR / LOCK_FILE, f"another identity resolution is running on {lake}")


def entity_rows(lake: Path) -> pa.Table:
    """The lake's per-article entity rows in input order (run, seq, entity): through the lake's own
    reader (committed rows only) for a lake written by `ingest --lake` (it has `_lake.json`), else
    every `entities/**/*.parquet` (a folder of shards, or entity rows written otherwise)."""
    table = _committed_entities(lake) if (lake / "_lake.json").exists() else None
    if table is None:
        files = sorted((lake / "entities").glob("**/*.parquet"))
        table = pa.concat_tables([pq.read_table(f) for f in files], promote_options="default") if files else None
    if table is None or table.num_rows == 0:
        return pa.table({column: pa.array([], pa.string()) for column in ("hash", "local_id", "name", "type")})
    table = table.select([c for c in ENTITY_COLUMNS if c in table.column_names])
    order = [(c, "ascending") for c in ("run", "seq") if c in table.column_names]
    return table.sort_by(order) if order else table


def _committed_entities(lake: Path) -> pa.Table | None:
    """The entity rows through the lake's own reader, where this installation has it."""
    try:
        from .reader import article_entities  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return article_entities(lake)


def _resolved_hashes(lake: Path, state: dict[str, Any]) -> pa.Array:
    files = [lake / f for f in state["entity_identity"]]
    if not files:
        return pa.array([], pa.string())
    return pa.concat_arrays([pq.read_table(f, columns=["hash"]).column("hash").combine_chunks() for f in files])


def resolve_lake(lake: str | os.PathLike[str], *, rows: pa.Table | Sequence[str | os.PathLike[str]] | None = None,
                 runner: Runner | None = None,
                 corrections: str | os.PathLike[str] | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS,
                 buckets: int = 8) -> LakeResolution:
    """Resolve the lake's article entities not yet resolved (or `rows`: a table of entity rows, or
    Parquet files of them, one chunk each) and commit the identity tables (see above);
    `corrections`: a store or JSON file to replay (kept for later runs)."""
    root = Path(lake)
    with locked(root):
        return _resolve_locked(root, rows, runner, corrections, chunk_rows, buckets)


def _resolve_locked(root: Path, rows: pa.Table | Sequence[str | os.PathLike[str]] | None, runner: Runner | None,
                    corrections: str | os.PathLike[str] | None, chunk_rows: int, buckets: int) -> LakeResolution:
    state = load_state(root)
    remove_uncommitted(root, state)
    done = _resolved_hashes(root, state)
    if isinstance(rows, (list, tuple)) and not len(done):
        # Parquet files of entity rows, each a chunk that its worker reads: nothing resolved yet to leave out.
        chunks: list[Any] = [str(path) for path in rows]
        new_entities = sum(pq.ParquetFile(path).metadata.num_rows for path in chunks)
    else:
        if isinstance(rows, (list, tuple)):
            rows = pa.concat_tables([pq.read_table(path) for path in rows], promote_options="default")
        table = entity_rows(root) if rows is None else rows
        if len(done) and table.num_rows:
            table = table.filter(pc.invert(pc.is_in(table.column("hash"), value_set=done)))
        chunks = [table.slice(start, chunk_rows) for start in range(0, table.num_rows, chunk_rows)]
        new_entities = table.num_rows
    recorded = [dict(c) for c in state.get("corrections", [])]
    if corrections is not None:
        recorded += [c for c in map(_as_dict, identity_corrections.load(corrections)) if c not in recorded]
    if not new_entities and state["identities"] and recorded == state.get("corrections", []):
        # Nothing new to resolve and no new correction: a rerun writes nothing (idempotent on disk too).
        return LakeResolution(int(state["generation"]), 0, _rows_in(root, state["units"]),
                              _rows_in(root, state["identities"]), 0, 0, 0)
    generation = int(state["generation"]) + 1
    runner = runner or LocalRunner()
    linked = link(chunks, Shuffle(root / IDENTITY_DIR / f"{SHUFFLE_PREFIX}{generation:06d}"),
                  existing=[str(root / name) for name in state["units"]], existing_buckets=state.get("buckets"),
                  runner=runner, buckets=buckets)
    identity_of, renames, corrected = linked.identity_of, {}, 0
    if recorded:
        # Corrections name identities and spellings: the only step that needs every unit here.
        units = gather_units(linked)
        replayed = identity_corrections.replay(
            [identity_corrections.Correction(**c) for c in recorded], units, identity_of,
            {i: s.name for i, s in summarise(units, identity_of).items()})
        identity_of, renames, corrected = replayed.identity_of, replayed.names, replayed.changed
    new_files, units_files, identities_files, identities = write_tables(
        linked, identity_of, renames, root=root, generation=generation, runner=runner)
    changed = {key for key, old in linked.existing_identity.items() if identity_of.get(key) != old}
    kept_files, rewritten = _rewrite_changed(root, state, identity_of, changed, generation) if changed else (
        list(state["entity_identity"]), [])
    _save_state(root, {"generation": generation, "entity_identity": sorted([*kept_files, *new_files]),
                       "identities": identities_files, "units": units_files, "buckets": buckets,
                       "corrections": recorded, "identity_schema": IDENTITY_SCHEMA_VERSION})
    remove_uncommitted(root, load_state(root))
    return LakeResolution(generation, new_entities, linked.units, identities, len(linked.merged),
                          len(rewritten), corrected)


def _rows_in(root: Path, files: Sequence[str]) -> int:
    return sum(int(pq.ParquetFile(root / name).metadata.num_rows) for name in files)


def _as_dict(correction: identity_corrections.Correction) -> dict[str, Any]:
    return {"action": correction.action, "target": correction.target, "argument": correction.argument,
            "type": correction.type}


_GENERATION_SUFFIX = re.compile(r"-g\d+$")


def _rewrite_changed(root: Path, state: dict[str, Any], identity_of: dict[str, str], changed: set[str],
                     generation: int) -> tuple[list[str], list[str]]:
    """Past files with a row whose unit changed identity, written again under a new name (copy on write)."""
    kept, rewritten = [], []
    wanted = pa.array(sorted(changed), pa.string())
    for name in state["entity_identity"]:
        path = root / name
        table = pq.read_table(path)
        if not pc.any(pc.is_in(table.column("unit"), value_set=wanted)).as_py():
            kept.append(name)
            continue
        stem = _GENERATION_SUFFIX.sub("", Path(name).stem)
        new_name = f"{ENTITY_IDENTITY}/{stem}-g{generation:06d}.parquet"
        write_parquet_atomically(with_identities(table, identity_of), root / new_name)
        kept.append(new_name)
        rewritten.append(name)
    return kept, rewritten
