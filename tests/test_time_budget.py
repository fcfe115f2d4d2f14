"""The per-article time budget: an article still being analysed when its time is up is stopped where
it is and rejected as `too_slow`; the batch goes on, in one process, with worker processes and on
Dask (whose tasks run in worker threads, where no signal can reach them)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from newsgraph.budget import WATCHDOG_THREAD, within_budget
from newsgraph.errors import ExitCode, InputError
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft, ArticleRecord
from newsgraph.settings import DEFAULT_SETTINGS

from .conftest import EXAMPLE
from .pathological import nested_brackets

# The example article needs a fraction of a second, but a loaded 2-core machine (a test run beside
# other work) has made its parse and stages take over 5 s: the budget must leave room for that.
BUDGET = 10.0
# Minutes of spaCy's own work (200,000 one-character tokens), far past the budget on any machine;
# the example article takes a fraction of a second.
SLOW_TEXT = nested_brackets(200_000)
# The article is stopped within its budget plus what spaCy takes to return to Python; generous.
STOPPED_WITHIN = 4 * BUDGET


def _spin(seconds: float) -> int:
    """Pure Python work: a loop that never returns to any checkpoint of ours."""
    deadline, n = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        n += 1
    return n


def test_a_loop_is_stopped_in_the_middle() -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as stopped, within_budget(0.2, "a.txt"):
        _spin(30)
    assert time.monotonic() - started < 10
    assert stopped.value.reason == "too_slow" and stopped.value.origin == "a.txt"


def test_a_loop_in_another_thread_is_stopped() -> None:
    # Dask runs a task in a worker thread: signals cannot reach it, the budget must.
    outcome: list[str] = []

    def task() -> None:
        try:
            with within_budget(0.2, "b.txt"):
                _spin(30)
            outcome.append("finished")
        except InputError as error:
            outcome.append(error.reason)

    worker = threading.Thread(target=task)
    worker.start()
    worker.join(timeout=20)
    assert outcome == ["too_slow"]


def test_a_block_done_in_time_is_never_interrupted_later() -> None:
    for _ in range(20):
        with within_budget(0.05, "c.txt"):
            pass
    _spin(0.3)  # past every budget above: nothing may fire here
    # One watchdog thread keeps every deadline, not a thread per block.
    assert [t.name for t in threading.enumerate()].count(WATCHDOG_THREAD) == 1


def test_no_budget_when_zero() -> None:
    with within_budget(0, "d.txt"):
        _spin(0.1)


def _drafts() -> list[ArticleDraft]:
    example = EXAMPLE.read_text(encoding="utf-8")
    return [ArticleDraft(id="first", text=example, origin="first.txt"),
            ArticleDraft(id="slow", text=SLOW_TEXT, origin="slow.txt"),
            ArticleDraft(id="last", text=example.replace("Zelenskyy", "Zelensky"), origin="last.txt")]


def _check(results: list[ArticleRecord | InputError]) -> None:
    assert [type(r).__name__ for r in results] == ["ArticleRecord", "InputError", "ArticleRecord"]
    assert results[1].reason == "too_slow" and results[1].origin == "slow.txt"  # type: ignore[union-attr]
    assert all(r.quotes for r in results if isinstance(r, ArticleRecord))


def test_one_slow_article_in_a_batch_is_rejected_and_the_others_analysed(engine: Engine) -> None:
    budgeted = Engine(DEFAULT_SETTINGS.with_(max_article_seconds=BUDGET), nlp=engine.nlp)
    started = time.monotonic()
    results = list(budgeted.analyze_many(_drafts()))  # one batch: its parse overruns, then one by one
    _check(results)
    assert time.monotonic() - started < 2 * STOPPED_WITHIN


def test_analyze_draft_rejects_a_slow_article(engine: Engine) -> None:
    budgeted = Engine(DEFAULT_SETTINGS.with_(max_article_seconds=BUDGET), nlp=engine.nlp)
    started = time.monotonic()
    with pytest.raises(InputError, match="too_slow"):
        budgeted.analyze_draft(_drafts()[1])
    assert time.monotonic() - started < STOPPED_WITHIN


def test_worker_processes_reject_a_slow_article_and_go_on(engine: Engine) -> None:
    engine.warm()  # forked workers inherit the session's warm model
    parallel = Engine(DEFAULT_SETTINGS.with_(max_article_seconds=BUDGET, workers=2, batch_size=1), nlp=engine.nlp)
    _check(list(parallel.analyze_many(_drafts())))


def _write_inputs(folder: Path) -> Path:
    folder.mkdir()
    for draft in _drafts():
        (folder / draft.origin).write_text(draft.text, encoding="utf-8")  # type: ignore[operator]
    return folder


def _errors(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return [(Path(path).name, reason) for path, reason in conn.execute("SELECT path, reason FROM errors")]
    finally:
        conn.close()


def test_dask_workers_reject_a_slow_article_and_the_store_keeps_the_rest(tmp_path: Path) -> None:
    from newsgraph.scale import ingest_on_dask

    folder = _write_inputs(tmp_path / "in")
    db = tmp_path / "dask.db"
    summary = ingest_on_dask([str(folder)], db, address="local", workers=1, shards=tmp_path / "shards",
                             settings=DEFAULT_SETTINGS.with_(max_article_seconds=BUDGET, batch_size=1))
    assert summary.stored == 2
    assert [(e.origin and Path(e.origin).name, e.reason) for e in summary.rejected] == [("slow.txt", "too_slow")]
    assert _errors(db) == [("slow.txt", "too_slow")]


def test_the_command_line_takes_the_budget_and_reports_the_reason(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsgraph.cli import app

    folder = _write_inputs(tmp_path / "in")
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1",
                                      "--max-article-seconds", str(BUDGET), "--no-progress"])
    assert result.exit_code == ExitCode.SOME_INPUTS_REJECTED, result.output
    assert "too_slow" in result.output and "2 stored" in result.output
    assert _errors(db) == [("slow.txt", "too_slow")]
