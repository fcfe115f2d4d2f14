"""The engine across process boundaries: errors pickle, every rejection comes back from 2 workers and
from a Dask cluster, a killed worker costs no article, and Ctrl-C leaves no traceback and a whole store."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pickle
import pkgutil
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import newsgraph
from newsgraph.errors import InputError, NewsgraphError
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft, ArticleRecord
from newsgraph.settings import DEFAULT_SETTINGS

from .conftest import ROOT, WIKINEWS
from .pathological import nested_brackets
from .processes import children, deadline
from .store_inputs import page, write_warc

NEWSGRAPH = [sys.executable, "-m", "newsgraph"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def all_subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *all_subclasses(direct))]


def newsgraph_errors() -> list[type[NewsgraphError]]:
    """NewsgraphError and every subclass defined anywhere in the package (all modules imported)."""
    for module in pkgutil.walk_packages(newsgraph.__path__, "newsgraph."):
        if not module.name.endswith("__main__"):
            try:
                importlib.import_module(module.name)
            except ImportError:  # an optional extra (torch) that is not installed
                continue
    return [NewsgraphError, *all_subclasses(NewsgraphError)]


def example_of(cls: type[NewsgraphError]) -> NewsgraphError:
    """An instance built from the class's own signature: one distinct string per required parameter."""
    own_init = any("__init__" in vars(base) for base in cls.__mro__ if issubclass(base, NewsgraphError))
    if not own_init:  # a built-in exception's __init__ (Exception, ValueError): any args
        return cls("a message")
    parameters = list(inspect.signature(cls).parameters.values())
    return cls(*[f"{p.name}-value" for p in parameters if p.default is p.empty and p.kind is not p.VAR_POSITIONAL])


def test_every_newsgraph_error_survives_pickling() -> None:
    classes = newsgraph_errors()
    assert InputError in classes and len(classes) >= 7
    for cls in classes:
        error = example_of(cls)
        error.add_note("a note")
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls and str(copy) == str(error) and copy.args == error.args, cls
        assert copy.__dict__ == error.__dict__ and copy.exit_code == error.exit_code, cls


# --- every rejection reason, through 2 workers and through Dask ------------------------------------

RUSSIAN = page("Президент встретился с министрами", [
    "Президент страны во вторник провёл совещание с министрами обороны и иностранных дел, сообщила пресс-служба.",
    "«Мы продолжим работу над соглашением», — заявил министр иностранных дел после встречи в столице.",
    "По словам источников, переговоры продлятся до конца недели, а итоговое заявление будет опубликовано в пятницу."])
SLOW_BUDGET = 5  # seconds: the good article needs a fraction of it, 40 KB of nested brackets over three times it
GOOD = "Bridge row\n\nThe council said on Monday that the harbour bridge would open in May, officials said."


@pytest.fixture(scope="module")
def every_rejection(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[tuple[str, str]]]:
    """Inputs that the engine rejects for every reason it has, one good article among them: the paths
    to give, and each rejected input's name with its reason. `empty` (no letters), `too_large` (over
    max_text_chars) and `not_english` are raised inside the worker (pipeline.clean.prepare); the
    others while reading, and passed through the workers; `too_slow` is an article that outlasts
    SLOW_BUDGET, stopped inside the worker while it shares a parse with another."""
    folder, rng = tmp_path_factory.mktemp("rejections"), random.Random(0)
    files = {
        "a-good.txt": GOOD,
        "b-russian.html": RUSSIAN,  # the page of the issue: its InputError could not be unpickled
        "c-no-letters.txt": "2024 - 12 345 678 / 90",
        "d-huge.jsonl": json.dumps({"id": "huge", "text": "word " * 200_001}) + "\n",
        "e-blank.txt": "",
        "f-binary.txt": b"\x00\x01\x02\x03 binary \x00",
        "g-bad.jsonl": "{not json\n",
        "h-no-text.json": json.dumps({"id": "x", "headline": "only a headline"}),
        "i-not-a-feed.rss": "just words, not a feed",
        "k-no-article.html": "<html><body><nav>Home</nav></body></html>",
        "l-encoding.txt": bytes(rng.randrange(0x80, 0x100) for _ in range(400)),
    }
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    whole = write_warc(folder / "j-archive.warc.gz").read_bytes()
    (folder / "j-archive.warc.gz").write_bytes(whole[: len(whole) // 4])  # cut inside its first record
    (folder / "o-slow.txt").write_text(nested_brackets(40_000), encoding="utf-8")  # over SLOW_BUDGET
    other_database = folder.parent / "n-other.db"  # SQLite, but not a newsgraph store
    with sqlite3.connect(other_database) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    missing = str(folder / "m-missing.txt")
    expected = [
        ("b-russian.html", "not_english"), ("c-no-letters.txt", "empty"), ("d-huge.jsonl", "too_large"),
        ("e-blank.txt", "empty"), ("f-binary.txt", "binary"), ("g-bad.jsonl", "bad_json"),
        ("h-no-text.json", "no_text"), ("i-not-a-feed.rss", "bad_feed"), ("j-archive.warc.gz", "bad_warc"),
        ("k-no-article.html", "no_article"), ("l-encoding.txt", "unreadable"), ("m-missing.txt", "not_found"),
        ("n-other.db", "bad_store"), ("o-slow.txt", "too_slow"),
    ]
    return [str(folder), missing, str(other_database)], expected


def as_reported(lines: list[str]) -> list[tuple[str, str]]:
    """(input file name, reason) of each `origin: message [reason]` line."""
    return [(re.sub(r"[@:]\d+$", "", Path(line.split(": ", 1)[0]).name), line.rsplit("[", 1)[1].rstrip("]"))
            for line in lines if line.endswith("]")]


def run(command: list[str], timeout: float, **options: object) -> subprocess.CompletedProcess[str]:
    """Run a newsgraph command in its own process group; a hang fails the test, its processes killed."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                               cwd=ROOT, start_new_session=True, **options)  # type: ignore[call-overload]
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"{' '.join(command[2:])} did not finish in {timeout:.0f} s")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def test_every_rejection_reason_comes_back_from_two_workers(
        every_rejection: tuple[list[str], list[tuple[str, str]]]) -> None:
    paths, expected = every_rejection
    # Before the fix, the first rejection raised in a worker killed the pool's result thread: a hang.
    done = run([*NEWSGRAPH, "analyze", *paths, "--workers", "2", "--batch-size", "2", "-f", "jsonl",
                "--max-article-seconds", str(SLOW_BUDGET)], timeout=300)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["a-good"]
    skipped, summary = done.stderr.strip().rsplit("\n", 1)
    assert summary == f"1 analysed, {len(expected)} skipped."
    lines = (" " + " ".join(skipped.split())).split(" skipped ")  # rich wraps long lines
    assert sorted(as_reported(lines)) == sorted(expected)


def test_every_rejection_reason_comes_back_from_a_dask_cluster(
        every_rejection: tuple[list[str], list[tuple[str, str]]], tmp_path: Path) -> None:
    from newsgraph.scale import ingest_on_dask

    paths, expected = every_rejection
    summary = ingest_on_dask(paths, tmp_path / "store.db", address="local", workers=2, shards=tmp_path / "shards",
                             partition_size=2, settings=DEFAULT_SETTINGS.with_(max_article_seconds=SLOW_BUDGET))
    assert summary.stored == 1
    assert sorted(as_reported([str(error) for error in summary.rejected])) == sorted(expected)
    with sqlite3.connect(tmp_path / "store.db") as conn:
        stored_errors = [f"{path}: [{reason}]" for path, reason in conn.execute("SELECT path, reason FROM errors")]
    assert sorted(as_reported(stored_errors)) == sorted(expected)


# --- a worker that dies ------------------------------------------------------------------------------

def test_a_killed_worker_costs_no_article(short_articles: Path, engine: Engine) -> None:
    rows = [json.loads(line) for line in short_articles.read_text(encoding="utf-8").splitlines()[:8]]
    drafts = [ArticleDraft(id=row["id"], text=row["text"], headline=row.get("headline")) for row in rows]
    parallel = Engine(engine.settings.with_(workers=2, batch_size=2))
    with deadline(300):
        results = parallel.analyze_many(drafts)
        first = next(results)
        for pid in children():  # both: whatever each holds is analysed again by a fresh worker
            os.kill(pid, signal.SIGKILL)
        records = [first, *results]
    assert all(isinstance(r, ArticleRecord) for r in records)
    assert [r.to_dict() for r in records] == [r.to_dict() for r in engine.analyze_many(drafts)]


# --- Ctrl-C ----------------------------------------------------------------------------------------

def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0  # not created yet


def wait_for(condition, seconds: float) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the run never got there"
        time.sleep(0.05)


ARTICLES = 40


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("articles") / "articles.jsonl"
    path.write_text("".join(WIKINEWS.read_text(encoding="utf-8").splitlines(keepends=True)[:ARTICLES]),
                    encoding="utf-8")
    return path


def _sigint_as_in_a_terminal() -> None:
    # A job started in the background of a non-interactive shell (`make test &`, `nohup`, some CI
    # runners) inherits SIGINT ignored, and Python keeps it ignored: the command would run to its end.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def ctrl_c(command: list[str], when, settle: float = 0.0) -> str:  # type: ignore[no-untyped-def]
    """Run `command` in its own process group and, once `when(pid)` holds and `settle` seconds more
    have passed, send SIGINT to the whole group, as a terminal's Ctrl-C does. Checks that it stopped
    with exit code 130 and no traceback; returns its standard error."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=ROOT,
                               start_new_session=True, preexec_fn=_sigint_as_in_a_terminal)
    try:
        wait_for(lambda: when(process.pid), 300)
        time.sleep(settle)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, stderr
    assert not any(word in stderr for word in ("Traceback", "KeyboardInterrupt", "ERROR")), stderr
    return stderr


def assert_whole(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def ingest_command(articles: Path, db: Path, *options: str) -> list[str]:
    return [*NEWSGRAPH, "ingest", str(articles), "--db", str(db), "--workers", "2", "--no-progress", *options]


def workers_started(pid: int) -> bool:
    return len(children(pid)) >= 2


def test_ctrl_c_while_the_workers_start_is_quiet(articles: Path, tmp_path: Path) -> None:
    # The workers are importing and loading the model: the moment a worker used to print its traceback.
    assert "interrupted" in ctrl_c(ingest_command(articles, tmp_path / "store.db"), workers_started)
    assert_whole(tmp_path / "store.db")
    assert stored(tmp_path / "store.db") == 0


def test_ctrl_c_while_articles_are_stored_is_quiet_and_a_rerun_completes_the_store(articles: Path,
                                                                                     tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    assert "every article stored so far is complete" in ctrl_c(ingest_command(articles, db), lambda _: stored(db) > 0)
    assert_whole(db)
    kept = stored(db)
    assert 0 < kept < ARTICLES
    # The rerun continues: what was stored is kept, the rest added, nothing twice.
    again = run(ingest_command(articles, db), timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{ARTICLES - kept} stored, {kept} already in the store" in again.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT hash) FROM articles").fetchone() == (ARTICLES, ARTICLES)
        assert conn.execute("SELECT count(*) FROM errors").fetchone() == (0,)


def test_ctrl_c_during_an_analysis_with_two_workers_is_quiet(articles: Path) -> None:
    ctrl_c([*NEWSGRAPH, "analyze", str(articles), "--workers", "2", "-f", "jsonl"], workers_started, settle=3)


def test_ctrl_c_during_an_ingest_on_a_local_dask_cluster_is_quiet(articles: Path, tmp_path: Path) -> None:
    # The cluster's worker processes are loading the model, or analysing.
    db = tmp_path / "store.db"
    ctrl_c(ingest_command(articles, db, "--dask", "local", "--shards", str(tmp_path / "shards")), workers_started,
           settle=3)
    assert_whole(db)


def test_a_ctrl_c_another_thread_takes_waits_for_the_worker_start_to_finish() -> None:
    # A thread that does not block SIGINT (a progress display's) takes the signal: the start must still
    # finish before the KeyboardInterrupt, or the half-started worker prints a traceback.
    from newsgraph.workers import sigint_blocked

    steps: list[str] = []
    # Python's own Ctrl-C handler, whatever an earlier test or library left in place.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), sigint_blocked():
            taker = threading.Thread(target=lambda: (signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}),
                                                     os.kill(os.getpid(), signal.SIGINT)))
            taker.start()
            taker.join()
            for _ in range(1000):  # bytecodes at which Python would raise a KeyboardInterrupt
                steps.append("")
            steps.append("started")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert steps[-1] == "started"
