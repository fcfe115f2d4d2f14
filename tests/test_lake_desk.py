"""From lake to desk: `newsgraph ingest LAKE --db desk.db` copies records into a store without analysing again."""

from __future__ import annotations

import shutil
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph import pipeline
from newsgraph.cli import app
from newsgraph.lake.desk import Subset, lake_to_store
from newsgraph.names import fold

from .lake_helpers import identities_by_name, records
from .test_scale_dask import snapshot


@pytest.fixture
def no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk is made from the lake's records: making an engine is a failure."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the desk analysed articles again")

    monkeypatch.setattr(pipeline.Engine, "__init__", refuse)


def test_a_desk_of_the_whole_lake_is_the_store_a_direct_ingest_makes(lake: Path, example_store: Path,
                                                                       tmp_path: Path, no_analysis: None) -> None:
    summary = lake_to_store(lake, tmp_path / "desk.db")
    assert summary.stored == 21 and len(summary.rejected) == 2
    desk, direct = snapshot(tmp_path / "desk.db"), snapshot(example_store)
    assert sum(direct["quotes"].values()) > 30
    for table in direct:
        if table != "errors":
            assert desk[table] == direct[table], table
    assert {reason for _, reason in desk["errors"]} >= {"empty"}
    again = lake_to_store(lake, tmp_path / "desk.db")
    assert again.stored == 0 and again.already_stored == 21
    assert snapshot(tmp_path / "desk.db")["quotes"] == desk["quotes"]


def test_a_desk_takes_the_dates_and_outlets_asked_for(lake: Path, tmp_path: Path, no_analysis: None) -> None:
    found = records(lake)
    summary = lake_to_store(lake, tmp_path / "dates.db", Subset(since="2019-03-01", until="2019-12-31"))
    expected = {h for h, r in found.items() if r.published and "2019-03-01" <= r.published[:10] <= "2019-12-31"}
    assert 0 < summary.stored == len(expected) < len(found)
    conn = sqlite3.connect(tmp_path / "dates.db")
    assert {row[0] for row in conn.execute("SELECT hash FROM articles")} == expected
    conn.close()
    itv = lake_to_store(lake, tmp_path / "itv.db", Subset(outlets=("ITV News",)))
    assert itv.stored == 1 and not itv.rejected  # the lake's errors belong to no outlet


def test_a_desk_takes_the_articles_naming_an_entity(lake: Path, tmp_path: Path, no_analysis: None) -> None:
    found = records(lake)
    summary = lake_to_store(lake, tmp_path / "trump.db", Subset(entity="donald trump"))
    expected = {h for h, r in found.items()
                if any("donald trump" in {fold(n) for n in [e.name, *e.aliases]} for e in r.entities)}
    assert 1 < summary.stored == len(expected)


def test_a_desk_keeps_the_lakes_identities(lake: Path, tmp_path: Path, no_analysis: None) -> None:
    copy = shutil.copytree(lake, tmp_path / "lake")
    # A grouping unlike the store's, so "Trump" stays apart from "Donald Trump": the desk must follow
    # it, not resolve again.
    identity_of = identities_by_name(copy)
    lake_to_store(copy, tmp_path / "desk.db")
    conn = sqlite3.connect(tmp_path / "desk.db")
    desk_groups: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for digest, local_id, entity_id in conn.execute(
            "SELECT a.hash, ae.local_id, ae.entity_id FROM article_entities ae "
            "JOIN articles a ON a.id = ae.article_id"):
        desk_groups[entity_id].add((digest, local_id))
    conn.close()
    lake_groups: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, identity in identity_of.items():
        lake_groups[identity].add(key)
    assert sorted(map(sorted, desk_groups.values())) == sorted(map(sorted, lake_groups.values()))
    assert len(lake_groups) > 100


def test_the_command_line_copies_a_lake_into_a_desk(lake: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(lake), "--db", str(tmp_path / "d.db"), "--outlet", "itv news",
                                      "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "1 articles copied from the lake" in result.output
    nothing = CliRunner().invoke(app, ["ingest", str(lake), "--db", str(tmp_path / "e.db"), "--since", "2030-01-01",
                                       "--no-progress"])
    assert nothing.exit_code == 4 and "no articles of the lake match" in nothing.output


@pytest.mark.parametrize("arguments", [["LAKE", "--lake", "OTHER"], ["LAKE", "LAKE", "--db", "x.db"],
                                       ["LAKE", "--dask", "local"], ["TEXT", "--since", "2020-01-01"]])
def test_a_lake_input_with_what_does_not_go_with_it_is_a_usage_error(lake: Path, tmp_path: Path,
                                                                       arguments: list[str]) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Some text.", encoding="utf-8")
    given = [str(lake) if a == "LAKE" else str(text) if a == "TEXT" else str(tmp_path / a) if a == "OTHER" else a
             for a in arguments]
    result = CliRunner().invoke(app, ["ingest", *given])
    assert result.exit_code == 2, result.output
