"""Smoke tests of benchmarks/bench_ingest.py and bench_longrun.py on tiny inputs: they run, they never time."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import WIKINEWS

ROOT = Path(__file__).resolve().parent.parent


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench_ingest() -> ModuleType:
    return load("bench_ingest")


@pytest.fixture(scope="module")
def bench_longrun() -> ModuleType:
    return load("bench_longrun")


def test_ingest_benchmark_runs_every_way_and_writes_its_section(bench_ingest: ModuleType, short_articles: Path,
                                                                tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n<!-- other:start -->\nkept\n<!-- other:end -->\n")
    args = ["--limit", "3", "--workers", "2", "--corpus", str(short_articles), "--results", str(results)]
    assert bench_ingest.main(args) == 0
    text = results.read_text()
    assert "kept" in text and text.count(bench_ingest.START_MARK) == 1
    for kind in bench_ingest.KINDS:
        assert f"| {kind} | 2 |" in text and f"| {kind} | 1 |" in text
    assert "ingest / analyse" in text and "per-worker efficiency at 2 workers" in text
    assert "| merge | 1 |" in text and "the merge step alone" in text


def test_long_corpus_is_real_text_with_new_names_in_each_copy(bench_longrun: ModuleType) -> None:
    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines()[:4]]
    drafts = list(bench_longrun.long_corpus(rows, 12))
    assert [d.text for d in drafts[:4]] == [r["text"] for r in rows]  # copy 0 is the article itself
    assert len({d.text for d in drafts}) == 12
    assert len({d.id for d in drafts}) == 12
    # Only names change: the prose around them is the original's.
    original, copy = rows[0]["text"].split(), drafts[4].text.split()
    changed = sum(a != b for a, b in zip(original, copy, strict=False))
    assert 0 < changed < len(original) // 5


def test_renaming_is_consistent_within_an_article(bench_longrun: ModuleType) -> None:
    import random

    text = "John Smith met Mary Jones. Later Smith said Mary Jones was right."
    out = bench_longrun.renamed(text, random.Random(1), ["Ann"], ["Lee"], {})
    assert "John" not in out and "Smith" not in out and "Jones" not in out
    assert out == "Ann Lee met Ann Lee. Later Lee said Ann Lee was right."


def test_longrun_samples_every_worker_and_reports_flatness(bench_longrun: ModuleType, short_articles: Path,
                                                         tmp_path: Path) -> None:
    results, checkpoint = tmp_path / "RESULTS.md", tmp_path / "samples.json"
    args = ["--articles", "6", "--workers", "2", "--interval", "0.2", "--corpus", str(short_articles),
            "--results", str(results), "--samples", str(checkpoint)]
    assert bench_longrun.main(args) == 0
    text = results.read_text()
    assert "Peak RSS of a worker" in text and "Growth" in text
    # The two workers, started before the first article and alive to the end, and nothing else
    # (multiprocessing's resource tracker is a child too).
    assert max(len(rss) for rss in bench_longrun.Samples.load(checkpoint).rss) == 2
    # A spike (a long article) leaves the floor alone; a rising floor is growth.
    spiky = [{1: 400.0}] * 5 + [{1: 400.0}, {1: 900.0}, {1: 400.0}, {1: 400.0}, {1: 400.0}]
    samples = bench_longrun.Samples(times=list(range(10)), done=list(range(10)), rss=spiky)
    assert bench_longrun.flatness(samples)[2] == pytest.approx(0.0)
    rising = [{1: 400.0 + 20 * i, 2: 300.0} for i in range(10)]
    samples = bench_longrun.Samples(times=list(range(10)), done=list(range(10)), rss=rising)
    assert bench_longrun.flatness(samples)[2] > 0.2
    # Passes over a 4-article corpus: only full passes count, each by its median.
    samples = bench_longrun.Samples(times=list(range(10)), done=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
                                    rss=[{1: 100.0 + i} for i in range(10)])
    assert [p for p, _, _ in bench_longrun.by_pass(samples, 4, 10)] == [0, 1]


def test_long_run_growth_compares_a_tenth_of_the_passes_at_each_end(bench_longrun: ModuleType) -> None:
    # 40 passes over a 2-article corpus; workers replaced every 8 articles make a sawtooth.
    done = list(range(1, 81))
    sawtooth = [{1: 400.0 + 10 * (d % 8)} for d in done]
    samples = bench_longrun.Samples(times=done, done=done, rss=sawtooth)
    assert bench_longrun.windows(samples, 2, 40)[2] == pytest.approx(0.0, abs=0.02)
    leaking = [{1: 400.0 + 10 * (d % 8) + 2 * d} for d in done]
    samples = bench_longrun.Samples(times=done, done=done, rss=leaking)
    assert bench_longrun.windows(samples, 2, 40)[2] > 0.2


def test_a_stopped_long_run_still_reports_what_it_analysed(bench_longrun: ModuleType, short_articles: Path,
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class StoppedEngine:  # stands in for the engine: the harness, not the analysis, is under test
        def __init__(self, settings: object) -> None:
            pass

        def analyze_many(self, drafts):  # type: ignore[no-untyped-def]
            for n, draft in enumerate(drafts):
                if n == 3:
                    raise KeyboardInterrupt  # what Ctrl-C or SIGTERM raises in the run
                yield draft

    monkeypatch.setattr(bench_longrun, "Engine", StoppedEngine)
    results = tmp_path / "RESULTS.md"
    args = ["--articles", "6", "--workers", "1", "--interval", "0.05", "--corpus", str(short_articles),
            "--results", str(results)]
    assert bench_longrun.main(args) == 0
    assert "Stopped after 3 of 6 articles." in results.read_text()


def test_a_checkpointed_long_run_resumes_where_it_stopped(bench_longrun: ModuleType, short_articles: Path,
                                                          tmp_path: Path) -> None:
    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines()[:3]]
    whole = [(d.id, d.text) for d in bench_longrun.long_corpus(rows, 8)]
    assert [(d.id, d.text) for d in bench_longrun.long_corpus(rows, 8, start=5)] == whole[5:]

    results, checkpoint = tmp_path / "RESULTS.md", tmp_path / "samples.json"
    common = ["--workers", "1", "--interval", "0.05", "--corpus", str(short_articles), "--results", str(results),
              "--samples", str(checkpoint)]
    assert bench_longrun.main(["--articles", "2", *common]) == 0
    first = bench_longrun.Samples.load(checkpoint)
    assert first.articles == 2 and first.sittings == [[0, 2]] and first.worker_peak > 0
    assert bench_longrun.main(["--articles", "4", *common, "--resume"]) == 0
    resumed = bench_longrun.Samples.load(checkpoint)
    assert resumed.articles == 4 and resumed.sittings == [[0, 2], [2, 4]]
    assert resumed.seconds > first.seconds and resumed.times == sorted(resumed.times)
    assert resumed.done[: len(first.done)] == first.done and max(resumed.done) <= 4
    assert "Run in 2 sittings (articles 0-2, 2-4)" in results.read_text()
    # A checkpoint is only continued with the settings it was made with.
    assert bench_longrun.main(["--articles", "6", *common, "--resume", "--worker-max-articles", "7"]) == 1
