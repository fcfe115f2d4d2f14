"""The lake's tables: their Parquet schemas, partitioning and version (docs/lake.md).

A lake is a folder:

    _lake.json                                  {"format": "newsgraph-lake", "version": LAKE_SCHEMA_VERSION, ...}
    TABLE/month=YYYY-MM/outlet=OUTLET/part-RUN-NNNNNN.parquet   the partitioned tables
    errors/part-RUN-NNNNNN.parquet              inputs the engine rejected (no month, no outlet)
    _commits/RUN-NNNNNN.json                    a partition's files, written last: its commit

The partition columns `month` (the publication month, or "unknown") and `outlet` (the source,
else the URL's host, folded to a safe path component, or "unknown") live in the folder names
only, as Hive partitioning has them: readers (DuckDB `hive_partitioning`, Spark, pyarrow.dataset
with partitioning="hive") add them as columns. Every row carries the article's content hash
(`hash`, the key shared with the SQLite store) and its record id (`article_id`), and every span
its exact character offsets into the article's text (end exclusive, as in the record).

The identity tables `identities` and `entity_identity` are written by the distributed identity
resolution (newsgraph.lake.identity); their schemas are theirs, and the names are fixed here so
that readers find them.
"""

from __future__ import annotations

import pyarrow as pa

LAKE_SCHEMA_VERSION = "1"
LAKE_FORMAT = "newsgraph-lake"
MANIFEST = "_lake.json"
COMMITS = "_commits"
METADATA_KEY = b"newsgraph_lake_schema"
PARTITION_COLUMNS = ("month", "outlet")
UNKNOWN = "unknown"

ARTICLES = "articles"
QUOTATIONS = "quotations"
ATTRIBUTIONS = "attributions"
ENTITIES = "entities"
MENTIONS = "mentions"
EVENTS = "events"
PARTICIPANTS = "participants"
EVENT_GROUPS = "event_groups"
ERRORS = "errors"
# Written by the identity resolution, not by `ingest --lake`.
IDENTITIES = "identities"
ENTITY_IDENTITY = "entity_identity"
IDENTITY_DIR = "_identity"  # the resolution's own: its units, its lock and its commit (identity_lake.py)

_META = {METADATA_KEY: LAKE_SCHEMA_VERSION.encode()}
_SPAN_TEXT = pa.string()
_SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", _SPAN_TEXT)])
# Every partitioned table starts with these: which article, in which ingest and at which place in its input.
_ARTICLE_KEY = [("hash", pa.string()), ("article_id", pa.string())]


def _schema(fields: list[tuple[str, pa.DataType]]) -> pa.Schema:
    return pa.schema(fields, metadata=_META)


SCHEMAS: dict[str, pa.Schema] = {
    ARTICLES: _schema([
        ("run", pa.string()), ("seq", pa.int64()), *_ARTICLE_KEY, ("origin", pa.string()),
        ("headline", pa.string()), ("byline", pa.string()), ("published", pa.string()), ("source", pa.string()),
        ("url", pa.string()), ("language", pa.string()), ("characters", pa.int64()), ("entities", pa.int32()),
        ("quotations", pa.int32()), ("events", pa.int32()), ("record", pa.string()),
    ]),
    # One row per quotation, its speaker named as in the article (local entity id and name).
    QUOTATIONS: _schema([
        *_ARTICLE_KEY, ("published", pa.string()), ("quote_id", pa.string()), ("kind", pa.string()),
        ("content", pa.string()), ("speaker_local_id", pa.string()), ("speaker", pa.string()),
        ("speaker_type", pa.string()), ("cue", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("date", pa.string()), ("said_on", pa.string()), ("confidence", pa.float64()), ("in_headline", pa.bool_()),
        ("event_id", pa.string()),
    ]),
    # Every attribution, quotation or not (beliefs, stances: the record's `attributions`), with its spans.
    ATTRIBUTIONS: _schema([
        *_ARTICLE_KEY, ("attribution_id", pa.string()), ("is_quotation", pa.bool_()), ("kind", pa.string()),
        ("cue_class", pa.string()), ("rule", pa.string()), ("speaker_local_id", pa.string()),
        ("content", pa.list_(_SPAN)), ("cue", _SPAN), ("source", _SPAN), ("venue_local_id", pa.string()),
        ("medium", pa.string()), ("inherited_from", pa.string()),
    ]),
    # One row per entity of an article: a superset of store/shards.py's ENTITIES.
    ENTITIES: _schema([
        ("run", pa.string()), ("seq", pa.int64()), *_ARTICLE_KEY, ("published", pa.string()),
        ("source", pa.string()), ("local_id", pa.string()), ("name", pa.string()), ("type", pa.string()),
        ("role", pa.string()), ("roles", pa.list_(pa.string())), ("gender", pa.string()),
        ("aliases", pa.list_(pa.string())), ("mentions", pa.int32()),
    ]),
    MENTIONS: _schema([
        *_ARTICLE_KEY, ("local_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("kind", pa.string()), ("label", pa.string()),
    ]),
    EVENTS: _schema([
        *_ARTICLE_KEY, ("event_id", pa.string()), ("type", pa.string()), ("mode", pa.string()),
        ("status", pa.string()), ("trigger", _SPAN), ("sentence", _SPAN), ("place", pa.string()),
        ("date", pa.string()), ("date_precision", pa.string()), ("confidence", pa.float64()),
        ("references", pa.list_(_SPAN)),
    ]),
    PARTICIPANTS: _schema([
        *_ARTICLE_KEY, ("event_id", pa.string()), ("local_id", pa.string()), ("role", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
    ]),
    EVENT_GROUPS: _schema([
        *_ARTICLE_KEY, ("event_id", pa.string()), ("description", pa.string()), ("role", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
    ]),
    ERRORS: _schema([
        ("run", pa.string()), ("seq", pa.int64()), ("origin", pa.string()), ("reason", pa.string()),
        ("message", pa.string()),
    ]),
}
# Tables written per (month, outlet) partition; `errors` is one file per ingest partition.
PARTITIONED = (ARTICLES, QUOTATIONS, ATTRIBUTIONS, ENTITIES, MENTIONS, EVENTS, PARTICIPANTS, EVENT_GROUPS)
# `articles` is written last within a partition: an article whose row is there has every other row.
WRITE_ORDER = (*[t for t in PARTITIONED if t != ARTICLES], ERRORS, ARTICLES)
