"""A LocalCluster of 2 workers builds the same store as a single-process ingest of the same input."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from newsgraph.errors import ClusterError
from newsgraph.scale import dask_ingest, ingest_on_dask
from newsgraph.store.ingestion import ingest
from newsgraph.store.shards import TABLES, shard_names

from .conftest import EXAMPLE
from .store_inputs import write_feed, write_warc


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, short_articles: Path) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copy(EXAMPLE, folder / "a-example.txt")
    # The same people in several articles (feed and archive): identity has to join them across partitions.
    write_feed(folder / "b-feed.rss")
    write_warc(folder / "c-archive.warc.gz")
    (folder / "d-empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "e-french.txt").write_text(
        "Le conseil municipal a approuvé mardi la construction d'un nouveau pont sur la rivière. "
        "« Ce pont réduira de moitié les trajets », a déclaré la maire lors d'une conférence de presse.",
        encoding="utf-8")
    return [str(folder), str(short_articles)]


def snapshot(db: Path) -> dict[str, Counter]:
    """What the store knows, with insertion-order ids replaced by what they point at."""
    conn = sqlite3.connect(db)
    try:
        def rows(sql: str) -> Counter:
            return Counter(tuple(row) for row in conn.execute(sql))

        return {
            "articles": rows("SELECT hash, key, title, published, text, origin FROM articles"),
            "entities": rows("SELECT name, folded, type, role, gender FROM entities"),
            "aliases": rows("SELECT e.name, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id"),
            "article_entities": rows("SELECT a.hash, ae.local_id, ae.name, e.name FROM article_entities ae "
                                     "JOIN articles a ON a.id = ae.article_id JOIN entities e ON e.id = ae.entity_id"),
            "mentions": rows("SELECT a.hash, m.start, m.\"end\", m.kind, e.name FROM mentions m "
                             "JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id"),
            "quotes": rows("SELECT a.hash, q.content, q.kind, q.start, q.\"end\", e.name, q.said_on FROM quotes q "
                           "JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id"),
            "quote_entities": rows("SELECT q.content, e.name FROM quote_entities qe "
                                   "JOIN quotes q ON q.id = qe.quote_id JOIN entities e ON e.id = qe.entity_id"),
            "dates": rows("SELECT a.hash, d.start, d.value FROM dates d JOIN articles a ON a.id = d.article_id"),
            "errors": rows("SELECT path, reason FROM errors"),
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, inputs: list[str]) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stores")
    single, cluster = folder / "single.db", folder / "cluster.db"
    ingest(inputs, single, workers=1)
    # Partitions of 3 articles: several finish out of order and must still merge in input order.
    summary = ingest_on_dask(inputs, cluster, address="local", workers=2, shards=folder / "shards",
                             partition_size=3)
    assert summary.stored > 10
    return {"single": single, "cluster": cluster, "shards": folder / "shards"}


def test_the_cluster_store_equals_the_single_process_store(stores: dict[str, Path]) -> None:
    single, cluster = snapshot(stores["single"]), snapshot(stores["cluster"])
    assert sum(single["quotes"].values()) > 10 and sum(single["entities"].values()) > 20
    assert any(reason == "empty" for _, reason in single["errors"])
    for table in single:
        assert cluster[table] == single[table], table


def test_one_person_across_articles_is_one_entity(stores: dict[str, Path]) -> None:
    conn = sqlite3.connect(stores["cluster"])
    speakers = conn.execute("SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker_id "
                            "GROUP BY e.id HAVING count(DISTINCT q.article_id) > 1").fetchall()
    conn.close()
    assert speakers  # the feed's and the archive's speakers are the same people


def test_shards_stand_on_their_own(stores: dict[str, Path]) -> None:
    folder = stores["shards"]
    names = shard_names(folder)
    assert len(names) >= 4
    tables = {table: ds.dataset(folder / table, format="parquet").to_table() for table in TABLES}
    conn = sqlite3.connect(stores["cluster"])
    assert tables["articles"].num_rows == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert tables["quotes"].num_rows == conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
    conn.close()
    seqs = sorted(tables["articles"].column("seq").to_pylist() + tables["errors"].column("seq").to_pylist())
    assert seqs == list(range(len(seqs)))  # every analysed input once, in input order
    assert set(tables["quotes"].column("hash").to_pylist()) <= set(tables["articles"].column("hash").to_pylist())


def test_a_rerun_stores_nothing_twice(stores: dict[str, Path], inputs: list[str], tmp_path: Path) -> None:
    before = snapshot(stores["cluster"])
    summary = ingest_on_dask(inputs, stores["cluster"], address="local", workers=1, shards=tmp_path / "again")
    # Only the input the engine rejected (not English) is looked at again, as in a single-process rerun.
    assert summary.stored == 0 and summary.to_analyse == 1 and summary.already_stored > 10
    after = snapshot(stores["cluster"])
    assert {k: v for k, v in after.items() if k != "errors"} == {k: v for k, v in before.items() if k != "errors"}


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path, inputs: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_ingest, "CONNECT_TIMEOUT_S", 2)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        ingest_on_dask(inputs, tmp_path / "x.db", address="tcp://127.0.0.1:9", workers=1)


def test_the_command_line_ingests_on_a_local_cluster(tmp_path: Path, short_articles: Path) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    db, shards = tmp_path / "cli.db", tmp_path / "shards"
    result = CliRunner().invoke(app, ["ingest", str(short_articles), "--db", str(db), "--dask", "local",
                                      "--workers", "1", "--shards", str(shards), "--limit", "2", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "2 stored" in result.output
    assert len(shard_names(shards)) == 1


def test_the_command_line_reports_an_unreachable_scheduler(tmp_path: Path, short_articles: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    monkeypatch.setattr(dask_ingest, "CONNECT_TIMEOUT_S", 2)
    result = CliRunner().invoke(app, ["ingest", str(short_articles), "--db", str(tmp_path / "x.db"),
                                      "--dask", "tcp://127.0.0.1:9", "--no-progress"])
    assert result.exit_code == 5
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
