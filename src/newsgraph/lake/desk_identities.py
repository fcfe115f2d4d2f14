"""A lake's cross-article identities, kept when its articles are copied into a desk store.

The identity resolution (newsgraph.lake.identity_*) writes `entity_identity` (hash, local_id ->
identity_id) and `identities` (identity_id, name, type, aliases, role, gender). Its commit,
`_identity/state.json`, names the current files; without one, every Parquet file of the two
folders is read. An article entity the lake has not resolved yet (articles added after the last
resolution) is resolved by the store's own rules instead.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import pyarrow.compute as pc
import pyarrow.dataset as ds

from ..record import Entity
from ..store.entities import add_aliases, create_entity, entity_key
from ..store.identity import entity_for
from .identity_lake import load_state, state_path
from .schema import ENTITY_IDENTITY, IDENTITIES

if TYPE_CHECKING:
    from ..store.writer import EntityChooser


class IdentityRow(TypedDict, total=False):
    """What a desk reads of an `identities` row (identity_tables.IDENTITIES_SCHEMA); empty for an
    identity the lake no longer has, so that the article's own entity fills every field."""

    identity_id: str
    name: str | None
    type: str | None
    aliases: list[str] | None
    role: str | None
    gender: str | None


def identity_files(lake: str | os.PathLike[str]) -> tuple[list[Path], list[Path]]:
    """The committed files of `entity_identity` and of `identities` (both empty when the lake has none)."""
    root = Path(lake)
    if state_path(root).is_file():
        state = load_state(root)
        return [root / f for f in state["entity_identity"]], [root / f for f in state["identities"]]
    return (sorted((root / ENTITY_IDENTITY).rglob("*.parquet")), sorted((root / IDENTITIES).rglob("*.parquet")))


class LakeIdentities:
    """Chooses, for each article entity the lake resolved, the desk entity of its identity: one desk
    entity per identity, made on first sight with the identity's name, type and spellings."""

    def __init__(self, of_entity: dict[tuple[str, str], str], identities: dict[str, IdentityRow]) -> None:
        self.of_entity = of_entity
        self.identities = identities
        self.desk_entity: dict[str, int] = {}

    @classmethod
    def load(cls, lake: str | os.PathLike[str], hashes: Collection[str] | None = None) -> LakeIdentities | None:
        """The lake's identities (of the articles `hashes` only, when given), or None when it has none."""
        links, identities = identity_files(lake)
        if not links or not identities:
            return None
        wanted = None if hashes is None else pc.field("hash").isin(list(hashes))
        rows = ds.dataset(links, format="parquet").to_table(columns=["hash", "local_id", "identity_id"], filter=wanted)
        of_entity = {(h, local): identity for h, local, identity in zip(*(rows.column(c).to_pylist()
                     for c in ("hash", "local_id", "identity_id")), strict=True)}
        used = sorted(set(of_entity.values()))
        table = ds.dataset(identities, format="parquet").to_table(
            columns=["identity_id", "name", "type", "aliases", "role", "gender"],
            filter=pc.field("identity_id").isin(used))
        return cls(of_entity, {row["identity_id"]: row for row in table.to_pylist()})

    def names(self, identity_id: str) -> list[str]:
        identity: IdentityRow = self.identities.get(identity_id) or {}
        return [identity.get("name") or "", *(identity.get("aliases") or [])]

    def for_article(self, digest: str) -> EntityChooser:
        """The entity chooser (store.writer.EntityChooser) for the article with content hash `digest`."""
        def choose(conn: sqlite3.Connection, entity: Entity, article_id: int) -> int:
            identity_id = self.of_entity.get((digest, entity.id))
            if identity_id is None:
                return entity_for(conn, entity.name, entity.type, entity.aliases, entity.role, entity.gender,
                                  article_id=article_id)
            return self._desk_entity(conn, identity_id, entity)
        return choose

    def _desk_entity(self, conn: sqlite3.Connection, identity_id: str, entity: Entity) -> int:
        desk_id = self.desk_entity.get(identity_id)
        if desk_id is not None and conn.execute("SELECT 1 FROM entities WHERE id = ?", (desk_id,)).fetchone() is None:
            desk_id = None  # a correction replayed meanwhile merged it away
        identity: IdentityRow = self.identities.get(identity_id) or {}
        name = identity.get("name") or entity.name
        kind = identity.get("type") or entity.type
        if desk_id is None:
            desk_id = self._earlier_entity(conn, name, kind) or create_entity(
                conn, name, kind, identity.get("role") or entity.role, identity.get("gender") or entity.gender)
            add_aliases(conn, desk_id, kind, [name, *(identity.get("aliases") or [])], name)
            self.desk_entity[identity_id] = desk_id
        add_aliases(conn, desk_id, kind, [entity.name, *entity.aliases], name)
        if entity.role or entity.gender:
            conn.execute("UPDATE entities SET role = coalesce(?, role), gender = coalesce(gender, ?) WHERE id = ?",
                         (entity.role, entity.gender, desk_id))
        return desk_id

    def _earlier_entity(self, conn: sqlite3.Connection, name: str, kind: str) -> int | None:
        """A desk entity an earlier copy made for this identity: the one of its name and type that no
        other identity of this copy has taken."""
        taken = set(self.desk_entity.values())
        found = [int(row[0]) for row in conn.execute("SELECT id FROM entities WHERE folded = ? AND type = ?",
                                                     (entity_key(name, kind), kind)) if int(row[0]) not in taken]
        return found[0] if len(found) == 1 else None
