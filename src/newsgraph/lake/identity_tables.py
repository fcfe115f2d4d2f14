"""The identity tables of a lake: their schemas, and how each is written and read back.

    LAKE/entity_identity/part-GGGGGG-CCCCC.parquet  hash, local_id, unit, identity_id (one per chunk)
    LAKE/identities/part-GGGGGG-BBB.parquet         the identities (one per identity bucket)
    LAKE/_identity/units-GGGGGG-BBB.parquet         the units and their identities (one per unit bucket)

The workers write them, each its own files (a file per chunk, unit bucket or identity bucket): no
table passes through one process. Every file is written whole or not at all (a temporary name,
then a rename: newsgraph.atomic_files); which files are current is said by `_identity/state.json` (identity_lake.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .identity_summary import Identity
from .identity_units import Unit, bucket_of
from .schema import IDENTITIES, IDENTITY_DIR

IDENTITY_SCHEMA_VERSION = "1"
_META = {b"newsgraph_identity_schema": IDENTITY_SCHEMA_VERSION.encode()}
ENTITY_IDENTITY_SCHEMA = pa.schema([("hash", pa.string()), ("local_id", pa.string()), ("unit", pa.string()),
                                    ("identity_id", pa.string())], metadata=_META)
IDENTITIES_SCHEMA = pa.schema([
    ("identity_id", pa.string()), ("name", pa.string()), ("type", pa.string()), ("aliases", pa.list_(pa.string())),
    ("role", pa.string()), ("gender", pa.string()), ("articles", pa.int64()), ("mentions", pa.int64()),
    ("units", pa.list_(pa.string())),
], metadata=_META)
UNITS_SCHEMA = pa.schema([
    ("unit", pa.string()), ("type", pa.string()), ("key", pa.string()), ("identity_id", pa.string()),
    ("names", pa.string()), ("spellings", pa.string()), ("roles", pa.string()), ("genders", pa.string()),
    ("articles", pa.int64()), ("mentions", pa.int64()), ("first_run", pa.string()), ("first_seq", pa.int64()),
    ("first_entity", pa.int64()),
], metadata=_META)
_BUCKET_OF_FILE = re.compile(r"-(\d{3})\.parquet$")


def with_identities(assigned: pa.Table, identity_of: Mapping[str, str]) -> pa.Table:
    """Article entities (hash, local_id, unit) with their units' identities, as `entity_identity`
    stores them; each distinct unit looked up once."""
    units = assigned.column("unit").combine_chunks().dictionary_encode()
    identities = pa.array([identity_of[unit] for unit in units.dictionary.to_pylist()], pa.string())
    table = assigned.select(["hash", "local_id", "unit"]).append_column("identity_id", identities.take(units.indices))
    return table.cast(ENTITY_IDENTITY_SCHEMA)


def identities_table(identities: Iterable[Identity]) -> pa.Table:
    rows = sorted(identities, key=lambda identity: identity.identity_id)
    return pa.Table.from_pylist([{
        "identity_id": i.identity_id, "name": i.name, "type": i.type, "aliases": i.aliases, "role": i.role,
        "gender": i.gender, "articles": i.articles, "mentions": i.mentions, "units": i.units,
    } for i in rows], schema=IDENTITIES_SCHEMA)


def units_table(units: Mapping[str, Unit], identity_of: Mapping[str, str]) -> pa.Table:
    return pa.Table.from_pylist([{
        "unit": key, "type": unit.type, "key": unit.key, "identity_id": identity_of[key],
        "names": json.dumps(unit.names), "spellings": json.dumps(unit.spellings), "roles": json.dumps(unit.roles),
        "genders": json.dumps(unit.genders), "articles": unit.articles, "mentions": unit.mentions,
        "first_run": unit.first[0], "first_seq": unit.first[1], "first_entity": unit.first[2],
    } for key, unit in sorted(units.items())], schema=UNITS_SCHEMA)


def units_file(generation: int, bucket: int) -> str:
    return f"{IDENTITY_DIR}/units-{generation:06d}-{bucket:03d}.parquet"


def identities_file(generation: int, bucket: int) -> str:
    return f"{IDENTITIES}/part-{generation:06d}-{bucket:03d}.parquet"


def read_units(files: Sequence[str], bucket: int, buckets: int, files_buckets: int | None
               ) -> tuple[dict[str, Unit], dict[str, str]]:
    """(units, unit -> identity) of unit bucket `bucket` from the lake's units files. Files written
    with the same number of buckets are one per bucket: only this bucket's is read; others (another
    number of buckets, or one file from an older lake) are read whole and filtered."""
    own = files_buckets == buckets
    wanted = [f for f in files if (match := _BUCKET_OF_FILE.search(f)) and int(match.group(1)) == bucket] \
        if own else list(files)
    units: dict[str, Unit] = {}
    identity_of: dict[str, str] = {}
    for path in wanted:
        for row in pq.read_table(path).to_pylist():
            if not own and bucket_of(row["unit"], buckets) != bucket:
                continue
            units[row["unit"]] = _unit_of_row(row)
            identity_of[row["unit"]] = row["identity_id"]
    return units, identity_of


def _unit_of_row(row: Mapping[str, Any]) -> Unit:
    return Unit(row["unit"], row["type"], row["key"], json.loads(row["names"]), json.loads(row["spellings"]),
                row["articles"], row["mentions"], json.loads(row["roles"]), json.loads(row["genders"]),
                (row["first_run"], row["first_seq"], row["first_entity"]), fresh=False)
