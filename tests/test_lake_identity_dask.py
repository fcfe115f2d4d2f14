"""The lake's identity resolution on a Dask LocalCluster of 2 workers: the single-process result, even
when a worker dies in the middle of the job."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import cloudpickle
import duckdb
import pyarrow as pa
import pytest

from newsgraph.lake.identity_job import DaskRunner
from newsgraph.lake.identity_lake import load_state, resolve_lake
from newsgraph.lake.identity_synthetic import article_chunks

# The helpers below travel to the workers by value (the workers do not import the tests).
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.CRITICAL)
    dask_client = Client(cluster)
    try:
        yield dask_client
    finally:
        dask_client.close()
        cluster.close()


@pytest.fixture(scope="module")
def rows() -> pa.Table:
    return pa.concat_tables(list(article_chunks(240, chunk_articles=60, seed=3)))


def lake_tables(lake: Path) -> tuple[list[tuple], list[tuple]]:
    state = load_state(lake)
    files = [str(lake / name) for name in state["entity_identity"]]
    assigned = duckdb.sql(f"SELECT hash, local_id, identity_id FROM read_parquet({files}) ORDER BY 1, 2").fetchall()
    identities = duckdb.sql(f"SELECT identity_id, name, type, aliases, articles, mentions FROM "
                            f"read_parquet({[str(lake / f) for f in state['identities']]}) ORDER BY 1").fetchall()
    return assigned, identities


def test_two_workers_give_the_single_process_identities(client: Any, rows: pa.Table, tmp_path: Path) -> None:
    alone = resolve_lake(tmp_path / "one", rows=rows, chunk_rows=800)
    on_cluster = resolve_lake(tmp_path / "two", rows=rows, chunk_rows=800, runner=DaskRunner(client))
    assert on_cluster.identities == alone.identities and alone.new_entities == rows.num_rows
    assert lake_tables(tmp_path / "two") == lake_tables(tmp_path / "one")
    assert len(client.scheduler_info()["workers"]) == 2


class DiesOnce:
    """A task that kills its worker process the first time any worker runs it (a lost machine)."""

    def __init__(self, function: Callable[..., Any], marker: str) -> None:
        self.function, self.marker = function, marker
        self.__name__ = function.__name__

    def __call__(self, *args: Any) -> Any:
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return self.function(*args)
        os._exit(1)


class DyingRunner(DaskRunner):
    """Dask, with the block resolution killing its worker once."""

    def __init__(self, dask_client: Any, marker: Path) -> None:
        super().__init__(dask_client)
        self.marker = str(marker)

    def map(self, function: Callable[..., Any], *arguments: Sequence[Any]) -> list[Any]:
        if function.__name__ == "_links_task":
            function = DiesOnce(function, self.marker)
        return super().map(function, *arguments)


def test_a_worker_lost_mid_resolution_loses_nothing_and_duplicates_nothing(client: Any, rows: pa.Table,
                                                                          tmp_path: Path) -> None:
    marker = tmp_path / "died"
    resolve_lake(tmp_path / "one", rows=rows, chunk_rows=800)
    result = resolve_lake(tmp_path / "lost", rows=rows, chunk_rows=800, runner=DyingRunner(client, marker))
    assert marker.exists()  # a worker did die in the middle of the job
    assert result.new_entities == rows.num_rows
    assigned, identities = lake_tables(tmp_path / "lost")
    assert len(assigned) == rows.num_rows == len({(h, local) for h, local, _ in assigned})
    assert (assigned, identities) == lake_tables(tmp_path / "one")
