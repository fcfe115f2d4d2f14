"""Identity corrections by hand (merge, split, rename), replayed on the lake's identities.

The same corrections as the store's (store/corrections.py, `newsgraph entity merge|split|rename`),
read from a store (its `corrections` table, in the order they were made) or from a JSON file (a list
of `{"action", "target", "argument", "type"}`, recorded as the store records them: merge (kept name,
merged name), split (entity name, alias), rename (new name, old name)). They are replayed, in order,
after every resolution, so they come last and later articles follow them: an entity split off stays
apart whatever the rules link later, as in the store.

An identity is found by its id, else by its name's key, else by the key of one of its units, else
by a spelling, among the type recorded (any type when none): only a single match is acted on, as in
the store's replay.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..names import fold
from ..store.entities import entity_key
from ..store.identity import ENTITY_TYPES
from .identity_units import Unit


@dataclass(frozen=True, slots=True)
class Correction:
    action: str  # merge, split, rename
    target: str
    argument: str
    type: str | None = None


def load(source: str | Path) -> list[Correction]:
    """The corrections recorded in a store, or listed in a JSON file."""
    path = Path(source)
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise InputError("unreadable", f"cannot read corrections from {path}: {error.strerror}", str(path)) from None
    if header.startswith(b"SQLite format 3"):
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT action, target, argument, type FROM corrections ORDER BY id").fetchall()
        conn.close()
        return [Correction(*map(_text, row[:3]), row[3]) for row in rows]
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))
        return [Correction(str(c["action"]), str(c["target"]), str(c["argument"]), c.get("type")) for c in listed
                if c["action"] in {"merge", "split", "rename"}]
    except (ValueError, TypeError, KeyError) as error:
        raise InputError("bad_corrections", f"{path}: not a list of corrections ({error})", str(path)) from None


def _text(value: object) -> str:
    return str(value)


@dataclass(slots=True)
class Replayed:
    identity_of: dict[str, str]  # unit key -> identity id, corrections applied
    names: dict[str, str]  # identity id -> name given by a rename
    changed: int


def replay(corrections: list[Correction], units: Mapping[str, Unit], identity_of: Mapping[str, str],
           names: Mapping[str, str]) -> Replayed:
    """Apply `corrections` in order to `identity_of` (unit -> identity; `names`: identity -> name)."""
    from .identity_job import identity_id_of

    current = dict(identity_of)
    renamed: dict[str, str] = {}
    changed = 0

    def members(identity: str) -> list[str]:
        return [key for key, found in current.items() if found == identity]

    def find(name: str, entity_type: str | None) -> list[str]:
        if name in names or name in renamed:
            return [name]
        types = [entity_type] if entity_type else list(ENTITY_TYPES)
        by_name = {identity for identity, known in {**names, **renamed}.items()
                   if any(entity_key(known, t) == entity_key(name, t) for t in types)
                   and (entity_type is None or any(units[k].type == entity_type for k in members(identity)))}
        if by_name:
            return sorted(by_name)
        by_unit = {current[f"{t}|{entity_key(name, t)}"] for t in types if f"{t}|{entity_key(name, t)}" in current}
        if by_unit:
            return sorted(by_unit)
        folded = fold(name)
        return sorted({current[key] for key, unit in units.items() if key in current
                       and (entity_type is None or unit.type == entity_type)
                       and any(fold(s) == folded for s in unit.spellings)})

    for correction in corrections:
        target = find(correction.target, correction.type)
        if correction.action == "merge":
            if len(target) != 1:
                continue
            for other in find(correction.argument, correction.type):
                if other != target[0]:
                    for key in members(other):
                        current[key] = target[0]
                    changed += 1
        elif correction.action == "split":
            if len(target) != 1:
                continue
            inside = members(target[0])
            moving = [key for key in inside if units[key].key == entity_key(correction.argument, units[key].type)]
            if moving and len(moving) < len(inside):
                # The part split off takes an id of its own; the rest keeps the identity's.
                split_id = identity_id_of("split|" + min(moving, key=lambda key: (units[key].first, key)))
                for key in moving:
                    current[key] = split_id
                changed += 1
        else:
            old = find(correction.argument, correction.type)
            if len(old) == 1 and renamed.get(old[0], names.get(old[0])) != correction.target:
                renamed[old[0]] = correction.target
                changed += 1
    return Replayed(current, renamed, changed)
