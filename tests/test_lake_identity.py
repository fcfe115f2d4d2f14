"""The lake's identity resolution: the store's rules over blocks, incremental runs, atomic commits, corrections."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsgraph.lake import identity_lake
from newsgraph.lake.identity_agreement import agreement, serial_identities
from newsgraph.lake.identity_job import resolve
from newsgraph.lake.identity_lake import resolve_lake

ARTICLES: list[list[tuple[str, str, list[str]]]] = [
    [("Donald Trump", "person", ["Trump"]), ("Apple Inc.", "organisation", []),
     ("Singapore Airlines (SIA)", "organisation", [])],
    [("Trump", "person", []), ("Apple", "organisation", []), ("SIA", "organisation", [])],
    [("Melania Trump", "person", []), ("Volodymyr Zelenskyy", "person", ["Zelenskyy"])],
    [("Zelensky", "person", []), ("COVID-19", "person", [])],
    [("COVID-19", "organisation", []), ("Boris Johnson", "person", []), ("Dwayne Johnson", "person", []),
     ("Johnson", "person", [])],
    [("George Bush", "person", []), ("George W. Bush", "person", []), ("Ford", "organisation", []),
     ("Ford Australia", "organisation", [])],
    [("Volodymir Zelenskyy", "person", []), ("Donald Trump Jr.", "person", []), ("News", "outlet", []),
     ("Fox News", "outlet", [])],
]


def entity_rows(articles: list[list[tuple[str, str, list[str]]]] = ARTICLES, run: str = "r1") -> list[dict]:
    return [{"run": run, "seq": seq, "hash": f"{run}-{seq}", "local_id": f"E{number}", "name": name, "type": kind,
             "role": None, "gender": None, "aliases": aliases, "mentions": 2}
            for seq, article in enumerate(articles) for number, (name, kind, aliases) in enumerate(article, 1)]


def clusters(rows: list[dict], chunk: int = 4, buckets: int = 3) -> dict[tuple[str, str], str]:
    result = resolve([rows[i:i + chunk] for i in range(0, len(rows), chunk)], buckets=buckets)
    return {(h, local): result.identity_of[unit] for part in result.assigned
            for h, local, unit in zip(*(part.column(c).to_pylist() for c in ("hash", "local_id", "unit")), strict=True)}


def together(found: dict[tuple[str, str], str], rows: list[dict], *names: str) -> bool:
    ids = {found[(row["hash"], row["local_id"])] for row in rows if row["name"] in names}
    return len(ids) == 1


def test_the_store_rules_hold_across_blocks() -> None:
    rows = entity_rows()
    found = clusters(rows)
    assert together(found, rows, "Donald Trump", "Trump")
    assert not together(found, rows, "Donald Trump", "Melania Trump")
    assert not together(found, rows, "Donald Trump", "Donald Trump Jr.")  # a suffix on one side only
    assert together(found, rows, "Volodymyr Zelenskyy", "Zelensky", "Volodymir Zelenskyy")  # transliteration, typo
    assert together(found, rows, "Apple Inc.", "Apple")  # company suffixes
    assert together(found, rows, "Singapore Airlines (SIA)", "SIA")  # an acronym tied to its expansion
    assert together(found, rows, "COVID-19")  # typed differently by two articles
    for apart in (("Boris Johnson", "Dwayne Johnson"), ("Johnson", "Boris Johnson"), ("Johnson", "Dwayne Johnson"),
                  ("George Bush", "George W. Bush"), ("Ford", "Ford Australia"), ("News", "Fox News")):
        assert not together(found, rows, *apart), apart


def test_the_result_does_not_depend_on_chunks_or_buckets() -> None:
    rows = entity_rows()
    reference = clusters(rows, chunk=len(rows), buckets=1)
    for chunk, buckets in ((1, 7), (3, 2), (5, 16)):
        assert clusters(rows, chunk, buckets) == reference


def test_the_lake_agrees_with_the_serial_store_on_these_rules() -> None:
    rows = entity_rows()
    score = agreement(clusters(rows), serial_identities(rows))
    assert score.f1 == 1.0 and score.lake_pairs > 0


def lake_rows(lake: Path) -> dict[tuple[str, str], str]:
    state = identity_lake.load_state(lake)
    files = [str(lake / name) for name in state["entity_identity"]]
    return {(h, local): identity for h, local, identity in
            duckdb.sql(f"SELECT hash, local_id, identity_id FROM read_parquet({files})").fetchall()}


def test_incremental_runs_give_what_one_run_gives(tmp_path: Path) -> None:
    rows = entity_rows()
    first, later = [r for r in rows if r["seq"] < 3], [r for r in rows if r["seq"] >= 3]
    resolve_lake(tmp_path / "inc", rows=pa.Table.from_pylist(first), chunk_rows=3)
    before = lake_rows(tmp_path / "inc")
    done = resolve_lake(tmp_path / "inc", rows=pa.Table.from_pylist(rows), chunk_rows=3)
    assert done.new_entities == len(later)  # what was resolved is not read again
    resolve_lake(tmp_path / "once", rows=pa.Table.from_pylist(rows), chunk_rows=5)
    after = lake_rows(tmp_path / "inc")
    assert after == lake_rows(tmp_path / "once")
    assert all(after[item] == identity for item, identity in before.items())  # no identity renamed
    again = resolve_lake(tmp_path / "inc", rows=pa.Table.from_pylist(rows), chunk_rows=3)
    assert again.new_entities == 0 and lake_rows(tmp_path / "inc") == after  # a rerun is idempotent


def identity_table(lake: Path) -> list[tuple]:
    files = [str(lake / name) for name in identity_lake.load_state(lake)["identities"]]
    return duckdb.sql(f"SELECT identity_id, name, type, aliases, role, gender, articles, mentions, units "
                      f"FROM read_parquet({files}) ORDER BY 1").fetchall()


def test_a_later_run_with_other_buckets_reads_the_units_it_needs(tmp_path: Path) -> None:
    rows = entity_rows()
    first = [r for r in rows if r["seq"] < 3]
    resolve_lake(tmp_path / "inc", rows=pa.Table.from_pylist(first), chunk_rows=3, buckets=3)
    assert len(identity_lake.load_state(tmp_path / "inc")["units"]) == 3  # a file per unit bucket
    resolve_lake(tmp_path / "inc", rows=pa.Table.from_pylist(rows), chunk_rows=3, buckets=5)
    resolve_lake(tmp_path / "once", rows=pa.Table.from_pylist(rows), chunk_rows=5)
    assert lake_rows(tmp_path / "inc") == lake_rows(tmp_path / "once")
    assert identity_table(tmp_path / "inc") == identity_table(tmp_path / "once")


def test_a_lake_whose_tables_are_one_file_each_resolves_on(tmp_path: Path) -> None:
    # Lakes written before the tables were split by bucket name one units and one identities file.
    rows = entity_rows()
    lake = tmp_path / "old"
    resolve_lake(lake, rows=pa.Table.from_pylist([r for r in rows if r["seq"] < 3]), chunk_rows=3)
    state = identity_lake.load_state(lake)
    singles = (("units", "_identity/units-000001.parquet"), ("identities", "identities/part-000001.parquet"))
    for tables, single in singles:
        pq.write_table(pa.concat_tables([pq.read_table(lake / name) for name in state[tables]]), lake / single)
        for name in state[tables]:
            (lake / name).unlink()
        state[tables] = single
    del state["buckets"]
    (lake / "_identity" / "state.json").write_text(json.dumps(state), encoding="utf-8")
    resolve_lake(lake, rows=pa.Table.from_pylist(rows), chunk_rows=3)
    resolve_lake(tmp_path / "once", rows=pa.Table.from_pylist(rows), chunk_rows=5)
    assert lake_rows(lake) == lake_rows(tmp_path / "once")
    assert identity_table(lake) == identity_table(tmp_path / "once")


def test_two_identities_that_meet_keep_the_older_id(tmp_path: Path) -> None:
    # "Zelensky" alone first, then a full name that is unambiguous: they join, under the older id.
    early = [[("Zelensky", "person", [])], [("Volodymyr Zelenskyy", "person", [])]]
    rows = entity_rows(early)
    resolve_lake(tmp_path, rows=pa.Table.from_pylist(rows[:1]))
    old = lake_rows(tmp_path)[("r1-0", "E1")]
    resolve_lake(tmp_path, rows=pa.Table.from_pylist(rows))
    assert set(lake_rows(tmp_path).values()) == {old}


def test_a_run_that_dies_before_its_commit_loses_nothing_and_counts_nothing_twice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = pa.Table.from_pylist(entity_rows())
    resolve_lake(tmp_path / "clean", rows=rows, chunk_rows=4)
    real_save = identity_lake._save_state

    def dies(lake: Path, state: dict) -> None:
        raise KeyboardInterrupt  # the job stopped after writing its files, before the commit

    monkeypatch.setattr(identity_lake, "_save_state", dies)
    with pytest.raises(KeyboardInterrupt):
        resolve_lake(tmp_path / "died", rows=rows, chunk_rows=4)
    assert list((tmp_path / "died" / "entity_identity").glob("*.parquet"))  # files written, not committed
    monkeypatch.setattr(identity_lake, "_save_state", real_save)
    rerun = resolve_lake(tmp_path / "died", rows=rows, chunk_rows=4)
    assert rerun.new_entities == rows.num_rows
    found = lake_rows(tmp_path / "died")
    assert found == lake_rows(tmp_path / "clean") and len(found) == rows.num_rows
    files = sorted(p.name for p in (tmp_path / "died" / "entity_identity").glob("*.parquet"))
    assert files == sorted(p.name for p in (tmp_path / "clean" / "entity_identity").glob("*.parquet"))
    rows_read = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'died'}/entity_identity/*.parquet'").fetchall()
    assert rows_read == [(rows.num_rows,)]


def test_corrections_are_replayed_and_kept_for_later_runs(tmp_path: Path) -> None:
    rows = entity_rows()
    fixes = tmp_path / "corrections.json"
    fixes.write_text(json.dumps([
        {"action": "merge", "target": "Boris Johnson", "argument": "Johnson", "type": "person"},
        {"action": "split", "target": "Donald Trump", "argument": "Trump", "type": "person"},
        {"action": "rename", "target": "Apple Computer", "argument": "Apple Inc.", "type": "organisation"},
    ]), encoding="utf-8")
    lake = tmp_path / "lake"
    done = resolve_lake(lake, rows=pa.Table.from_pylist(rows[:14]), corrections=fixes)
    assert done.corrections_changed == 3
    resolve_lake(lake, rows=pa.Table.from_pylist(rows))  # a later run: the corrections still hold
    found = lake_rows(lake)
    named = {row["name"]: found[(row["hash"], row["local_id"])] for row in rows}
    assert named["Boris Johnson"] == named["Johnson"] != named["Dwayne Johnson"]
    assert named["Donald Trump"] != named["Trump"]
    state = identity_lake.load_state(lake)
    files = [str(lake / name) for name in state["identities"]]
    names = dict(duckdb.sql(f"SELECT identity_id, name FROM read_parquet({files})").fetchall())
    assert names[named["Apple"]] == "Apple Computer"


def test_bad_corrections_are_a_clear_error(tmp_path: Path) -> None:
    from newsgraph.errors import InputError

    fixes = tmp_path / "fixes.json"
    fixes.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a list of corrections"):
        resolve_lake(tmp_path / "lake", rows=pa.Table.from_pylist(entity_rows()), corrections=fixes)


def test_the_command_resolves_a_lake_and_reports_bad_input(tmp_path: Path) -> None:
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from newsgraph.cli import app

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, ["resolve", *args])

    lake = tmp_path / "lake"
    (lake / "entities" / "month=2020-01").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(entity_rows()), lake / "entities" / "month=2020-01" / "part-0.parquet")
    done = run(str(lake))
    assert done.exit_code == 0, done.output
    assert len(lake_rows(lake)) == len(entity_rows())
    assert "identities" in done.stdout
    assert run(str(tmp_path / "nowhere")).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert run(str(lake), "--corrections", str(bad)).exit_code == 3
    (lake / "entities" / "month=2020-01" / "part-1.parquet").write_bytes(b"not parquet")
    unreadable = run(str(lake))
    assert unreadable.exit_code == 4 and "cannot read the lake" in unreadable.stderr


def test_identities_that_a_later_article_joins_are_rewritten_copy_on_write(tmp_path: Path) -> None:
    # "SIA" and "Singapore Airlines" are two identities until an article ties them.
    articles = [[("SIA", "organisation", [])], [("Singapore Airlines", "organisation", [])],
                [("Singapore Airlines", "organisation", [])], [("Singapore Airlines (SIA)", "organisation", [])]]
    rows = entity_rows(articles)
    lake = tmp_path / "inc"
    resolve_lake(lake, rows=pa.Table.from_pylist(rows[:3]), chunk_rows=1)
    before = lake_rows(lake)
    assert before[("r1-0", "E1")] != before[("r1-1", "E1")]
    done = resolve_lake(lake, rows=pa.Table.from_pylist(rows), chunk_rows=1)
    assert done.merged == 1 and done.rewritten_files == 2  # the two files of Singapore Airlines' rows
    after = lake_rows(lake)
    assert set(after.values()) == {before[("r1-0", "E1")]}  # the older identity's id is kept
    resolve_lake(tmp_path / "once", rows=pa.Table.from_pylist(rows))
    assert after == lake_rows(tmp_path / "once")
    state = identity_lake.load_state(lake)
    on_disk = sorted(p.relative_to(lake).as_posix() for p in (lake / "entity_identity").glob("*.parquet"))
    assert on_disk == state["entity_identity"]  # the superseded files are gone


def test_corrections_are_read_from_a_store_in_the_order_made(tmp_path: Path) -> None:
    from newsgraph.lake.identity_corrections import Correction, load
    from newsgraph.store.corrections import record
    from newsgraph.store.schema import connect

    conn = connect(tmp_path / "desk.db")
    try:
        record(conn, "split", "Donald Trump", "Trump", "person")
        record(conn, "merge", "Boris Johnson", "Johnson", "person")
        conn.commit()
    finally:
        conn.close()
    assert load(tmp_path / "desk.db") == [Correction("split", "Donald Trump", "Trump", "person"),
                                          Correction("merge", "Boris Johnson", "Johnson", "person")]
    found = resolve_lake(tmp_path / "lake", rows=pa.Table.from_pylist(entity_rows()), corrections=tmp_path / "desk.db")
    assert found.corrections_changed == 2


def test_one_resolution_at_a_time(tmp_path: Path) -> None:
    from newsgraph.errors import UsageError

    with identity_lake.locked(tmp_path), pytest.raises(UsageError, match="another identity resolution"):
        resolve_lake(tmp_path, rows=pa.Table.from_pylist(entity_rows()))
    assert resolve_lake(tmp_path, rows=pa.Table.from_pylist(entity_rows())).new_entities == len(entity_rows())
