"""The two modes: accurate (the rules with the MiniLM tagger on ONNX Runtime) by default, fast (the
rules with the CRF tagger) with --fast, a setting or NEWSGRAPH_MODE; every record says which mode
and model made it, the store keeps it per article (older stores: the CRF, the fast mode) and
`newsgraph stats` counts them; the mode crosses process boundaries (worker pool, Dask)."""

from __future__ import annotations

import json
import pickle
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.api import analyze
from newsgraph.cli import app
from newsgraph.errors import ExitCode, UsageError
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.store import Store, ingest, schema
from newsgraph.tagging.model import SHIPPED_MODELS, model_digest, read_model_info

from .conftest import EXAMPLE

runner = CliRunner()
TEXT = ("Bridge row\n\nTom Baker, the council leader, said the bridge would open in May. \"It will halve "
        "the journey,\" he told reporters on Tuesday.\n")


def digest_of(name: str) -> str:
    return model_digest(read_model_info(SHIPPED_MODELS[name]).path)


def test_the_default_is_the_accurate_mode_and_records_say_so(engine: Engine) -> None:
    assert DEFAULT_SETTINGS.mode == "accurate"
    record = engine.analyze_draft(ArticleDraft(id="x", text=TEXT))
    assert record.analysed_with["mode"] == "accurate"
    assert record.analysed_with["attribution_model"] == "onnx"
    assert record.analysed_with["attribution_model_sha256"] == digest_of("onnx")
    assert record.quotes


def test_the_fast_mode_runs_the_crf_and_records_say_so(engine: Engine) -> None:
    fast = Engine(DEFAULT_SETTINGS.with_(mode="fast"), nlp=engine.nlp)
    record = fast.analyze_draft(ArticleDraft(id="x", text=TEXT))
    assert record.analysed_with | {"newsgraph": "", "model": ""} == {
        "newsgraph": "", "model": "", "mode": "fast", "attribution_model": "crf",
        "attribution_model_sha256": digest_of("crf")}
    assert digest_of("crf") != digest_of("onnx")


def test_the_python_api_takes_the_mode_from_its_settings() -> None:
    record = analyze(TEXT, settings=DEFAULT_SETTINGS.with_(mode="fast"))
    assert record.analysed_with["mode"] == "fast"
    assert analyze(TEXT).analysed_with["mode"] == "accurate"


def test_the_rules_alone_record_no_model(engine: Engine) -> None:
    rules = Engine(DEFAULT_SETTINGS.with_(attribution="rules"), nlp=engine.nlp)
    record = rules.analyze_draft(ArticleDraft(id="x", text=TEXT))
    assert (record.analysed_with["mode"], record.analysed_with["attribution_model"]) == ("rules", "none")


@pytest.mark.parametrize(("changes", "message"), [
    ({"mode": "quick"}, "unknown mode 'quick'"),
    ({"mode": "fast", "attribution_model": "onnx"}, "give --fast or --attribution-model, not both"),
    ({"mode": "fast", "attribution": "rules"}, "give --fast or --attribution rules, not both"),
    ({"attribution": "crf"}, "unknown attribution 'crf'"),
])
def test_settings_that_cannot_run_are_a_usage_error(changes: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message) as raised:
        DEFAULT_SETTINGS.with_(**changes)
    assert raised.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize("options", [["--fast", "--attribution-model", "onnx"], ["--fast", "--attribution", "rules"]])
def test_bad_combinations_on_the_command_line_exit_2_with_one_line(options: list[str]) -> None:
    from newsgraph.cli import main

    result = runner.invoke(app, ["analyze", str(EXAMPLE), *options])
    # typer's runner lets the UsageError out; cli.main turns it into one line and exit 2
    assert isinstance(result.exception, UsageError) and "not both" in str(result.exception)
    with pytest.raises(SystemExit) as done:
        import sys
        argv, sys.argv = sys.argv, ["newsgraph", "analyze", str(EXAMPLE), *options]
        try:
            main()
        finally:
            sys.argv = argv
    assert done.value.code == ExitCode.USAGE


def test_the_environment_chooses_the_mode_of_a_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_MODE", "fast")
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["analysed_with"]["mode"] == "fast"
    monkeypatch.setenv("NEWSGRAPH_MODE", "slow")
    result = runner.invoke(app, ["analyze", str(EXAMPLE)])
    assert isinstance(result.exception, UsageError) and "NEWSGRAPH_MODE='slow' is not a mode" in str(result.exception)


def test_settings_with_a_mode_survive_pickling() -> None:
    settings = DEFAULT_SETTINGS.with_(mode="fast", workers=2)
    assert pickle.loads(pickle.dumps(settings)) == settings


def stored_modes(db: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT mode, attribution_model, json_extract(analysed_with, '$.mode'), "
                            "json_extract(analysed_with, '$.attribution_model') FROM articles").fetchall()
    conn.close()
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("where", ["1 worker", "2 workers", "dask"])
def test_the_fast_mode_crosses_process_boundaries_into_the_store(where: str, short_articles: Path,
                                                                tmp_path: Path) -> None:
    # The fast mode, not the default: a setting lost on the way to a worker would show as "accurate".
    settings = DEFAULT_SETTINGS.with_(mode="fast")
    db = tmp_path / "store.db"
    if where == "dask":
        from newsgraph.scale import ingest_on_dask

        summary = ingest_on_dask([str(short_articles)], db, address="local", workers=2, shards=tmp_path / "shards",
                                 partition_size=2, settings=settings, limit=4)
    else:
        summary = ingest([str(short_articles)], db, settings=settings, workers=int(where[0]), limit=4)
    assert summary.stored == 4
    assert stored_modes(db) == [("fast", "crf", "fast", "crf")] * 4


def test_ingest_keeps_the_mode_per_article_and_stats_counts_them(short_articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    accurate = runner.invoke(app, ["ingest", str(short_articles), "--limit", "2", "--workers", "1", "--db", str(db)])
    assert accurate.exit_code == 0, accurate.output
    fast = runner.invoke(app, ["ingest", str(EXAMPLE), "--fast", "--workers", "1", "--db", str(db)])
    assert fast.exit_code == 0, fast.output
    assert sorted(stored_modes(db)) == [("accurate", "onnx", "accurate", "onnx")] * 2 + [("fast", "crf", "fast", "crf")]
    stats = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert stats["analysed_by"] == [{"mode": "accurate", "attribution_model": "onnx", "articles": 2},
                                    {"mode": "fast", "attribution_model": "crf", "articles": 1}]
    table = runner.invoke(app, ["stats", "--db", str(db)])
    assert "analysed by: accurate mode, onnx (2), fast mode, crf (1)" in " ".join(table.stdout.split())


def test_articles_stored_before_the_modes_were_analysed_by_the_crf(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "v4.db"
    shipped = schema.migrations()
    monkeypatch.setattr(schema, "migrations", lambda: shipped[:4])
    conn = schema.connect(db)
    conn.execute("INSERT INTO articles (key, title, text, hash, analysed_with, ingested_at) VALUES "
                 "('old', 'Old', 'Old text.', 'h1', '{\"newsgraph\": \"0.1.0\"}', '2024-01-01T00:00:00+00:00')")
    conn.close()
    with Store(db) as store:  # read-only, not migrated: counted as what made it
        assert store.stats()["analysed_by"] == [{"mode": "fast", "attribution_model": "crf", "articles": 1}]
    monkeypatch.setattr(schema, "migrations", lambda: shipped)
    schema.connect(db).close()  # opened for writing by this newsgraph: migrated
    assert stored_modes(db) == [("fast", "crf", "fast", "crf")]
    with sqlite3.connect(db) as conn:
        assert json.loads(conn.execute("SELECT analysed_with FROM articles").fetchone()[0])["newsgraph"] == "0.1.0"
    conn.close()
