"""The lake's identity resolution as a job: chunks of article entities -> units -> blocks -> identities.

Stages, each a set of independent tasks (run in this process, or on a Dask cluster: `runner`):

1. **units**: each chunk of entity rows (a fixed number of rows, whatever the number of workers, so
   the result never depends on it) becomes its units, hash-partitioned by unit key into `buckets`;
2. **shuffle by unit**: bucket b's units of every chunk are merged with the lake's units of bucket b
   (read by the task from the lake's own file of that bucket); each unit emits its blocking keys,
   hash-partitioned by block key;
3. **shuffle by block**: each block bucket resolves its blocks (newsgraph.lake.identity_links) into links;
4. **connected components** on the client (a union-find over unit keys and links, a few units per
   distinct name, not per article), starting from the identities the lake already has, so that new
   articles join them and nothing already resolved is recomputed; then the hand corrections are
   replayed (newsgraph.lake.identity_corrections);
5. **shuffle by identity**: each unit bucket writes its units with their identities and tallies them
   by identity bucket; each identity bucket adds its tallies up and writes its identities
   (newsgraph.lake.identity_summary). The units never come to the client (unless corrections need them).

An identity's id is derived from the key of the unit that was seen first in input order (run,
article, entity), so a rerun gives the same ids, a new article never renames an identity, and two
identities that meet keep the older one's id: the same ids a full recomputation gives.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from ..atomic_files import write_atomically, write_parquet_atomically
from .identity_links import Link, links_of_blocks
from .identity_summary import Identity, Tally, added, finished, summarise, tallies
from .identity_tables import (
    identities_file,
    identities_table,
    read_units,
    units_file,
    units_table,
    with_identities,
)
from .identity_units import Position, Unit, block_entries, bucket_of, merge_units, units_of_rows
from .schema import ENTITY_IDENTITY

DEFAULT_CHUNK_ROWS = 20_000


class Runner(Protocol):
    """Where tasks run: `map` returns handles (results here, futures on Dask), `gather` their values."""

    def map(self, function: Callable[..., Any], *arguments: Sequence[Any]) -> list[Any]: ...

    def gather(self, handles: Sequence[Any]) -> list[Any]: ...


class LocalRunner:
    """Every task in this process, one after the other."""

    def map(self, function: Callable[..., Any], *arguments: Sequence[Any]) -> list[Any]:
        return [function(*args) for args in zip(*arguments, strict=True)]

    def gather(self, handles: Sequence[Any]) -> list[Any]:
        return list(handles)


class DaskRunner:
    """Every task on a Dask cluster (the data between stages goes through the shuffle's files, see
    `Shuffle`). A task whose worker dies is run again elsewhere by Dask: every task is a pure
    function of its inputs and files, so a rerun writes the same files."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, function: Callable[..., Any], *arguments: Sequence[Any]) -> list[Any]:
        return [self.client.submit(function, *args, pure=False) for args in zip(*arguments, strict=True)]

    def gather(self, handles: Sequence[Any]) -> list[Any]:
        return list(self.client.gather(list(handles)))


@dataclass(slots=True)
class Linked:
    """Stages 1-4 done: who is whom. The units and the chunks' article entities are in the shuffle's
    files; the client holds only the unit -> identity map."""

    shuffle: Shuffle
    buckets: int
    chunks: int
    identity_of: dict[str, str]  # unit key -> identity id
    existing_identity: dict[str, str]  # unit key -> identity id before this run
    merged: dict[str, str] = field(default_factory=dict)  # identity id that met an older one -> kept id

    @property
    def units(self) -> int:
        return len(self.identity_of)


@dataclass(slots=True)
class Resolved:
    """Every unit (with its identity), every identity, and the new article entities, in this process."""

    units: dict[str, Unit]
    identity_of: dict[str, str]  # unit key -> identity id
    identities: dict[str, Identity]
    assigned: list[pa.Table]  # per chunk, its table of hash, local_id, unit
    merged: dict[str, str] = field(default_factory=dict)


def identity_id_of(unit_key: str) -> str:
    """A stable id from a unit key: the same on every machine and every rerun."""
    return "i" + hashlib.sha1(unit_key.encode()).hexdigest()[:16]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off while a task builds its objects: they hold no cycles, and on a
    worker holding millions of objects each collection walks them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Shuffle:
    """The files through which the stages pass their data (`folder`, on storage every worker sees:
    the lake's own). A task writes its outputs whole (a temporary name, then a rename) and the next
    stage's tasks read the ones they need: no data passes through the scheduler or between workers'
    memories, a worker keeps nothing between stages, and a task run again writes the same files."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = str(folder)

    def path(self, *parts: object) -> Path:
        return Path(self.folder, "-".join(str(part) for part in parts))

    def put(self, value: Any, *parts: object) -> None:
        # A name of this process's own: a task run twice at once (a worker thought lost) never
        # renames the other's half-written file.
        write_atomically(self.path(*parts), lambda partial: partial.write_bytes(
            pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)), own_name=True)

    def put_table(self, table: pa.Table, *parts: object) -> None:
        write_atomically(self.path(*parts), lambda partial: pq.write_table(table, partial), own_name=True)

    def take(self, *parts: object) -> Any:
        return pickle.loads(self.path(*parts).read_bytes())

    def shared(self, *parts: object) -> Any:
        """A value every task of a stage reads (the unit -> identity map): read once per process
        (per version of the file: a run that died and is run again may write it anew)."""
        path = self.path(*parts)
        return _read_once(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _read_once(path: str, version: int) -> Any:
    return pickle.loads(Path(path).read_bytes())


def _units_task(shuffle: Shuffle, index: int, rows: Any, buckets: int) -> int:
    """Chunk `index`'s units, by unit bucket, and its article entities' units; the chunk is a
    pyarrow Table, a list of row mappings, or a Parquet file (read on the worker)."""
    if isinstance(rows, list):
        rows = pa.Table.from_pylist(rows)
    elif isinstance(rows, str):
        rows = pq.read_table(rows)
    with _collector_paused():
        assigned, by_bucket = units_of_rows(rows, buckets)
        shuffle.put_table(assigned, "assigned", index)
        for bucket, units in enumerate(by_bucket):
            shuffle.put(units, "units", index, bucket)
        return int(assigned.num_rows)


Seen = tuple[str, Position, str | None]  # a unit's key, where it was first seen, its identity before this run


def _merge_task(shuffle: Shuffle, bucket: int, chunks: int, buckets: int, existing: Sequence[str],
                existing_buckets: int | None) -> int:
    """Unit bucket `bucket`: its units of every chunk merged with the lake's (read here, from the
    lake's units files) and kept for the last stage, their block entries by block bucket, and what
    the client needs of each unit (`seen`); returns how many units."""
    with _collector_paused():
        old, old_identity = read_units(existing, bucket, buckets, existing_buckets)
        units = merge_units([old, *(shuffle.take("units", index, bucket) for index in range(chunks))])
        shuffle.put(units, "merged", bucket)
        for block_bucket, entries in enumerate(block_entries(units.values(), buckets)):
            shuffle.put(entries, "entries", bucket, block_bucket)
        shuffle.put([(key, unit.first, old_identity.get(key)) for key, unit in units.items()], "seen", bucket)
        return len(units)


def _links_task(shuffle: Shuffle, block_bucket: int, buckets: int) -> int:
    """Block bucket `block_bucket`'s links (`links`): how many."""
    with _collector_paused():
        links = links_of_blocks(entry for bucket in range(buckets)
                                for entry in shuffle.take("entries", bucket, block_bucket))
        shuffle.put(links, "links", block_bucket)
        return len(links)


def link(chunks: Sequence[Any], shuffle: Shuffle, *, existing: Sequence[str] = (),
         existing_buckets: int | None = None, runner: Runner | None = None, buckets: int = 8) -> Linked:
    """Resolve the article entities in `chunks` (lists of entity rows: hash, local_id, name, type,
    role, gender, aliases, mentions, and run/seq for input order) against the units (and identities)
    in the lake's units files `existing` (written with `existing_buckets` unit buckets)."""
    runner = runner or LocalRunner()
    Path(shuffle.folder).mkdir(parents=True, exist_ok=True)
    count = len(chunks)
    runner.gather(runner.map(_units_task, [shuffle] * count, range(count), chunks, [buckets] * count))
    # The shuffle by unit: bucket b's task reads bucket b of every chunk, and the lake's bucket b.
    runner.gather(runner.map(_merge_task, [shuffle] * buckets, range(buckets), [count] * buckets,
                             [buckets] * buckets, [list(existing)] * buckets, [existing_buckets] * buckets))
    # The shuffle by block: block bucket c's task reads bucket c of every unit bucket's entries.
    runner.gather(runner.map(_links_task, [shuffle] * buckets, range(buckets), [buckets] * buckets))
    # The client reads what it needs from the files (a task's result going through the scheduler
    # costs more than the file).
    firsts: dict[str, Position] = {}
    existing_identity: dict[str, str] = {}
    for bucket in range(buckets):
        for key, first, old in shuffle.take("seen", bucket):
            firsts[key] = first
            if old is not None:
                existing_identity[key] = old
    links = (link for bucket in range(buckets) for link in shuffle.take("links", bucket))
    identity_of, merged = components(firsts, links, existing_identity)
    return Linked(shuffle, buckets, count, identity_of, existing_identity, merged)


def gather_units(linked: Linked) -> dict[str, Unit]:
    """Every unit, in this process (for corrections and tests; the lake's tables do without)."""
    return {key: unit for bucket in range(linked.buckets)
            for key, unit in linked.shuffle.take("merged", bucket).items()}


def resolve(chunks: Sequence[Any], *, runner: Runner | None = None, buckets: int = 8) -> Resolved:
    """`link` and the identities, all in this process, the shuffle in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="newsgraph-identity-") as folder:
        linked = link(chunks, Shuffle(folder), runner=runner, buckets=buckets)
        units = gather_units(linked)
        assigned = [pq.read_table(linked.shuffle.path("assigned", index)) for index in range(linked.chunks)]
    return Resolved(units, linked.identity_of, summarise(units, linked.identity_of), assigned, linked.merged)


def _tally_task(shuffle: Shuffle, bucket: int, buckets: int, path: str | None) -> None:
    """A unit bucket's units written with their identities (to `path`), and tallied by identity
    bucket: the shuffle by identity."""
    with _collector_paused():
        units = shuffle.take("merged", bucket)
        identity_of = shuffle.shared("identity_of")
        if path is not None:
            write_parquet_atomically(units_table(units, identity_of), Path(path))
        by_bucket: list[dict[str, Tally]] = [{} for _ in range(buckets)]
        for identity, tally in tallies(units.values(), identity_of).items():
            by_bucket[bucket_of(identity, buckets)][identity] = tally
        for identity_bucket, part in enumerate(by_bucket):
            shuffle.put(part, "tallies", bucket, identity_bucket)


def _identities_task(shuffle: Shuffle, identity_bucket: int, buckets: int, renames: Mapping[str, str],
                     path: str) -> int:
    """An identity bucket's identities, their tallies added up, written to `path`: how many."""
    with _collector_paused():
        parts = (shuffle.take("tallies", bucket, identity_bucket) for bucket in range(buckets))
        identities = [finished(identity, tally) for identity, tally in added(parts).items()]
        for identity in identities:
            identity.name = renames.get(identity.identity_id, identity.name)
        write_parquet_atomically(identities_table(identities), Path(path))
        return len(identities)


def _write_chunk(shuffle: Shuffle, index: int, path: str) -> int:
    """Chunk `index`'s article entities with their identities, one file."""
    identity_of = shuffle.shared("identity_of")
    table = with_identities(pq.read_table(shuffle.path("assigned", index)), identity_of)
    write_parquet_atomically(table, Path(path))
    return int(table.num_rows)


def write_tables(linked: Linked, identity_of: Mapping[str, str], renames: Mapping[str, str], *, root: Path,
                 generation: int, runner: Runner | None = None) -> tuple[list[str], list[str], list[str], int]:
    """(entity_identity files, units files, identities files, identities): each chunk's article
    entities written with their identities, each unit bucket's units, tallied and shuffled by
    identity, each identity bucket's identities; every file by the task that made it (a file per
    chunk and per bucket, empty or not, so that the files of a generation are known without looking)."""
    runner = runner or LocalRunner()
    shuffle, buckets, count = linked.shuffle, linked.buckets, linked.chunks
    shuffle.put(dict(identity_of), "identity_of")
    chunk_files = [f"{ENTITY_IDENTITY}/part-{generation:06d}-{index:05d}.parquet" for index in range(count)]
    unit_files = [units_file(generation, b) for b in range(buckets)]
    written = runner.map(_write_chunk, [shuffle] * count, range(count), [str(root / name) for name in chunk_files])
    runner.gather([*runner.map(_tally_task, [shuffle] * buckets, range(buckets), [buckets] * buckets,
                               [str(root / name) for name in unit_files]), *written])
    identity_files = [identities_file(generation, c) for c in range(buckets)]
    counts = runner.gather(runner.map(_identities_task, [shuffle] * buckets, range(buckets), [buckets] * buckets,
                                      [renames] * buckets, [str(root / name) for name in identity_files]))
    return chunk_files, unit_files, identity_files, sum(counts)


def components(firsts: Mapping[str, Position], links: Iterable[Link], existing_identity: Mapping[str, str]
               ) -> tuple[dict[str, str], dict[str, str]]:
    """(unit key -> identity id, old identity id -> the id it was merged into): the connected
    components of the links, the existing identities kept whole; each named after its first unit."""
    parent = {key: key for key in firsts}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of_identity: dict[str, str] = {}
    for key, identity in sorted(existing_identity.items()):
        if key in parent:
            join(first_of_identity.setdefault(identity, key), key)
    for a, b in links:
        if a in parent and b in parent:
            join(a, b)
    members: dict[str, list[str]] = defaultdict(list)
    for key in firsts:
        members[root(key)].append(key)
    identity_of: dict[str, str] = {}
    merged: dict[str, str] = {}
    for group in members.values():
        first = min(group, key=lambda key: (firsts[key], key))
        # An identity that already exists keeps its id; two that meet keep the older one's.
        olds = sorted({existing_identity[key] for key in group if key in existing_identity},
                      key=lambda old: min((firsts[k], k) for k in group if existing_identity.get(k) == old))
        identity = olds[0] if olds else identity_id_of(first)
        merged.update({old: identity for old in olds[1:]})
        for key in group:
            identity_of[key] = identity
    return identity_of, merged
