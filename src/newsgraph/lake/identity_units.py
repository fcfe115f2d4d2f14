"""The lake's identity resolution, step 1: article entities grouped into units, and each unit's blocking keys.

A **unit** is every article entity that resolves by the same key among entities of its type (the
store's first rule, store/identity.py): "President Zelenskyy" and "Zelenskyy" are both the person unit
`person|zelenskyy`, "Apple" and "Apple Inc." the organisation unit `organisation|apple`. Two article
entities of one unit are always one identity, in the store as in the lake, so the rows of a corpus
collapse into far fewer units (names repeat) and only units are compared. A unit keeps what the
store's rules read: the spellings its articles gave, its article entities (for the type vote and the
"one article does not outweigh more" rule), roles and genders, and where it was first seen.

Each unit then emits **blocking keys**: the units that may be one identity share one (see
newsgraph.lake.identity_links for what each block decides):

- `s|SURNAME`: people, by the transliteration key of each surname they are spelt with;
- `f|FORENAME|S`: people with a forename, by forename and the surname's first letter (a typo in the
  surname is tolerated with the same forename, names.is_spelling_variant);
- `a|KEY`: the others, by their own key and by each spelling that may join another entity
  (store/keys.py kinds `name` and `acronym`);
- `x|TYPE|KEY`: every unit by its own key, and probing each other type by the key its name has there
  (entities the articles typed differently, store/types.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..store.entities import alias_of, entity_key
from ..store.identity import ENTITY_TYPES, names_of
from ..store.keys import is_generic
from ..store.persons import PersonName
from ..store.types import may_share_identity

JOINING = frozenset({"name", "acronym"})
Position = tuple[str, int, int]  # (run, seq, the entity's number in its article): input order


Counts = dict[str, int]


def add_counts(into: Counts, other: Mapping[str, int]) -> None:
    for value, times in other.items():
        into[value] = into.get(value, 0) + times


@dataclass(slots=True)
class Unit:
    """Article entities that share a type and a key, aggregated (see above)."""

    unit: str
    type: str
    key: str
    names: Counts = field(default_factory=dict)  # the names articles resolved it by
    spellings: Counts = field(default_factory=dict)  # every spelling given, by article entities
    articles: int = 0  # article entities
    mentions: int = 0
    roles: Counts = field(default_factory=dict)
    genders: Counts = field(default_factory=dict)
    first: Position = ("\uffff", 0, 0)
    fresh: bool = True  # changed by this run's articles (an existing unit untouched is not)

    def __reduce__(self) -> tuple[type[Unit], tuple[object, ...]]:
        # Units cross between workers in the shuffles: as a plain tuple of plain dicts, pickling
        # costs a tenth of a slotted dataclass of Counters (measured: 1.1 s against 12 s for the
        # units of 200,000 articles).
        return (Unit, (self.unit, self.type, self.key, self.names, self.spellings, self.articles, self.mentions,
                       self.roles, self.genders, self.first, self.fresh))

    def absorb(self, other: Unit) -> None:
        add_counts(self.names, other.names)
        add_counts(self.spellings, other.spellings)
        self.articles += other.articles
        self.mentions += other.mentions
        add_counts(self.roles, other.roles)
        add_counts(self.genders, other.genders)
        self.first = min(self.first, other.first)
        self.fresh = self.fresh or other.fresh

    @property
    def name(self) -> str:
        """The name most of its article entities resolved it by (ties: the first in sort order)."""
        return most_common(self.names) or self.key


def most_common(counts: Mapping[str, int]) -> str | None:
    """The most frequent value, ties to the longest then by sort order: the same whatever order
    counts came in ("World Health Organization" before "WHO")."""
    return min(counts, key=lambda value: (-counts[value], -len(value), value)) if counts else None


@lru_cache(maxsize=1 << 18)  # bounded: a backfill meets millions of distinct spellings
def unit_of(name: str, entity_type: str, aliases: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
    """(unit key, the name it resolves by, every spelling) of an article entity, as the store reads it."""
    resolving, spellings = names_of(name, entity_type, aliases)
    key = entity_key(resolving, entity_type)
    return f"{entity_type}|{key}", resolving, tuple(dict.fromkeys([resolving, *spellings]))


def bucket_of(key: str, buckets: int) -> int:
    """A stable bucket for a key (Python's hash() differs between processes)."""
    return zlib.crc32(key.encode()) % buckets


_SEPARATOR = "\x1f"  # joins an article entity's fields into one key; never in a name


def _filled(table: pa.Table, column: str) -> pa.ChunkedArray | pa.Array:
    if column not in table.column_names:
        return pa.array([""] * table.num_rows, pa.string())
    return pc.fill_null(table.column(column).cast(pa.string()), "")


def units_of_rows(table: pa.Table, buckets: int) -> tuple[pa.Table, list[dict[str, Unit]]]:
    """(per article entity: hash, local_id, unit; the units by bucket) of a chunk of entity rows (a
    table in input order). Rows that give an entity the same name, type, spellings, role and gender
    are one combination, worked out once: the per-row work is columnar."""
    aliases = (pc.fill_null(pc.binary_join(table.column("aliases").cast(pa.list_(pa.string())), _SEPARATOR), "")
               if "aliases" in table.column_names else _filled(table, "aliases"))
    fields = [_filled(table, "name"), _filled(table, "type"), aliases, _filled(table, "role"),
              _filled(table, "gender")]
    combined = pc.binary_join_element_wise(*fields, "\x1e")
    encoded = pc.dictionary_encode(combined).combine_chunks()
    combo_of_row = encoded.indices.to_numpy(zero_copy_only=False)
    combos = encoded.dictionary.to_pylist()
    first_rows = np.unique(combo_of_row, return_index=True)[1]  # rows are in input order: the first is first
    counts = np.bincount(combo_of_row, minlength=len(combos))
    mentions = (np.bincount(combo_of_row, weights=pc.fill_null(table.column("mentions"), 0).to_numpy(),
                            minlength=len(combos)) if "mentions" in table.column_names else np.zeros(len(combos)))
    local_ids = table.column("local_id").cast(pa.string())
    hashes = table.column("hash").cast(pa.string())
    # Only each combination's first row is read in Python: a tenth to a twentieth of the rows.
    firsts = pa.array(first_rows)
    runs = _filled(table, "run").take(firsts).to_pylist() if "run" in table.column_names else None
    seqs = table.column("seq").take(firsts).to_pylist() if "seq" in table.column_names else None
    first_ids = local_ids.take(firsts).to_pylist()
    first_hashes = hashes.take(firsts).to_pylist()
    unit_of_combo: list[str] = []
    by_bucket: list[dict[str, Unit]] = [{} for _ in range(buckets)]
    for combo, text in enumerate(combos):
        name, entity_type, joined, role, gender = text.split("\x1e")
        entity_type = entity_type or "other"
        key, resolving, spellings = unit_of(name, entity_type, tuple(joined.split(_SEPARATOR)) if joined else ())
        if key.endswith("|"):  # a name with no letters or digits: one of its own, as in the store
            key = f"{entity_type}|#{first_hashes[combo]}:{first_ids[combo]}"
        unit_of_combo.append(key)
        units = by_bucket[bucket_of(key, buckets)]
        unit = units.get(key)
        if unit is None:
            unit = units[key] = Unit(key, entity_type, key.split("|", 1)[1])
        times = int(counts[combo])
        unit.names[resolving] = unit.names.get(resolving, 0) + times
        for spelling in spellings:
            unit.spellings[spelling] = unit.spellings.get(spelling, 0) + times
        unit.articles += times
        unit.mentions += int(mentions[combo])
        if role:
            unit.roles[role] = unit.roles.get(role, 0) + times
        if gender:
            unit.genders[gender] = unit.genders.get(gender, 0) + times
        position = (runs[combo] if runs else "", int(seqs[combo] or 0) if seqs else int(first_rows[combo]),
                    _ordinal(str(first_ids[combo])))
        unit.first = min(unit.first, position)
    assigned = pa.table({"hash": hashes, "local_id": local_ids,
                         "unit": pa.array(unit_of_combo, pa.string()).take(pa.array(combo_of_row))})
    return assigned, by_bucket


def _ordinal(local_id: str) -> int:
    """The entity's place in its article ("E12" is 12): rows of an article may lie in two chunks."""
    if local_id[1:].isdigit():  # "E12", as the engine numbers them
        return int(local_id[1:])
    digits = "".join(c for c in local_id if c.isdigit())
    return int(digits) if digits else 0


def merge_units(parts: Sequence[Mapping[str, Unit]]) -> dict[str, Unit]:
    """One bucket's units from every chunk (and the lake's existing ones), merged by key."""
    merged: dict[str, Unit] = {}
    for part in parts:
        for key, unit in part.items():
            if key in merged:
                merged[key].absorb(unit)
            else:
                merged[key] = Unit(unit.unit, unit.type, unit.key, dict(unit.names), dict(unit.spellings),
                                   unit.articles, unit.mentions, dict(unit.roles), dict(unit.genders),
                                   unit.first, unit.fresh)
    return merged


class UnitView(NamedTuple):
    """What a block needs of a unit: its key, type, name, spellings and weight (a tuple: the block
    entries cross between workers by the million, and a tuple pickles cheapest)."""

    unit: str
    type: str
    key: str
    name: str
    spellings: tuple[str, ...]
    articles: int
    fresh: bool


def view_of(unit: Unit) -> UnitView:
    return UnitView(unit.unit, unit.type, unit.key, unit.name, tuple(sorted(unit.spellings)), unit.articles,
                    unit.fresh)


def blocks_of(view: UnitView) -> list[tuple[str, str]]:
    """(blocking key, the unit's role in that block) for every block the unit belongs to (see above)."""
    found: list[tuple[str, str]] = [(f"x|{view.type}|{view.key}", "own")]
    if view.key.startswith("#"):
        return []
    for other_type in ENTITY_TYPES:
        # Only the types it may be one referent with on its name (the block's own test): the others'
        # blocks would only carry it across the shuffle to link nothing.
        if other_type != view.type and may_share_identity(view.name, view.type, other_type):
            probe = entity_key(view.name, other_type)
            if probe and not is_generic(probe):
                found.append((f"x|{other_type}|{probe}", "probe"))
    if view.type == "person":
        for spelling in view.spellings:
            person = PersonName.parse(spelling)
            if person.last:
                found.append((f"s|{person.key}", "person"))
            if person.first and len(person.key) >= 4:
                found.append((f"f|{person.first}|{person.last[0]}", "person"))
        return list(dict.fromkeys(found))
    if not is_generic(view.key):
        found.append((f"a|{view.key}", "key"))
        for spelling in view.spellings:
            alias = alias_of(spelling, view.type, view.name, view.key)
            if alias.kind in JOINING and alias.folded and alias.folded != view.key:
                found.append((f"a|{alias.folded}", alias.kind))
    return list(dict.fromkeys(found))


def block_entries(units: Iterable[Unit], buckets: int) -> list[list[tuple[str, str, UnitView]]]:
    """Every unit's (block key, role, view), by the bucket of the block key: the shuffle by key."""
    by_bucket: list[list[tuple[str, str, UnitView]]] = [[] for _ in range(buckets)]
    for unit in units:
        view = view_of(unit)
        for block, role in blocks_of(view):
            by_bucket[bucket_of(block, buckets)].append((block, role, view))
    return by_bucket
