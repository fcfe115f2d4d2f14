"""`newsgraph ingest --dask ADDRESS`: analyse partitions on a Dask cluster, merge their shards into the store.

The client reads the inputs (files, feeds, JSON Lines, WARC records) exactly as a single-process
ingest does, skips what the store already holds, and cuts the rest into partitions of consecutive
articles. Each partition is one task: a worker analyses it with its own engine (the model loaded
once per worker process) and writes it as a Parquet shard (newsgraph.store.shards). The client
merges finished shards into SQLite strictly in input order while later partitions are still being
analysed, with the store's writer and identity code, so the store is the one a single-process
ingest of the same input makes.

At most a few partitions per worker thread are in flight, so the client's memory stays bounded
however large the input is.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ClusterError, InputError, UsageError
from ..record import ArticleDraft
from ..settings import DEFAULT_SETTINGS, Settings
from ..store import corrections
from ..store.ingestion import IngestSummary, Progress, guarded, new_drafts
from ..store.schema import connect
from ..store.shards import Analysed, MergeCounts, merge_shard, shard_name, write_shard
from ..store.writer import record_error
from ..workers import sigint_blocked

if TYPE_CHECKING:
    from distributed import Client, Future

    from ..pipeline import Engine

LOCAL = "local"
DEFAULT_PARTITION_SIZE = 64
# Partitions queued per worker thread: enough that no worker waits for the client, few enough
# that the client holds only a handful of partitions' texts at once.
IN_FLIGHT_PER_THREAD = 2
CONNECT_TIMEOUT_S = 30


@dataclass(slots=True, frozen=True)
class Partition:
    index: int
    items: list[tuple[int, str, ArticleDraft]]  # (seq, content hash, draft)


def ingest_on_dask(paths: Sequence[str], db: str | os.PathLike[str], *, address: str,
                   shards: str | os.PathLike[str] | None = None, settings: Settings = DEFAULT_SETTINGS,
                   workers: int | None = None, published: str | None = None,
                   partition_size: int = DEFAULT_PARTITION_SIZE, progress: Progress | None = None,
                   limit: int | None = None) -> IngestSummary:
    """Ingest `paths` (the first `limit` inputs) into `db`, analysing on the Dask cluster at `address`.

    `address` is a scheduler address (tcp://host:8786), or "local" for a LocalCluster of `workers`.

    `shards` is the folder the workers write Parquet shards to and the client merges from; on a real
    cluster it must be a path every worker and the client can see (a shared file system). Default:
    `<db>.shards` beside the store.
    """
    started = time.perf_counter()
    folder = Path(shards) if shards is not None else Path(f"{db}.shards")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write {folder}: {error.strerror or error}") from None
    conn = connect(db)
    summary = IngestSummary()
    try:
        with cluster_client(address, workers) as client:
            _run(client, conn, db, paths, folder, settings, published, partition_size, summary, progress, limit)
        guarded(db, lambda: corrections.adopt(conn, paths))
        summary.corrections_replayed = guarded(db, lambda: corrections.replay(conn))
    finally:
        conn.close()
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def cluster_client(address: str, workers: int | None) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    try:
        if address == LOCAL:
            # Ctrl-C is this process's to handle (it closes the cluster): the cluster's event-loop
            # thread, and every worker process it starts, begin with SIGINT blocked and keep it so.
            # Its logs are kept below CRITICAL: a close while tasks run makes its workers log
            # heartbeat errors, and what matters reaches the user anyway (cluster_task_failed).
            with sigint_blocked():
                cluster = LocalCluster(n_workers=workers or max(1, os.cpu_count() or 1), threads_per_worker=1,
                                       processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL)
            client = Client(cluster)
        else:
            cluster = None
            client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({error}); "
                           "give its address as tcp://HOST:8786, or `--dask local`") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run(client: Client, conn: sqlite3.Connection, db: str | os.PathLike[str], paths: Sequence[str],
         folder: Path, settings: Settings, published: str | None, partition_size: int, summary: IngestSummary,
         progress: Progress | None, limit: int | None) -> None:
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
    partitions = _partitions(conn, paths, settings, published, partition_size, summary, limit)
    finished: dict[int, bool] = {}  # partition index -> its shard was written
    merged = MergeCounts()
    next_to_merge = 0

    def task(partition: Partition) -> Future[dict[str, int]]:
        return client.submit(analyse_partition, settings, str(folder), shard_name(run, partition.index),
                             partition.items, key=f"newsgraph-{run}-{partition.index}", pure=False)

    for partition, future in bounded(client, partitions, task, summary):
        finished[partition.index] = future.status == "finished"
        if not finished[partition.index]:
            _partition_failed(conn, db, partition, future.exception(), summary)
        # Shards are merged strictly in input order, so identities resolve as in one process.
        while next_to_merge in finished:
            if finished.pop(next_to_merge):
                guarded(db, partial(merge_shard, conn, folder, shard_name(run, next_to_merge), merged))
            next_to_merge += 1
        if progress:
            progress(merged.stored + merged.already_stored + len(merged.rejected), summary.to_analyse)
    summary.stored = merged.stored
    summary.already_stored += merged.already_stored
    summary.rejected += merged.rejected


def bounded(client: Client, partitions: Iterator[Partition], task: Callable[[Partition], Future[Any]],
            summary: IngestSummary) -> Iterator[tuple[Partition, Future[Any]]]:
    """Each partition's task submitted (`task` returns its future), at most IN_FLIGHT_PER_THREAD per worker
    thread in flight, so the client's memory stays bounded; yields (partition, future) as they finish."""
    from distributed import as_completed

    threads = max(1, sum(client.nthreads().values()))
    queue = as_completed()
    pending: dict[Future[Any], Partition] = {}

    def submit(partition: Partition) -> None:
        future = task(partition)
        pending[future] = partition
        queue.add(future)
        summary.to_analyse += len(partition.items)

    for partition in islice(partitions, threads * IN_FLIGHT_PER_THREAD):
        submit(partition)
    for future in queue:
        yield pending.pop(future), future
        following = next(partitions, None)
        if following is not None:
            submit(following)


def _partitions(conn: sqlite3.Connection, paths: Sequence[str], settings: Settings,
                published: str | None, size: int, summary: IngestSummary, limit: int | None) -> Iterator[Partition]:
    """Consecutive new articles in input order, `size` at a time; unreadable inputs recorded at once."""
    return partitions_of(new_drafts(conn, paths, settings, published, summary, limit), size)


def partitions_of(drafts: Iterable[tuple[ArticleDraft, str]], size: int) -> Iterator[Partition]:
    """`(draft, content hash)` pairs cut into partitions of `size` consecutive articles, numbered in input order."""
    batch: list[tuple[int, str, ArticleDraft]] = []
    index = 0
    for seq, (draft, digest) in enumerate(drafts):
        batch.append((seq, digest, draft))
        if len(batch) >= size:
            yield Partition(index, batch)
            index, batch = index + 1, []
    if batch:
        yield Partition(index, batch)


def _partition_failed(conn: sqlite3.Connection, db: str | os.PathLike[str], partition: Partition,
                      error: BaseException | None, summary: IngestSummary) -> None:
    """A partition whose task failed (a worker died, a bug): its articles are reported, the rest go on."""
    message = f"analysis failed on the cluster ({type(error).__name__}: {error}); rerun to retry"
    for _, _, draft in partition.items:
        failure = InputError("cluster_task_failed", message, draft.origin)
        summary.rejected.append(failure)
        guarded(db, lambda f=failure: record_error(conn, f.origin or "?", f.reason, f.message))


# --- on the worker ---------------------------------------------------------------------------------

_engines: dict[Settings, Engine] = {}


def worker_engine(settings: Settings) -> Engine:
    """This worker process's engine for `settings`: the model is loaded once per worker, not per task."""
    from ..pipeline import Engine

    engine = _engines.get(settings)
    if engine is None:
        engine = _engines[settings] = Engine(settings.with_(workers=1))
    return engine


def analyse_partition(settings: Settings, folder: str, name: str,
                      items: list[tuple[int, str, ArticleDraft]]) -> dict[str, int]:
    """Runs on a worker: analyse one partition and write it as the shard `name`; returns row counts."""
    return write_shard(folder, name, analyse_items(settings, items))


def analyse_items(settings: Settings, items: list[tuple[int, str, ArticleDraft]]) -> list[Analysed]:
    """Runs on a worker: one partition's outcomes with their places in the input."""
    results = worker_engine(settings).analyze_many(draft for _, _, draft in items)
    return [Analysed(seq, digest, draft.origin, result)
            for (seq, digest, draft), result in zip(items, results, strict=True)]
