"""Queries over a store (Store API and CLI): quotations, entities, timeline, search, stats, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import ExitCode
from newsgraph.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(example_store: Path) -> Path:
    """The shared example store (these tests only read it)."""
    return example_store


def cli_json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_quotes_by_any_spelling_of_the_speaker_and_between_dates(db: Path) -> None:
    with Store(db) as store:
        every = store.quotes(speaker="Zelenskyy")
        assert len(every) >= 5 and {q["speaker"] for q in every} == {"Volodymyr Zelenskyy"}
        assert store.quotes(speaker="Zelenskiy") == every
        on_17th = store.quotes(speaker="President Zelensky", since="2024-12-17", until="2024-12-17")
        assert on_17th and all(q["said_on"] == "2024-12-17" for q in on_17th)
        assert store.quotes(speaker="Zelenskyy", since="2025-01-01") == []


def test_quotes_about_an_entity_and_with_words(db: Path) -> None:
    with Store(db) as store:
        about_putin = store.quotes(about="Putin")
        assert about_putin and all("Putin" in q["content"] for q in about_putin)
        assert all("diplomatic" in q["content"].lower() for q in store.quotes(search="diplomatic"))


def test_quotes_keep_offsets_into_the_article(db: Path) -> None:
    with Store(db) as store:
        quote = store.quotes(speaker="Zelenskyy")[0]
        text = store.conn.execute("SELECT text FROM articles WHERE id = ?", (quote["article_id"],)).fetchone()[0]
    assert text[quote["start"]:quote["end"]].count(quote["content"].split(" … ")[0]) == 1


def test_entity_profile_and_timeline(db: Path) -> None:
    profile = cli_json("entity", "Zelensky", "--db", str(db))
    assert profile["name"] == "Volodymyr Zelenskyy" and "Zelesnkyy" in profile["aliases"]
    months = profile["quotes_by_month"]
    assert sum(m["quotes"] for m in months) == len(Store(db).quotes(speaker="Zelenskyy"))
    assert [m["month"] for m in months] == sorted(m["month"] for m in months) and "2024-12" in str(months)
    assert any(r["name"] == "Mark Rutte" for r in profile["quoted_with"])
    timeline = cli_json("timeline", "Putin", "--db", str(db))
    dates = [row["published"] for row in timeline]
    assert dates == sorted(dates) and len(timeline) >= 1


def test_entities_by_type_and_top(db: Path) -> None:
    rows = cli_json("entities", "--type", "person", "--top", "5", "--db", str(db))
    assert len(rows) == 5 and all(r["type"] == "person" for r in rows)
    assert [r["articles"] for r in rows] == sorted((r["articles"] for r in rows), reverse=True)


def test_search_finds_articles_and_quotations_with_highlights(db: Path) -> None:
    rows = cli_json("search", "diplomatic pressure", "--db", str(db))
    assert {r["kind"] for r in rows} == {"quote", "article"}
    assert all("**diplomatic**" in r["snippet"] for r in rows)
    table = runner.invoke(app, ["search", "diplomatic", "--db", str(db)])
    assert table.exit_code == 0 and "diplomatic" in table.stdout


def test_quotes_as_csv_and_table(db: Path) -> None:
    result = runner.invoke(app, ["quotes", "--speaker", "Zelenskyy", "--csv", "--db", str(db)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and rows[0]["speaker"] == "Volodymyr Zelenskyy"
    table = runner.invoke(app, ["quotes", "--speaker", "Zelenskyy", "--db", str(db)])
    assert table.exit_code == 0 and "Volodymyr" in table.stdout


def test_stats(db: Path) -> None:
    stats = cli_json("stats", "--db", str(db))
    assert stats["counts"]["articles"] == 21 and stats["counts"]["quotes"] > 20


def test_unknown_entity_and_missing_store_have_exit_codes(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["entity", "Nobody Atall", "--db", str(db)])
    assert result.exit_code == ExitCode.NOT_FOUND and "no entity" in result.output
    result = runner.invoke(app, ["quotes", "--speaker", "Nobody Atall", "--db", str(db)])
    assert result.exit_code == ExitCode.NOT_FOUND
    result = runner.invoke(app, ["quotes", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == ExitCode.STORE and "no such store" in result.output


def test_export_jsonl_csv_parquet(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "jsonl", "--table", "quotes_view", "--db", str(db)])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    with Store(db) as store:
        total = store.stats()["counts"]["quotes"]
    assert len(lines) == total and "speaker" in lines[0]
    out = tmp_path / "entities.csv"
    assert runner.invoke(app, ["export", "-f", "csv", "--table", "entities", "-o", str(out), "--db", str(db)]
                         ).exit_code == 0
    assert "name" in out.read_text().splitlines()[0]
    folder = tmp_path / "all"
    assert runner.invoke(app, ["export", "-f", "parquet", "-o", str(folder), "--db", str(db)]).exit_code == 0
    assert pq.read_table(folder / "quotes.parquet").num_rows == total
    assert {"articles.parquet", "statement_outlets.parquet"} <= {p.name for p in folder.iterdir()}
    assert not any(p.name.startswith("articles_fts") for p in folder.iterdir())
    bad = runner.invoke(app, ["export", "--table", "nope", "--db", str(db)])
    assert bad.exit_code == ExitCode.NOT_FOUND
