"""Parquet shards of analysed articles, and the merge step that writes them into the store.

A distributed ingest (newsgraph.scale) analyses partitions of the input on many machines; each
partition becomes one shard: four Parquet files, one per table, under the shard folder

    articles/part-RUN-NNNNNN.parquet   one row per article: its place in the input, hash, record JSON
    quotes/part-RUN-NNNNNN.parquet     one row per quotation, speaker resolved to a name
    entities/part-RUN-NNNNNN.parquet   one row per article entity
    errors/part-RUN-NNNNNN.parquet     one row per input the engine rejected

so that DuckDB or Spark can read the folder on its own (`SELECT * FROM 'shards/quotes/*.parquet'`).
Schema: docs/scale.md.

The merge step reads the article shards in input order (`seq`) and writes every record with the
store's own writer, so cross-article identity is resolved exactly as a single-process ingest
resolves it: one article after the other, in the same order, by the same code.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..atomic_files import write_parquet_atomically
from ..errors import InputError
from ..record import ArticleRecord, Entity, Quote, record_from_dict
from .writer import record_error, write_article

SHARD_SCHEMA_VERSION = "1"
TABLES = ("articles", "quotes", "entities", "errors")

ARTICLES = pa.schema([
    ("seq", pa.int64()), ("hash", pa.string()), ("origin", pa.string()), ("id", pa.string()),
    ("headline", pa.string()), ("byline", pa.string()), ("published", pa.string()), ("source", pa.string()),
    ("url", pa.string()), ("language", pa.string()), ("characters", pa.int64()), ("entities", pa.int32()),
    ("quotes", pa.int32()), ("record", pa.string()),
], metadata={"newsgraph_shard_schema": SHARD_SCHEMA_VERSION})
QUOTES = pa.schema([
    ("seq", pa.int64()), ("hash", pa.string()), ("quote_id", pa.string()), ("kind", pa.string()),
    ("content", pa.string()), ("speaker", pa.string()), ("speaker_type", pa.string()), ("cue", pa.string()),
    ("start", pa.int64()), ("end", pa.int64()), ("date", pa.string()), ("confidence", pa.float64()),
    ("in_headline", pa.bool_()),
], metadata={"newsgraph_shard_schema": SHARD_SCHEMA_VERSION})
ENTITIES = pa.schema([
    ("seq", pa.int64()), ("hash", pa.string()), ("local_id", pa.string()), ("name", pa.string()),
    ("type", pa.string()), ("role", pa.string()), ("gender", pa.string()), ("aliases", pa.list_(pa.string())),
    ("mentions", pa.int32()),
], metadata={"newsgraph_shard_schema": SHARD_SCHEMA_VERSION})
ERRORS = pa.schema([
    ("seq", pa.int64()), ("origin", pa.string()), ("reason", pa.string()), ("message", pa.string()),
], metadata={"newsgraph_shard_schema": SHARD_SCHEMA_VERSION})
SCHEMAS = {"articles": ARTICLES, "quotes": QUOTES, "entities": ENTITIES, "errors": ERRORS}


@dataclass(slots=True, frozen=True)
class Analysed:
    """One input's outcome with its place in the input: a record (and its hash) or the error."""

    seq: int
    digest: str
    origin: str | None
    result: ArticleRecord | InputError


@dataclass(slots=True)
class MergeCounts:
    stored: int = 0
    already_stored: int = 0
    rejected: list[InputError] = field(default_factory=list)


def shard_name(run: str, index: int) -> str:
    return f"part-{run}-{index:06d}.parquet"


def write_shard(folder: str | os.PathLike[str], name: str, items: Sequence[Analysed]) -> dict[str, int]:
    """Write one partition's four tables; each file appears whole or not at all (written, then renamed)."""
    rows: dict[str, list[dict[str, object]]] = {table: [] for table in TABLES}
    for item in items:
        if isinstance(item.result, InputError):
            rows["errors"].append({"seq": item.seq, "origin": item.result.origin or item.origin,
                                   "reason": item.result.reason, "message": item.result.message})
            continue
        record = item.result
        rows["articles"].append(article_row(item, record))
        rows["entities"] += [entity_row(item, entity) for entity in record.entities]
        rows["quotes"] += [quote_row(item, record, quote) for quote in record.quotes]
    root = Path(folder)
    for table in TABLES:
        write_parquet(rows[table], SCHEMAS[table], root / table / name)
    return {table: len(found) for table, found in rows.items()}


def write_parquet(rows: Sequence[dict[str, object]], schema: pa.Schema, path: Path) -> None:
    """Write `rows` to `path` whole or not at all: to a hidden temporary name, then renamed (atomic on
    one file system), so that a worker lost mid-write leaves no file a reader takes for complete."""
    write_parquet_atomically(pa.Table.from_pylist(list(rows), schema=schema), path)


def article_row(item: Analysed, record: ArticleRecord) -> dict[str, object]:
    return {"seq": item.seq, "hash": item.digest, "origin": item.origin, "id": record.id,
            "headline": record.headline, "byline": record.byline, "published": record.published,
            "source": record.source, "url": record.url, "language": record.language,
            "characters": len(record.text), "entities": len(record.entities), "quotes": len(record.quotes),
            "record": record.to_json()}


def entity_row(item: Analysed, entity: Entity) -> dict[str, object]:
    return {"seq": item.seq, "hash": item.digest, "local_id": entity.id, "name": entity.name, "type": entity.type,
            "role": entity.role, "gender": entity.gender, "aliases": list(entity.aliases),
            "mentions": len(entity.mentions)}


def quote_row(item: Analysed, record: ArticleRecord, quote: Quote) -> dict[str, object]:
    speaker = record.entity(quote.speaker)
    return {"seq": item.seq, "hash": item.digest, "quote_id": quote.id, "kind": quote.kind,
            "content": " … ".join(s.text for s in quote.content), "speaker": speaker.name if speaker else None,
            "speaker_type": speaker.type if speaker else None, "cue": quote.cue.text if quote.cue else None,
            "start": quote.start, "end": quote.end, "date": quote.date, "confidence": quote.confidence,
            "in_headline": quote.in_headline}


def read_shard(folder: str | os.PathLike[str], name: str) -> Iterator[Analysed]:
    """A shard's articles and errors again, in input order."""
    root = Path(folder)
    found: list[Analysed] = []
    for row in _rows(root / "errors" / name, ("seq", "origin", "reason", "message")):
        found.append(Analysed(row["seq"], "", row["origin"], InputError(row["reason"], row["message"], row["origin"])))
    for row in _rows(root / "articles" / name, ("seq", "hash", "origin", "record")):
        found.append(Analysed(row["seq"], row["hash"], row["origin"], record_from_dict(json.loads(row["record"]))))
    found.sort(key=lambda item: item.seq)
    yield from found


def _rows(path: Path, columns: Sequence[str]) -> Iterator[dict[str, object]]:
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=256, columns=list(columns)):
        yield from batch.to_pylist()


def shard_names(folder: str | os.PathLike[str], run: str | None = None) -> list[str]:
    """The complete shards in a folder (optionally of one run), in input order."""
    directory = Path(folder) / "articles"
    if not directory.is_dir():
        return []
    prefix = f"part-{run}-" if run else "part-"
    names = [p.name for p in directory.glob(f"{prefix}*.parquet")
             if all((Path(folder) / table / p.name).exists() for table in TABLES)]
    return sorted(names)


def merge_shard(conn: sqlite3.Connection, folder: str | os.PathLike[str], name: str,
                counts: MergeCounts | None = None) -> MergeCounts:
    """Write one shard's articles (one transaction each) and errors into the store, in input order."""
    counts = counts if counts is not None else MergeCounts()
    for item in read_shard(folder, name):
        if isinstance(item.result, InputError):
            record_error(conn, item.result.origin or "?", item.result.reason, item.result.message)
            counts.rejected.append(item.result)
        elif write_article(conn, item.result, item.digest, item.origin) is None:
            counts.already_stored += 1
        else:
            counts.stored += 1
    return counts


def merge_shards(folder: str | os.PathLike[str], conn: sqlite3.Connection, run: str | None = None) -> MergeCounts:
    """Merge every complete shard in `folder` (of one run, when given) into the store, in input order.

    Shards already merged are harmless: their articles are skipped by hash.
    """
    counts = MergeCounts()
    for name in shard_names(folder, run):
        merge_shard(conn, folder, name, counts)
    return counts
