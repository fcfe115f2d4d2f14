"""The knowledge lake: `ingest --lake` in process and on a Dask LocalCluster, reruns, a lost partition, DuckDB."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsgraph import pipeline
from newsgraph.cli import app
from newsgraph.lake import reader
from newsgraph.lake.ingest import ingest_to_lake
from newsgraph.lake.schema import COMMITS, LAKE_SCHEMA_VERSION, MANIFEST, METADATA_KEY, PARTITIONED

from .conftest import EXAMPLE, ROOT
from .lake_helpers import identities_by_name, records


def test_every_row_is_its_records_and_points_into_its_article(lake: Path) -> None:
    found = records(lake)
    assert len(found) == 21
    rows = {table: reader.read_table(lake, table).to_pylist() for table in PARTITIONED}
    per_article = {table: Counter(row["hash"] for row in found_rows) for table, found_rows in rows.items()}
    for digest, record in found.items():
        assert per_article["quotations"][digest] == len(record.quotes)
        assert per_article["attributions"][digest] == len(record.quotes) + len(record.attributions)
        assert per_article["entities"][digest] == len(record.entities)
        assert per_article["mentions"][digest] == sum(len(e.mentions) for e in record.entities)
        assert per_article["events"][digest] == len(record.events)
        assert per_article["participants"][digest] == sum(len(e.participants) for e in record.events)
    assert sum(per_article["quotations"].values()) > 30 and rows["event_groups"]

    def points_into(row: dict[str, object], span: dict[str, object] | None = None) -> bool:
        span = span or row
        return found[row["hash"]].text[span["start"]:span["end"]] == span["text"]  # type: ignore[index,misc]

    for table in ("mentions", "participants", "event_groups"):
        assert all(points_into(row) for row in rows[table]), table
    for row in rows["attributions"]:
        assert all(points_into(row, span) for span in [*row["content"], row["cue"], row["source"]] if span)
    for row in rows["events"]:
        assert points_into(row, row["trigger"]) and points_into(row, row["sentence"])
    for row in rows["quotations"]:
        text = found[row["hash"]].text
        assert 0 <= row["start"] < row["end"] <= len(text) and row["article_id"] == found[row["hash"]].id
    months = {(row["month"], row["outlet"]) for row in rows["articles"]}
    assert ("2024-12", "itv-news") in months and ("2019-01", "en.wikinews.org") in months


def test_the_lake_carries_its_schema_version(lake: Path) -> None:
    assert json.loads((lake / MANIFEST).read_text())["version"] == LAKE_SCHEMA_VERSION
    for path in reader.committed_files(lake, "quotations"):
        assert pq.read_schema(path).metadata[METADATA_KEY] == LAKE_SCHEMA_VERSION.encode()


def test_rejected_inputs_are_in_the_errors_table(lake: Path) -> None:
    reasons = Counter(reader.read_table(lake, "errors").column("reason").to_pylist())
    assert reasons["empty"] == 1 and sum(reasons.values()) == 2


def test_a_rerun_adds_nothing(lake: Path, tmp_path: Path, short_articles: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an engine was made (its model loaded) with nothing to analyse")

    copy = shutil.copytree(lake, tmp_path / "lake")
    monkeypatch.setattr(pipeline.Engine, "__init__", refuse)
    before = sorted(p.relative_to(copy) for p in copy.rglob("*.parquet"))
    summary = ingest_to_lake([str(short_articles), str(EXAMPLE)], copy, workers=1, published="2024-12-18")
    assert summary.stored == 0 and summary.already_stored == 21
    assert sorted(p.relative_to(copy) for p in copy.rglob("*.parquet")) == before


def test_a_partition_lost_before_its_commit_is_written_again_once(lake: Path, tmp_path: Path,
                                                                 short_articles: Path) -> None:
    copy = shutil.copytree(lake, tmp_path / "lake")
    # What a worker lost between its files and its commit leaves: files no commit names, a partial file.
    lost = sorted((copy / COMMITS).glob("*.json"))[2]
    lost_files = json.loads(lost.read_text())["files"]
    lost.unlink()
    stray = copy / lost_files[0]
    (stray.parent / f".{stray.name}.partial").write_bytes(b"PAR1 half")
    assert len(records(copy)) == 21 - 4
    summary = ingest_to_lake([str(short_articles)], copy, workers=1)
    assert summary.stored == 4 and summary.already_stored == 16
    assert not list(copy.rglob("*.partial"))
    for table in PARTITIONED:
        again = reader.read_table(copy, table).drop_columns(["run", "seq"] if table in ("articles", "entities")
                                                            else []).to_pylist()
        original = reader.read_table(lake, table).drop_columns(["run", "seq"] if table in ("articles", "entities")
                                                               else []).to_pylist()
        key = json.dumps
        assert sorted(map(key, again)) == sorted(map(key, original)), table


def test_duckdb_reads_the_lake_as_it_is(lake: Path) -> None:
    found = records(lake)
    db = duckdb.connect()
    tables = {table: f"read_parquet('{lake}/{table}/**/*.parquet', hive_partitioning = true)"
              for table in (*PARTITIONED, "errors")}
    count = db.execute(f"SELECT count(*) FROM {tables['quotations']}").fetchone()
    assert count == (sum(len(r.quotes) for r in found.values()),)
    assert db.execute(f"SELECT count(*) FROM {tables['articles']}").fetchone() == (len(found),)
    mentions = db.execute(f"SELECT count(*) FROM {tables['mentions']}").fetchone()
    assert mentions == (sum(len(e.mentions) for r in found.values() for e in r.entities),)
    # docs/lake.md: one speaker's quotations by month.
    speaker = Counter(q.speaker and r.entity(q.speaker).name for r in found.values() for q in r.quotes  # type: ignore[union-attr]
                      ).most_common(2)
    name, quotes = next((n, c) for n, c in speaker if n)
    by_month = db.execute(f"SELECT month, count(*) AS quotations FROM {tables['quotations']} WHERE speaker = $name "
                          "GROUP BY month ORDER BY month", {"name": name}).fetchall()
    assert sum(n for _, n in by_month) == quotes
    months = {row[0] for row in db.execute(f"SELECT DISTINCT month FROM {tables['articles']}").fetchall()}
    assert months == {(r.published or "unknown")[:7] for r in found.values()}


def test_the_command_line_writes_a_lake(tmp_path: Path, short_articles: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(short_articles), "--lake", str(tmp_path / "L"), "--workers", "1",
                                      "--limit", "2", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "2 stored, 0 already in the lake" in result.output
    assert reader.read_table(tmp_path / "L", "articles").num_rows == 2


@pytest.mark.parametrize("extra", [["--db", "x.db"], ["--dask", "local", "--shards", "s"]])
def test_a_lake_and_a_store_at_once_is_a_usage_error(tmp_path: Path, short_articles: Path, extra: list[str]) -> None:
    result = CliRunner().invoke(app, ["ingest", str(short_articles), "--lake", str(tmp_path / "L"), *extra])
    assert result.exit_code == 2 and "--lake" in result.output


def test_a_folder_that_is_not_a_lake_is_refused(tmp_path: Path, short_articles: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(short_articles), "--lake", str(tmp_path), "--no-progress"])
    assert result.exit_code == 2 and "not a lake" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def doc_statements() -> list[str]:
    """The SQL statements of docs/lake.md, in order."""
    blocks = re.findall(r"```sql\n(.*?)```", (ROOT / "docs" / "lake.md").read_text(encoding="utf-8"), re.S)
    return [statement.strip() for block in blocks for statement in block.split(";") if statement.strip()]


def test_the_duckdb_queries_of_the_docs_answer_from_the_lake(lake: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(lake, tmp_path / "lake")
    identity_of = identities_by_name(copy)
    db = duckdb.connect()
    answers = []
    for statement in doc_statements():
        db.execute(statement.replace("'lake/", f"'{copy}/"))
        answers.append(db.fetchall() if statement.lstrip().startswith(("SELECT", "WITH")) else None)
    by_month, top_per_outlet, met, exact_words = (a for a in answers if a is not None)
    found = records(lake)
    trump = [q for r in found.values() for q in r.quotes if q.speaker and r.entity(q.speaker).name == "Donald Trump"]  # type: ignore[union-attr]
    assert sum(row[1] for row in by_month) == len(trump) > 0
    quoted = Counter(r.entity(q.speaker).name for r in found.values() if "2019" <= (r.published or "")[:4] <= "2020"  # type: ignore[union-attr]
                     for q in r.quotes if q.speaker)
    assert {outlet for outlet, _, _ in top_per_outlet} == {"en.wikinews.org"}
    assert [n for _, _, n in top_per_outlet] == sorted(quoted.values(), reverse=True)[:10]
    assert all(quoted[speaker] == n for _, speaker, n in top_per_outlet)
    assert all(text for _, text in exact_words)
    # Who met whom, counted here from the records: person pairs among the participants of a meeting.
    expected: Counter = Counter()
    for digest, record in found.items():
        for event in record.events:
            if event.type == "CONSULT" and event.status == "happened":
                people = sorted({identity_of[(digest, p.entity)] for p in event.participants
                                 if record.entity(p.entity).type == "person"})  # type: ignore[union-attr]
                expected.update((a, b) for i, a in enumerate(people) for b in people[i + 1:])
    named = {identity: identity.split("-", 2)[2] for pair in expected for identity in pair}
    assert 0 < len(expected) <= 50
    assert sorted(met) == sorted((named[a], named[b], n) for (a, b), n in expected.items())


def test_one_ingest_writes_a_lake_at_a_time(tmp_path: Path, short_articles: Path) -> None:
    from newsgraph.errors import UsageError
    from newsgraph.lake.writer import create, locked

    create(tmp_path / "L")
    with locked(tmp_path / "L"), pytest.raises(UsageError, match="another ingest is writing"):
        ingest_to_lake([str(short_articles)], tmp_path / "L", workers=1, limit=1)


def test_a_lake_of_another_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "L").mkdir()
    (tmp_path / "L" / MANIFEST).write_text(json.dumps({"format": "newsgraph-lake", "version": "99"}))
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "L"), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2 and "schema version 99" in result.output


def test_the_ingest_resolves_every_article_entity_into_identities(lake: Path) -> None:
    # the fixture's two ingests: the first resolved in this process, the second on its Dask workers
    from newsgraph.lake.identity_lake import load_state

    state = load_state(lake)
    assert state["generation"] == 2
    links = [row for name in state["entity_identity"] for row in pq.read_table(lake / name).to_pylist()]
    entities = reader.article_entities(lake, columns=["hash", "local_id"]).to_pylist()
    assert sorted((r["hash"], r["local_id"]) for r in links) == sorted((r["hash"], r["local_id"]) for r in entities)
    identities = {row["identity_id"] for name in state["identities"] for row in pq.read_table(lake / name).to_pylist()}
    assert {r["identity_id"] for r in links} <= identities

