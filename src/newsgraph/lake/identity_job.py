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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from .identity_links import Link, links_of_blocks
from .identity_summary import Identity, Tally, added, finished, summarise, tallies
from .identity_tables import identities_file, identities_table, read_units, units_file, units_table, write_atomically
from .identity_units import Position, Unit, block_entries, bucket_of, merge_units, units_of_rows

DEFAULT_CHUNK_ROWS = 20_000


class Runner(Protocol):
    """Where tasks run: `map` returns handles (results here, futures on Dask), `gather` their values."""

    def map(self, function: Callable[..., Any], *arguments: Sequence[Any]) -> list[Any]: ...

    def pick(self, handle: Any, index: int) -> Any: ...

    def gather(self, handles: Sequence[Any]) -> list[Any]: ...

    def share(self, value: Any) -> Any: ...


class LocalRunner:
    """Every task in this process, one after the other."""

    def map(self, function: Callable[..., Any], *arguments: Sequence[Any]) -> list[Any]:
        return [function(*args) for args in zip(*arguments, strict=True)]

    def pick(self, handle: Any, index: int) -> Any:
        return handle[index]

    def gather(self, handles: Sequence[Any]) -> list[Any]:
        return list(handles)

    def share(self, value: Any) -> Any:
        return value


class DaskRunner:
    """Every task on a Dask cluster; results stay on the workers until gathered (the shuffles move
    only each bucket's share). A task whose worker dies is run again elsewhere by Dask: every task
    is a pure function of its inputs, so a rerun gives the same result."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, function: Callable[..., Any], *arguments: Sequence[Any]) -> list[Any]:
        return [self.client.submit(function, *args, pure=False) for args in zip(*arguments, strict=True)]

    def pick(self, handle: Any, index: int) -> Any:
        return self.client.submit(_item, handle, index, pure=False)

    def gather(self, handles: Sequence[Any]) -> list[Any]:
        return list(self.client.gather(list(handles)))

    def share(self, value: Any) -> Any:
        """A value every task reads (sent to each worker once, not with every task)."""
        # In a list: a dict scattered alone would become one key per entry.
        return self.client.scatter([value], broadcast=True, hash=False)[0]


def _item(sequence: Sequence[Any], index: int) -> Any:
    return sequence[index]


@dataclass(slots=True)
class Linked:
    """Stages 1-4 done: who is whom. The units stay on the workers that merged them (a handle per
    unit bucket), as do the chunks' article entities; the client holds only the unit -> identity map."""

    unit_buckets: list[Any]  # per unit bucket, a handle on its units (dict by key)
    identity_of: dict[str, str]  # unit key -> identity id
    existing_identity: dict[str, str]  # unit key -> identity id before this run
    assigned: list[Any]  # per chunk, a handle on its table of hash, local_id, unit
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
    assigned: list[Any]  # per chunk, a handle on its table of hash, local_id, unit
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


def _units_task(rows: Any, buckets: int) -> tuple[pa.Table, list[dict[str, Unit]]]:
    """A chunk's units; the chunk is a pyarrow Table, a list of row mappings, or a Parquet file
    (read on the worker)."""
    if isinstance(rows, list):
        rows = pa.Table.from_pylist(rows)
    elif isinstance(rows, str):
        rows = pq.read_table(rows)
    with _collector_paused():
        return units_of_rows(rows, buckets)


Seen = tuple[str, Position, str | None]  # a unit's key, where it was first seen, its identity before this run


def _merge_task(bucket: int, buckets: int, existing: Sequence[str], existing_buckets: int | None,
                *parts: Mapping[str, Unit]) -> tuple[dict[str, Unit], list[list[Any]], list[Seen]]:
    """Unit bucket `bucket`: its units of every chunk merged with the lake's (read here, from the
    lake's units files), their block entries by block bucket, and what the client needs of each."""
    with _collector_paused():
        old, old_identity = read_units(existing, bucket, buckets, existing_buckets)
        units = merge_units([old, *parts])
        seen = [(key, unit.first, old_identity.get(key)) for key, unit in units.items()]
        return units, block_entries(units.values(), buckets), seen


def _links_task(*parts: Sequence[Any]) -> list[Link]:
    with _collector_paused():
        return links_of_blocks(entry for part in parts for entry in part)


def link(chunks: Sequence[Any], *, existing: Sequence[str] = (), existing_buckets: int | None = None,
         runner: Runner | None = None, buckets: int = 8) -> Linked:
    """Resolve the article entities in `chunks` (lists of entity rows: hash, local_id, name, type,
    role, gender, aliases, mentions, and run/seq for input order) against the units (and identities)
    in the lake's units files `existing` (written with `existing_buckets` unit buckets)."""
    runner = runner or LocalRunner()
    unit_handles = runner.map(_units_task, chunks, [buckets] * len(chunks))
    picked = [runner.pick(handle, 1) for handle in unit_handles]
    # The shuffle by unit: bucket b's task gets bucket b of every chunk, and reads the lake's bucket b.
    merge_handles = [runner.map(_merge_task, [b], [buckets], [list(existing)], [existing_buckets],
                                *[[runner.pick(part, b)] for part in picked])[0] for b in range(buckets)]
    entry_handles = [runner.pick(handle, 1) for handle in merge_handles]
    # The shuffle by block: bucket c's task gets bucket c of every unit bucket's block entries.
    by_block_bucket = [[runner.pick(handle, c) for handle in entry_handles] for c in range(buckets)]
    link_handles = [runner.map(_links_task, *[[part] for part in parts])[0] for parts in by_block_bucket]
    firsts: dict[str, Position] = {}
    existing_identity: dict[str, str] = {}
    for part in runner.gather([runner.pick(handle, 2) for handle in merge_handles]):
        for key, first, old in part:
            firsts[key] = first
            if old is not None:
                existing_identity[key] = old
    links = [link for part in runner.gather(link_handles) for link in part]
    identity_of, merged = components(firsts, links, existing_identity)
    return Linked([runner.pick(handle, 0) for handle in merge_handles], identity_of, existing_identity,
                  [runner.pick(handle, 0) for handle in unit_handles], merged)


def gather_units(linked: Linked, runner: Runner | None = None) -> dict[str, Unit]:
    """Every unit, in this process (for corrections and tests; the lake's tables do without)."""
    runner = runner or LocalRunner()
    return {key: unit for part in runner.gather(linked.unit_buckets) for key, unit in part.items()}


def resolve(chunks: Sequence[Any], *, runner: Runner | None = None, buckets: int = 8) -> Resolved:
    """`link` and the identities, all in this process."""
    runner = runner or LocalRunner()
    linked = link(chunks, runner=runner, buckets=buckets)
    units = gather_units(linked, runner)
    return Resolved(units, linked.identity_of, summarise(units, linked.identity_of), linked.assigned, linked.merged)


def _tally_task(units: Mapping[str, Unit], identity_of: Mapping[str, str], buckets: int, path: str | None
                ) -> list[dict[str, Tally]]:
    """A unit bucket's units written with their identities (to `path`), and tallied by identity
    bucket: the shuffle by identity."""
    with _collector_paused():
        if path is not None:
            write_atomically(units_table(units, identity_of), Path(path))
        by_bucket: list[dict[str, Tally]] = [{} for _ in range(buckets)]
        for identity, tally in tallies(units.values(), identity_of).items():
            by_bucket[bucket_of(identity, buckets)][identity] = tally
        return by_bucket


def _identities_task(renames: Mapping[str, str], path: str, *parts: Mapping[str, Tally]) -> int:
    """An identity bucket's identities, their tallies added up, written to `path`: how many."""
    with _collector_paused():
        identities = [finished(identity, tally) for identity, tally in added(parts).items()]
        for identity in identities:
            identity.name = renames.get(identity.identity_id, identity.name)
        write_atomically(identities_table(identities), Path(path))
        return len(identities)


def write_identities(linked: Linked, identity_of: Mapping[str, str], renames: Mapping[str, str], *,
                     root: Path, generation: int, buckets: int, runner: Runner | None = None
                     ) -> tuple[list[str], list[str], int]:
    """(units files, identities files, identities): every unit bucket's units written where they
    are, tallied, shuffled by identity and summed there, each identity bucket written by its task
    (a file per bucket, empty or not, so that the files of a generation are known without looking)."""
    runner = runner or LocalRunner()
    shared = runner.share(dict(identity_of))
    unit_files = [units_file(generation, b) for b in range(buckets)]
    tally_handles = runner.map(_tally_task, linked.unit_buckets, [shared] * buckets, [buckets] * buckets,
                               [str(root / name) for name in unit_files])
    identity_files = [identities_file(generation, c) for c in range(buckets)]
    counts = runner.gather([runner.map(_identities_task, [renames], [str(root / identity_files[c])],
                                       *[[runner.pick(handle, c)] for handle in tally_handles])[0]
                            for c in range(buckets)])
    return unit_files, identity_files, sum(counts)


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
