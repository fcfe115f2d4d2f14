"""`newsgraph ingest INPUTS --lake DIR`: analyse articles into the lake, on this machine or on a Dask cluster.

The inputs are read as a store ingest reads them; articles whose content hash the lake already
holds are skipped, the rest cut into partitions of consecutive articles. Each partition is
analysed (by this machine's worker pool, or as one task on a Dask worker, with the model loaded
once per worker) and written by whoever analysed it (newsgraph.lake.writer): there is no serial
merge, the client only counts. Cross-article identity is not resolved here but by the identity
job over the lake's entity rows (newsgraph.lake.identity_lake), which the ingest runs at its end, on
the same machine or cluster, unless asked not to.
"""

from __future__ import annotations

import os
import secrets
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from typing import TYPE_CHECKING, Any

from ..errors import InputError, StoreError
from ..record import ArticleDraft
from ..scale.dask_ingest import DEFAULT_PARTITION_SIZE as SHARD_PARTITION_SIZE
from ..settings import DEFAULT_SETTINGS, Settings
from ..store.ingestion import IngestSummary, Progress, default_workers, fresh_drafts
from ..store.shards import Analysed
from .identity_job import DaskRunner
from .identity_lake import LakeResolution, resolve_lake
from .reader import article_hashes
from .schema import ARTICLES
from .writer import create, locked, sweep, write_partition

if TYPE_CHECKING:
    from distributed import Client, Future

# In process, a partition is only a unit of writing: larger means fewer files. On Dask it is also the
# unit of work, so it is the shard path's smaller size, which keeps every worker busy to the end.
DEFAULT_PARTITION_SIZE = 256
DEFAULT_DASK_PARTITION_SIZE = SHARD_PARTITION_SIZE


@dataclass(slots=True)
class LakeSummary(IngestSummary):
    """What one `ingest --lake` did, with the identity resolution that followed (None when not run)."""

    resolution: LakeResolution | None = None


def new_run() -> str:
    """An ingest's run id: its start time first, so that runs sort in the order they were made."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def ingest_to_lake(paths: Sequence[str], lake: str | os.PathLike[str], *, settings: Settings = DEFAULT_SETTINGS,
                   workers: int | None = None, address: str | None = None, published: str | None = None,
                   partition_size: int | None = None, progress: Progress | None = None,
                   limit: int | None = None, resolve: bool = True) -> LakeSummary:
    """Analyse `paths` (the first `limit` inputs) into the lake at `lake` (made when missing), then, when
    `resolve`, resolve the identities of the articles the lake has not resolved yet.

    `address`: a Dask scheduler (tcp://host:8786) or "local" for a LocalCluster of `workers`; on a real
    cluster the lake must be a folder every worker sees. Without it, this machine's pool of `workers`.
    """
    from ..scale.dask_ingest import cluster_client

    size = partition_size or (DEFAULT_DASK_PARTITION_SIZE if address else DEFAULT_PARTITION_SIZE)
    create(lake)
    with ExitStack() as stack:
        client = stack.enter_context(cluster_client(address, workers)) if address else None
        summary = _analyse_into(paths, lake, client, settings, workers, published, size, progress, limit)
        if resolve:
            summary.resolution = resolve_lake(lake, runner=DaskRunner(client) if client is not None else None)
    return summary


def _analyse_into(paths: Sequence[str], lake: str | os.PathLike[str], client: Client | None, settings: Settings,
                  workers: int | None, published: str | None, size: int, progress: Progress | None,
                  limit: int | None) -> LakeSummary:
    started = time.perf_counter()
    summary = LakeSummary()
    with locked(lake):
        sweep(lake)
        run = new_run()
        late_errors: list[InputError] = []

        def reject(error: InputError) -> None:
            summary.rejected.append(error)
            late_errors.append(error)

        drafts = fresh_drafts(paths, settings, published, article_hashes(lake), reject, summary, limit)
        try:
            if client is not None:
                index = _on_dask(drafts, lake, run, settings, client, size, summary, late_errors, progress)
            else:
                index = _in_process(drafts, lake, run, settings, workers, size, summary, progress)
            if late_errors:  # unreadable inputs, failed tasks: one more partition, of errors only
                write_partition(lake, run, index, [Analysed(-1, "", e.origin, e) for e in late_errors])
        except OSError as error:
            raise StoreError(f"cannot write the lake {lake}: {error.strerror or error}") from None
    summary.seconds = time.perf_counter() - started
    return summary


def _written(summary: IngestSummary, counts: dict[str, int], errors: list[InputError]) -> None:
    summary.stored += counts[ARTICLES]
    summary.rejected += errors


def _in_process(drafts: Iterator[tuple[ArticleDraft, str]], lake: str | os.PathLike[str], run: str,
                settings: Settings, workers: int | None, size: int, summary: IngestSummary,
                progress: Progress | None) -> int:
    """Analyse with this machine's worker pool, writing a partition each `size` articles; returns the
    next partition number."""
    from ..pipeline import Engine

    first = next(drafts, None)
    if first is None:
        return 0  # nothing new: no engine, no model loaded
    engine = Engine(settings.with_(workers=workers or default_workers()))
    places: deque[tuple[int, str, str | None]] = deque()

    def feed() -> Iterator[ArticleDraft]:
        for seq, (draft, digest) in enumerate(chain([first], drafts)):
            places.append((seq, digest, draft.origin))
            summary.to_analyse += 1
            yield draft

    results = engine.analyze_many(feed())
    batch: list[Analysed] = []
    index = 0
    try:
        for result in results:
            seq, digest, origin = places.popleft()
            batch.append(Analysed(seq, digest, origin, result))
            if len(batch) >= size:
                _written(summary, *_write(lake, run, index, batch))
                index, batch = index + 1, []
            if progress:
                progress(summary.stored + len(batch), summary.to_analyse)
        if batch:
            _written(summary, *_write(lake, run, index, batch))
            index += 1
    finally:
        close = getattr(results, "close", None)
        if close:
            close()  # stops the worker pool at once on an error or Ctrl-C
    return index


def _write(lake: str | os.PathLike[str], run: str, index: int, batch: list[Analysed]
           ) -> tuple[dict[str, int], list[InputError]]:
    return (write_partition(lake, run, index, batch),
            [item.result for item in batch if isinstance(item.result, InputError)])


def _on_dask(drafts: Iterator[tuple[ArticleDraft, str]], lake: str | os.PathLike[str], run: str,
             settings: Settings, client: Client, size: int, summary: IngestSummary,
             late_errors: list[InputError], progress: Progress | None) -> int:
    """Each partition one task, a few per worker thread in flight; returns the next partition number."""
    from ..scale.dask_ingest import Partition, bounded, partitions_of

    count = 0

    def task(partition: Partition) -> Future[Any]:
        return client.submit(analyse_into_lake, settings, str(lake), run, partition.index,
                             partition.items, key=f"newsgraph-lake-{run}-{partition.index}", pure=False)

    for partition, future in bounded(client, partitions_of(drafts, size), task, summary):
        count = max(count, partition.index + 1)
        if future.status == "finished":
            _written(summary, *future.result())
        else:
            error = future.exception()
            message = f"analysis failed on the cluster ({type(error).__name__}: {error}); rerun to retry"
            failures = [InputError("cluster_task_failed", message, draft.origin) for _, _, draft in partition.items]
            summary.rejected += failures
            late_errors += failures
        if progress:
            progress(summary.stored + len(summary.rejected), summary.to_analyse)
    return count


def analyse_into_lake(settings: Settings, lake: str, run: str, index: int,
                      items: list[tuple[int, str, ArticleDraft]]) -> tuple[dict[str, int], list[InputError]]:
    """Runs on a worker: analyse one partition and write it into the lake; returns its row counts and errors."""
    from ..scale.dask_ingest import analyse_items

    return _write(lake, run, index, analyse_items(settings, items))

