"""Reading back what the lake's tests wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.lake import reader
from newsgraph.record import ArticleRecord, record_from_dict


def records(lake: Path) -> dict[str, ArticleRecord]:
    table = reader.read_table(lake, "articles", ["hash", "record"])
    return {row["hash"]: record_from_dict(json.loads(row["record"])) for row in table.to_pylist()}


def write_identities(lake: Path, identity_of: dict[tuple[str, str], str], names: dict[str, tuple[str, str]]) -> None:
    """Identity tables as the identity resolution writes them (newsgraph.lake.identity_*), from a given grouping,
    in place of those the ingest's resolution wrote (without its commit, every file of the folders is read)."""
    for folder in ("entity_identity", "identities", "_identity"):
        shutil.rmtree(lake / folder, ignore_errors=True)
    (lake / "entity_identity").mkdir()
    (lake / "identities").mkdir()
    pq.write_table(pa.table({"hash": [h for h, _ in identity_of], "local_id": [local for _, local in identity_of],
                             "identity_id": list(identity_of.values())}), lake / "entity_identity" / "part-0.parquet")
    pq.write_table(pa.table({"identity_id": list(names), "name": [n for n, _ in names.values()],
                             "type": [t for _, t in names.values()], "aliases": [[] for _ in names],
                             "role": [None] * len(names), "gender": [None] * len(names)}),
                   lake / "identities" / "part-0.parquet")


def identities_by_name(lake: Path) -> dict[tuple[str, str], str]:
    """Identity tables grouping a lake's article entities by the exact name and type an article gives
    (unlike the store, which joins "Trump" to "Donald Trump"); returns (hash, local_id) -> identity id."""
    entities = reader.article_entities(lake, columns=["hash", "local_id", "name", "type"]).to_pylist()
    identity_of = {(row["hash"], row["local_id"]): f"id-{row['type']}-{row['name']}" for row in entities}
    write_identities(lake, identity_of, {f"id-{row['type']}-{row['name']}": (row["name"], row["type"])
                                         for row in entities})
    return identity_of
