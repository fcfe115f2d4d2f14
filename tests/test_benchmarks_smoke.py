"""Smoke test of benchmarks/bench_analyze.py on three tiny articles: it runs, it never times."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsgraph import pipeline

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "bench_analyze.py"

ARTICLES = [
    {
        "id": "a1",
        "headline": "Council approves new bridge",
        "published": "2020-03-04",
        "text": 'The city council approved a new bridge on Tuesday. "It will cut commutes in half," '
        "Mayor Ann Lee said.",
    },
    {
        "id": "a2",
        "headline": "Storm closes schools",
        "published": "2019-11-20",
        "text": "Schools across the region closed on Monday as a storm brought heavy snow.\n\n"
        "Officials said the roads would reopen by Wednesday.",
    },
    {
        "id": "a3",
        "headline": "Team wins final",
        "published": "2020-01-12",
        "text": 'The home team won the final 2-1. "We never stopped believing," the coach told reporters.',
    },
]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_analyze", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_analyze"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def test_corpus_and_drafts(bench: ModuleType, corpus: Path) -> None:
    rows = bench.load_corpus(corpus, limit=2)
    assert [r["id"] for r in rows] == ["a1", "a2"]
    drafts = bench.drafts_from(rows)
    assert drafts[0].headline == "Council approves new bridge"
    assert drafts[1].published == "2019-11-20"


def test_measurements_in_process(bench: ModuleType, corpus: Path) -> None:
    rows = bench.load_corpus(corpus)
    bare = bench.measure_bare(rows, batch_size=2)
    engine = bench.measure_engine(rows, pipeline.DEFAULT_SETTINGS.with_(batch_size=2))
    for measurement in (bare, engine):
        assert measurement.articles == 3
        assert measurement.seconds > 0 and measurement.rate > 0
        assert measurement.peak_rss_mib > 0
        assert measurement.model
    assert engine.rejected == 0


def test_profile_covers_every_stage_and_restores_the_engine(bench: ModuleType, corpus: Path) -> None:
    stages = pipeline.STAGES
    prepare = pipeline.clean.prepare
    profile = bench.profile_engine(bench.load_corpus(corpus), pipeline.DEFAULT_SETTINGS)
    labels = set(profile.seconds)
    assert {f"stage {s.__module__.rsplit('.', 1)[-1]}" for s in stages} <= labels
    assert {"clean.prepare", "spaCy tokenizer", "spaCy parser"} <= labels
    assert profile.calls["clean.prepare"] == 3
    assert profile.wall >= sum(profile.seconds.values()) * 0.99
    assert pipeline.STAGES is stages and pipeline.clean.prepare is prepare
    nlp = pipeline.Engine().nlp
    assert "pipe" not in vars(nlp)
    assert all(not type(p).__name__.startswith("_Timed") for _, p in nlp.pipeline)
    lines = bench.render_profile(profile)
    assert any("stage quotes" in line for line in lines)


def test_schedule_alternates(bench: ModuleType) -> None:
    jobs = [("bare", 1), ("engine", 1)]
    assert bench.schedule(jobs, 3) == [jobs[0], jobs[1], jobs[1], jobs[0], jobs[0], jobs[1]]


def test_section_replaces_itself_and_keeps_others(bench: ModuleType, tmp_path: Path) -> None:
    def run(kind: str, seconds: float) -> object:
        return bench.Measurement(kind, 1, 3, seconds, 300.0, chars=200, model="en_core_web_sm-3.8.0")

    runs = {("bare", 1): [run("bare", 1.0), run("bare", 1.2)], ("engine", 1): [run("engine", 1.1)],
            ("fast", 1): [run("fast", 1.05)]}
    options = {"argv": "--limit 3", "corpus": "`x.jsonl`", "batch_size": 2, "repeat": 2, "workers": 1}
    section = bench.render(runs, None, options, [("CPU", "test")])
    assert section.startswith(bench.START_MARK) and section.endswith(bench.END_MARK)
    # Both modes, each with its ratio to bare spaCy, its target (issue 25) and its peak RSS.
    assert "default (accurate: rules + MiniLM on ONNX): ratio analyze / bare 0.91** (target ≥ 0.65" in section
    assert "--fast (rules + CRF): ratio analyze / bare 0.95** (target ≥ 0.85" in section
    assert section.count("peak RSS 300 MiB") == 2
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n<!-- other:start -->\nkept\n<!-- other:end -->\n")
    bench.write_section(results, section)
    bench.write_section(results, section.replace("test", "again"))
    text = results.read_text()
    assert text.count(bench.START_MARK) == 1 and "kept" in text and "again" in text


def test_command_line_runs_children(bench: ModuleType, corpus: Path, tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    args = ["--limit", "3", "--repeat", "1", "--batch-size", "2", "--corpus", str(corpus)]
    assert bench.main([*args, "--results", str(results)]) == 0
    text = results.read_text()
    assert "articles/s" in text and "| newsgraph --fast (rules + CRF) |" in text
    assert "| newsgraph default (accurate: rules + MiniLM on ONNX) |" in text


def test_both_modes_are_measured_unless_the_tagger_is_chosen_otherwise(bench: ModuleType) -> None:
    assert bench.engine_kinds("model", None) == ["engine", "fast"]
    assert bench.engine_kinds("rules", None) == ["engine"]
    assert bench.engine_kinds("model", "minilm") == ["engine"]


def test_each_attribution_path_keeps_its_own_section(bench: ModuleType, tmp_path: Path) -> None:
    runs = {("bare", 1): [bench.Measurement("bare", 1, 3, 1.0, 300.0)],
            ("engine", 1): [bench.Measurement("engine", 1, 3, 1.2, 300.0)]}
    options = {"argv": "", "corpus": "`x.jsonl`", "batch_size": 2, "repeat": 1, "workers": 1}
    results = tmp_path / "RESULTS.md"
    bench.write_section(results, bench.render(runs, None, {**options, "attribution": "model"}, []))
    bench.write_section(results, bench.render(runs, None, {**options, "attribution": "rules"}, []))
    minilm = ROOT / "src" / "newsgraph" / "models" / "attribution-minilm"
    bench.write_section(results, bench.render(runs, None, {**options, "attribution": "model",
                                                           "attribution_model": str(minilm)}, []))
    text = results.read_text()
    assert text.count(bench.START_MARK) == 1 and "(--attribution rules)" in text
    assert bench.marks("rules")[0] in text
    # Another model keeps a section of its own, judged by the transformer tagger's budget.
    assert bench.marks("model", str(minilm))[0] == "<!-- bench_analyze-attribution-minilm:start -->"
    assert "(--attribution-model attribution-minilm)" in text and "target ≥ 0.5" in text


def test_pyinstrument_profile_of_the_stages(bench: ModuleType, corpus: Path, capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("profile_engine", ROOT / "benchmarks" / "profile_engine.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = tmp_path / "profile.html"
    assert module.main(["--corpus", str(corpus), "--limit", "3", "--html", str(page), "--interval", "0.0001"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 articles, stages ") and "newsgraph/pipeline/quotes.py" in out
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
