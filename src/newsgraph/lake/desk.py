"""`newsgraph ingest LAKE --db desk.db`: a SQLite store of a lake's articles, without analysing again.

A desk takes a subset: `--since`/`--until` (publication dates) and `--outlet` prune the lake's
partitions by folder name before any file is opened, then select rows; `--entity NAME` keeps the
articles that name an entity so called (its name or a spelling; with identities, any spelling
of its identity). Each article's record JSON becomes an ArticleRecord again and goes through the
store's writer, in the lake's input order (run, then seq): the articles and quotations are the
ones a direct `ingest --db` of the same inputs stores. When the lake holds identities, the desk's
entities follow them (desk_identities.py); else the store resolves identities as it always does.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial

import pyarrow.compute as pc
import pyarrow.dataset as ds

from ..errors import InputError
from ..names import fold
from ..record import record_from_dict
from ..store import corrections
from ..store.ingestion import IngestSummary, Progress, guarded
from ..store.schema import connect
from ..store.writer import record_error, stored_hashes, write_article
from .desk_identities import LakeIdentities
from .reader import commits, dataset, manifest
from .rows import outlet_of
from .schema import ARTICLES, ENTITIES, ERRORS, SCHEMAS, UNKNOWN


@dataclass(slots=True, frozen=True)
class Subset:
    """Which of a lake's articles a desk takes (all, by default)."""

    since: str | None = None  # YYYY-MM-DD, publication date on or after
    until: str | None = None  # on or before
    outlets: tuple[str, ...] = ()  # as given; folded as the lake's partitions are
    entity: str | None = None

    @property
    def everything(self) -> bool:
        return not (self.since or self.until or self.outlets or self.entity)

    def month_wanted(self, month: str) -> bool:
        if not (self.since or self.until):
            return True
        if month == UNKNOWN:
            return False  # no publication date: outside any date range
        return (not self.since or month >= self.since[:7]) and (not self.until or month <= self.until[:7])

    def outlet_wanted(self, outlet: str) -> bool:
        return not self.outlets or outlet in {outlet_of(name, None) for name in self.outlets}

    def published_wanted(self, published: str | None) -> bool:
        if not (self.since or self.until):
            return True
        day = (published or "")[:10]
        return bool(day) and (not self.since or day >= self.since) and (not self.until or day <= self.until)


def lake_to_store(lake: str | os.PathLike[str], db: str | os.PathLike[str], subset: Subset = Subset(),
                  progress: Progress | None = None) -> IngestSummary:
    """Copy the lake's articles (those of `subset`) into the store `db` (created when missing)."""
    started = time.perf_counter()
    manifest(lake)
    conn = connect(db)
    summary = IngestSummary()
    try:
        wanted = _hashes_naming(lake, subset) if subset.entity else None
        identities = LakeIdentities.load(lake, wanted)
        known = stored_hashes(conn)
        for row in _articles(lake, subset, wanted):
            summary.to_analyse += 1
            if row["hash"] in known:
                summary.already_stored += 1
                continue
            record = record_from_dict(json.loads(row["record"]))
            chooser = identities.for_article(row["hash"]) if identities else None
            if guarded(db, partial(write_article, conn, record, row["hash"], row["origin"], chooser)) is None:
                summary.already_stored += 1
            else:
                known.add(row["hash"])
                summary.stored += 1
            if progress:
                progress(summary.stored + summary.already_stored, summary.to_analyse)
        if subset.everything:
            for error in _errors(lake):
                summary.rejected.append(error)
                guarded(db, lambda e=error: record_error(conn, e.origin or "?", e.reason, e.message))
        summary.corrections_replayed = guarded(db, lambda: corrections.replay(conn))
    finally:
        conn.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _partition_files(lake: str | os.PathLike[str], subset: Subset, files: Sequence[str]) -> list[str]:
    chosen = []
    for path in files:
        parts = dict(part.split("=", 1) for part in path.split("/") if "=" in part)
        if subset.month_wanted(parts.get("month", UNKNOWN)) and subset.outlet_wanted(parts.get("outlet", UNKNOWN)):
            chosen.append(os.path.join(lake, path))
    return chosen


def _articles(lake: str | os.PathLike[str], subset: Subset, hashes: set[str] | None) -> Iterator[dict[str, object]]:
    """The subset's article rows in the lake's input order: commit by commit (run, partition), each
    commit's rows by seq; one partition's records in memory at a time."""
    for commit in commits(lake):
        files = _partition_files(lake, subset, [f for f in commit["files"] if f.startswith(f"{ARTICLES}/")])
        if not files:
            continue
        found = ds.dataset(files, schema=SCHEMAS[ARTICLES], format="parquet").to_table(
            columns=["seq", "hash", "origin", "published", "record"],
            filter=pc.field("hash").isin(sorted(hashes)) if hashes is not None else None)
        for row in sorted(found.to_pylist(), key=lambda row: row["seq"]):
            if subset.published_wanted(row["published"]):
                yield row


def _hashes_naming(lake: str | os.PathLike[str], subset: Subset) -> set[str]:
    """The articles (of the subset's partitions) with an entity called `subset.entity`, by its name or a
    spelling, or, when the lake has identities, by any spelling of its identity."""
    wanted = fold(subset.entity or "")
    months = {m for m in _months(lake) if subset.month_wanted(m)}
    entities = dataset(lake, ENTITIES, months, None).to_table(columns=["hash", "local_id", "name", "aliases",
                                                                       "outlet"])
    identities = LakeIdentities.load(lake)
    named_identities = {identity for identity in (identities.identities if identities else {})
                        if any(fold(name) == wanted for name in identities.names(identity))} if identities else set()
    found = set()
    for row in entities.to_pylist():
        if not subset.outlet_wanted(row["outlet"]):
            continue
        spellings = [row["name"], *(row["aliases"] or [])]
        identity = identities.of_entity.get((row["hash"], row["local_id"])) if identities else None
        if any(fold(s) == wanted for s in spellings) or (identity is not None and identity in named_identities):
            found.add(row["hash"])
    return found


def _months(lake: str | os.PathLike[str]) -> set[str]:
    return {part.split("=", 1)[1] for commit in commits(lake) for f in commit["files"]
            for part in f.split("/") if part.startswith("month=")}


def _errors(lake: str | os.PathLike[str]) -> Iterator[InputError]:
    for row in dataset(lake, ERRORS).to_table().to_pylist():
        yield InputError(row["reason"], row["message"], row["origin"])
