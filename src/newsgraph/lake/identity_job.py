"""The lake's identity resolution as a job: chunks of article entities -> units -> blocks -> identities.

Stages, each a set of independent tasks (run in this process, or on a Dask cluster: `runner`):

1. **units**: each chunk of entity rows (a fixed number of rows, whatever the number of workers, so
   the result never depends on it) becomes its units, hash-partitioned by unit key into `buckets`;
2. **shuffle by unit**: bucket b's units of every chunk (and the lake's existing units of bucket b)
   are merged; each unit emits its blocking keys, hash-partitioned by block key;
3. **shuffle by block**: each block bucket resolves its blocks (newsgraph.lake.identity_links) into links;
4. **connected components** on the client (a union-find over units: a few per distinct name, not per
   article), starting from the identities the lake already has, so that new articles join them and
   nothing already resolved is recomputed; then the hand corrections are replayed
   (newsgraph.lake.identity_corrections).

An identity's id is derived from the key of the unit that was seen first in input order (run,
article, entity), so a rerun gives the same ids, a new article never renames an identity, and two
identities that meet keep the older one's id: the same ids a full recomputation gives.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from ..store.persons import PersonName
from ..store.types import majority_of
from .identity_links import Link, links_of_blocks
from .identity_units import Unit, block_entries, bucket_of, merge_units, most_common, units_of_rows

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
class Identity:
    """One referent across articles: the units it joins and what they say of it."""

    identity_id: str
    name: str
    type: str
    aliases: list[str]
    role: str | None
    gender: str | None
    articles: int
    mentions: int
    units: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Resolved:
    """A job's result: every unit (with its identity), every identity, and the new article entities."""

    units: dict[str, Unit]
    identity_of: dict[str, str]  # unit key -> identity id
    identities: dict[str, Identity]
    assigned: list[Any]  # per chunk, a handle on its table of hash, local_id, unit (left where it was made)
    merged: dict[str, str] = field(default_factory=dict)  # identity id that met an older one -> kept id


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


def _merge_task(buckets: int, *parts: Mapping[str, Unit]) -> tuple[dict[str, Unit], list[list[Any]]]:
    with _collector_paused():
        units = merge_units(parts)
        return units, block_entries(units.values(), buckets)


def _links_task(*parts: Sequence[Any]) -> list[Link]:
    with _collector_paused():
        return links_of_blocks(entry for part in parts for entry in part)


def resolve(chunks: Sequence[Any], *, existing: Mapping[str, Unit] | None = None,
            existing_identity: Mapping[str, str] | None = None, runner: Runner | None = None,
            buckets: int = 8) -> Resolved:
    """Resolve the article entities in `chunks` (lists of entity rows: hash, local_id, name, type,
    role, gender, aliases, mentions, and run/seq for input order) against the `existing` units and
    their identities (`existing_identity`, unit key -> identity id)."""
    runner = runner or LocalRunner()
    existing = existing or {}
    existing_identity = existing_identity or {}
    unit_handles = runner.map(_units_task, chunks, [buckets] * len(chunks))
    old_parts: list[dict[str, Unit]] = [{} for _ in range(buckets)]
    for key, unit in existing.items():
        old_parts[bucket_of(key, buckets)][key] = unit
    picked = [runner.pick(handle, 1) for handle in unit_handles]
    # The shuffle by unit: bucket b's task gets bucket b of every chunk, and the lake's bucket b.
    merge_handles = [runner.map(_merge_task, [buckets], [old_parts[b]], *[[runner.pick(part, b)] for part in picked])[0]
                     for b in range(buckets)]
    entry_handles = [runner.pick(handle, 1) for handle in merge_handles]
    # The shuffle by block: bucket c's task gets bucket c of every unit bucket's block entries.
    by_block_bucket = [[runner.pick(handle, c) for handle in entry_handles] for c in range(buckets)]
    link_handles = [runner.map(_links_task, *[[part] for part in parts])[0] for parts in by_block_bucket]
    unit_maps = runner.gather([runner.pick(handle, 0) for handle in merge_handles])
    links = [link for part in runner.gather(link_handles) for link in part]
    assigned = [runner.pick(handle, 0) for handle in unit_handles]
    units = {key: unit for part in unit_maps for key, unit in part.items()}
    identity_of, merged = components(units, links, existing_identity)
    return Resolved(units, identity_of, summarise(units, identity_of), assigned, merged)


def components(units: Mapping[str, Unit], links: Iterable[Link], existing_identity: Mapping[str, str]
               ) -> tuple[dict[str, str], dict[str, str]]:
    """(unit key -> identity id, old identity id -> the id it was merged into): the connected
    components of the links, the existing identities kept whole; each named after its first unit."""
    parent = {key: key for key in units}

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
    for key in units:
        members[root(key)].append(key)
    identity_of: dict[str, str] = {}
    merged: dict[str, str] = {}
    for group in members.values():
        first = min(group, key=lambda key: (units[key].first, key))
        # An identity that already exists keeps its id; two that meet keep the older one's.
        olds = sorted({existing_identity[key] for key in group if key in existing_identity},
                      key=lambda old: min((units[k].first, k) for k in group if existing_identity.get(k) == old))
        identity = olds[0] if olds else identity_id_of(first)
        merged.update({old: identity for old in olds[1:]})
        for key in group:
            identity_of[key] = identity
    return identity_of, merged


def summarise(units: Mapping[str, Unit], identity_of: Mapping[str, str]) -> dict[str, Identity]:
    """Each identity's name, type (its article entities' majority), spellings, role and gender."""
    grouped: dict[str, list[Unit]] = defaultdict(list)
    for key, identity in identity_of.items():
        grouped[identity].append(units[key])
    return {identity: identity_from(identity, members) for identity, members in grouped.items()}


def identity_from(identity: str, members: Sequence[Unit]) -> Identity:
    names: Counter[str] = Counter()
    spellings: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    genders: Counter[str] = Counter()
    votes: Counter[str] = Counter()
    for unit in members:
        names.update(unit.names)
        spellings.update(unit.spellings)
        roles.update(unit.roles)
        genders.update(unit.genders)
        votes[unit.type] += unit.articles
    first = min(members, key=lambda unit: (unit.first, unit.unit))
    # A person's name is the full name most articles give (as the store upgrades "Zelenskyy").
    full = Counter({n: c for n, c in names.items() if PersonName.parse(n).first}) if first.type == "person" else {}
    name = most_common(full) or most_common(names) or first.key
    return Identity(identity, name, majority_of(votes, name, first.type),
                    sorted(spellings, key=lambda s: (-spellings[s], s)), most_common(roles), most_common(genders),
                    sum(unit.articles for unit in members), sum(unit.mentions for unit in members),
                    sorted(unit.unit for unit in members))
