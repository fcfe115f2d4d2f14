"""Speed and memory of the article engine against bare spaCy, on the same real news articles.

    python benchmarks/bench_analyze.py [--limit N] [--repeat R] [--workers N] [--profile] [--no-write]

Both modes in the same run: the default (accurate: the rules with the MiniLM tagger on ONNX
Runtime) and `--fast` (the rules with the CRF tagger), each against bare spaCy, with its peak RSS.
Every measurement runs in a fresh child interpreter, so each peak RSS is its own and no run
inherits another's warm caches; runs alternate (bare, accurate, fast, fast, accurate, bare, ...) so
that the noise of a small shared machine hits every side. benchmarks/README.md explains each figure.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import resource
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the sibling helper importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import _machine
from _profile import Profile, SectionTimer, instrumented, render_profile
from newsgraph.errors import InputError
from newsgraph.nlp import load_bare_model, model_description
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft, ArticleRecord
from newsgraph.settings import DEFAULT_SETTINGS, Settings
from newsgraph.tagging.model import model_directory, read_model_info

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpora" / "wikinews-2019-2020" / "articles.jsonl"
RESULTS = HERE / "RESULTS.md"
START_MARK, END_MARK = "<!-- bench_analyze:start -->", "<!-- bench_analyze:end -->"


def marks(attribution: str, model: str | None = None) -> tuple[str, str]:
    """The markers of this benchmark's section in RESULTS.md: one section per attribution path and
    per model other than the shipped one (named by its directory)."""
    name = attribution if model is None else model_directory(model).name
    if name == "model":
        return START_MARK, END_MARK
    return f"<!-- bench_analyze-{name}:start -->", f"<!-- bench_analyze-{name}:end -->"
RESULT_PREFIX = "BENCH_RESULT "
# Enough articles to load lazily-built state (vectors, lexeme caches, the pool's imports) before
# the clock starts, few enough not to matter on a small corpus.
WARMUP_ARTICLES = 5
# Of the bare parser's throughput, the engine keeps at least this much, by its tagger's architecture
# (issue 25): the fast mode's CRF 85%, the accurate mode's MiniLM on ONNX Runtime 65%, and MiniLM on
# torch (--attribution-model minilm) half.
TARGET_RATIOS = {"crf": 0.85, "minilm-onnx": 0.65, "minilm": 0.5}
TARGET_RSS_MIB = 1024.0
TARGET_RSS_MIB_TRANSFORMER = 1536.0  # torch and the encoder: issue 7's budget of 1.5 GB
# The engine's runs: the default mode, and the fast one when the tagger is not chosen otherwise.
ENGINE_KINDS = {"engine": "accurate", "fast": "fast"}


class BenchmarkError(RuntimeError):
    """A measurement's child process failed (typically a pipeline stage raised)."""


@dataclass
class Measurement:
    """One timed pass over the corpus, as measured inside its own process."""

    kind: str  # "bare" (spaCy as shipped), "engine" (newsgraph analyze) or "fast" (analyze --fast)
    workers: int
    articles: int
    seconds: float
    peak_rss_mib: float
    worker_peak_rss_mib: float = 0.0  # largest child process, when workers > 1
    rejected: int = 0
    chars: int = 0
    model: str = ""

    @property
    def rate(self) -> float:
        """Articles per second."""
        return self.articles / self.seconds if self.seconds > 0 else float("inf")


def load_corpus(path: Path = CORPUS, limit: int | None = None) -> list[dict[str, str]]:
    """The first `limit` articles (all when None) of a JSONL corpus with id/text/headline/published."""
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(rows) >= limit:
                break
            if line.strip():
                rows.append(json.loads(line))
    return rows


def drafts_from(rows: Iterable[dict[str, str]]) -> list[ArticleDraft]:
    """One ArticleDraft per corpus row, as the CLI would build it."""
    return [
        ArticleDraft(id=r["id"], text=r["text"], headline=r.get("headline"), published=r.get("published"))
        for r in rows
    ]


def _reap_children() -> float:
    multiprocessing.active_children()  # joins finished children so RUSAGE_CHILDREN counts them
    return _machine.peak_rss_mib(resource.RUSAGE_CHILDREN)


def measure_bare(rows: list[dict[str, str]], batch_size: int, n_process: int = 1) -> Measurement:
    """Time `nlp.pipe` of the shipped model over the texts, after loading and a warm-up."""
    nlp = load_bare_model(DEFAULT_SETTINGS.model_names)
    texts = [r["text"] for r in rows]
    list(nlp.pipe(texts[:WARMUP_ARTICLES], batch_size=batch_size))
    gc.collect()
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    seconds = time.perf_counter() - start
    return Measurement(
        "bare", n_process, len(docs), seconds, _machine.peak_rss_mib(), _reap_children(),
        chars=sum(len(t) for t in texts), model=model_description(nlp),
    )  # fmt: skip


def measure_engine(rows: list[dict[str, str]], settings: Settings) -> Measurement:
    """Time `Engine.analyze_many` over the drafts, after loading and a warm-up."""
    drafts = drafts_from(rows)
    engine = Engine(settings)
    # With workers, the timed run includes starting them (each loads and warms its own model, as in
    # every real run: newsgraph.workers); this warm-up only readies the process itself.
    nlp = engine.nlp
    list(Engine(settings.with_(workers=1), nlp=nlp).analyze_many(drafts[:WARMUP_ARTICLES]))
    gc.collect()
    start = time.perf_counter()
    results = list(engine.analyze_many(drafts))
    seconds = time.perf_counter() - start
    records = [r for r in results if isinstance(r, ArticleRecord)]
    return Measurement(
        "engine", settings.workers, len(results), seconds, _machine.peak_rss_mib(), _reap_children(),
        rejected=sum(isinstance(r, InputError) for r in results),
        chars=sum(len(r.text) for r in records), model=model_description(nlp),
    )  # fmt: skip


def profile_engine(rows: list[dict[str, str]], settings: Settings) -> Profile:
    """One instrumented single-process pass of `Engine.analyze_many`, after a warm-up."""
    settings = settings.with_(workers=1)  # the timers live in this process
    drafts = drafts_from(rows)
    engine = Engine(settings)
    list(engine.analyze_many(drafts[:WARMUP_ARTICLES]))
    timer = SectionTimer()
    with instrumented(engine.nlp, timer):
        start = time.perf_counter()
        list(engine.analyze_many(drafts))
        wall = time.perf_counter() - start
    return Profile(wall, len(drafts), timer.seconds, timer.calls)


def run_child(
    kind: str, corpus: Path, limit: int | None, batch_size: int, workers: int, attribution: str = "model",
    model: str | None = None,
) -> Measurement | Profile:
    """Run one measurement ("bare", "engine" or "profile") in a fresh interpreter; its result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--corpus", str(corpus)]
    command += ["--batch-size", str(batch_size), "--workers", str(workers), "--attribution", attribution]
    if model is not None:
        command += ["--attribution-model", model]
    if limit is not None:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise BenchmarkError(f"the {kind} run (workers={workers}) failed, exit {done.returncode}:\n{tail}")
    data = json.loads(lines[-1][len(RESULT_PREFIX) :])
    return Profile(**data) if kind == "profile" else Measurement(**data)


def _child_main(args: argparse.Namespace) -> int:
    rows = load_corpus(args.corpus, args.limit)
    settings = DEFAULT_SETTINGS.with_(batch_size=args.batch_size, workers=args.workers, attribution=args.attribution,
                                      attribution_model=args.attribution_model,
                                      mode=ENGINE_KINDS.get(args.child, DEFAULT_SETTINGS.mode))
    result: Measurement | Profile
    if args.child == "bare":
        result = measure_bare(rows, args.batch_size, args.workers)
    elif args.child in ENGINE_KINDS:
        result = measure_engine(rows, settings)
        result.kind = args.child
    else:
        result = profile_engine(rows, settings)
    print(RESULT_PREFIX + json.dumps(asdict(result)), flush=True)
    return 0


def engine_kinds(attribution: str, model: str | None) -> list[str]:
    """The engine runs to measure: both modes, unless the attribution is chosen otherwise (the rules
    alone, or another model), which has no fast mode beside it."""
    return ["engine", "fast"] if attribution == "model" and model is None else ["engine"]


def schedule(jobs: list[tuple[str, int]], repeat: int) -> list[tuple[str, int]]:
    """Jobs repeated `repeat` times, every other round reversed (bare, engine, engine, bare, ...)."""
    return [job for r in range(repeat) for job in (jobs if r % 2 == 0 else jobs[::-1])]


def _median(runs: list[Measurement]) -> Measurement:
    """The run of median duration, with the highest peak RSS of all runs (memory is a ceiling)."""
    middle = sorted(runs, key=lambda m: m.seconds)[(len(runs) - 1) // 2]
    peak = max(m.peak_rss_mib for m in runs)
    worker_peak = max(m.worker_peak_rss_mib for m in runs)
    return Measurement(**{**asdict(middle), "peak_rss_mib": peak, "worker_peak_rss_mib": worker_peak})


def _check(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def render(
    runs: dict[tuple[str, int], list[Measurement]],
    profile: Profile | None,
    options: dict[str, Any],
    machine: list[tuple[str, str]],
) -> str:
    """The Markdown section for RESULTS.md (markers included)."""
    med = {job: _median(r) for job, r in runs.items()}
    bare = med[("bare", 1)]
    model = options.get("attribution_model")
    attribution = options.get("attribution", "model")
    start_mark, end_mark = marks(attribution, model)
    title = "newsgraph analyze vs bare spaCy" + (f" (--attribution {attribution})" if attribution != "model" else "")
    title += f" (--attribution-model {model_directory(model).name})" if model else ""
    out = [start_mark, f"## bench_analyze: {title}", ""]
    command = f"python benchmarks/bench_analyze.py {options['argv']}".strip()
    out.append(f"Command: `{command}`")
    out += ["", "| Machine | |", "|---|---|", *[f"| {k} | {v} |" for k, v in machine], ""]
    out.append(
        f"Corpus: {options['corpus']} ({bare.articles} articles, {bare.chars:,} characters), "
        f"batch size {options['batch_size']}, median of {options['repeat']} runs per figure "
        f"(alternating order), {WARMUP_ARTICLES} warm-up articles per run; engine attribution: "
        f"{attribution}" + (f", the model in `{model}`." if model else ".")
    )
    out += ["", "| Run | articles/s | median s | min–max s | peak RSS MiB | largest worker MiB |"]
    out.append("|---|---:|---:|---:|---:|---:|")
    for (kind, workers), m in med.items():
        secs = [r.seconds for r in runs[(kind, workers)]]
        label = _label(kind, options) + (f", {workers} processes" if workers > 1 else "")
        worker = f"{m.worker_peak_rss_mib:.0f}" if workers > 1 else "–"
        out.append(
            f"| {label} | {m.rate:.2f} | {m.seconds:.2f} | {min(secs):.2f}–{max(secs):.2f} "
            f"| {m.peak_rss_mib:.0f} | {worker} |"
        )
    out.append("")
    peak = max(m.peak_rss_mib for m in med.values())
    for kind in (k for k in ENGINE_KINDS if (k, 1) in med):
        engine = med[(kind, 1)]
        ratio = engine.rate / bare.rate
        target, rss_target = _targets(_settings_of(kind, options))
        name = _label(kind, options)
        out.append(f"- **{name}: ratio analyze / bare {ratio:.2f}** (target ≥ {target}: {_check(ratio >= target)}); "
                   f"**peak RSS {engine.peak_rss_mib:.0f} MiB** "
                   f"(target < {rss_target:.0f} MiB: {_check(engine.peak_rss_mib < rss_target)})")
        out.append(f"  - inputs rejected: {engine.rejected}; characters parsed: {engine.chars:,}")
        n = options["workers"]
        if n > 1:
            eng_n, bare_n = med[(kind, n)], med[("bare", n)]
            out.append(
                f"  - {n} workers: {eng_n.rate / engine.rate:.2f}× single-process, per-core efficiency "
                f"**{eng_n.rate / (n * engine.rate):.2f}**; bare spaCy n_process={n}: "
                f"{bare_n.rate / (n * bare.rate):.2f}; analyze / bare at {n}: {eng_n.rate / bare_n.rate:.2f}"
            )
    out.append(f"- Highest peak RSS of all runs: {peak:.0f} MiB")
    if profile is not None:
        out += ["", *render_profile(profile)]
    return "\n".join([*out, "", end_mark])


def _label(kind: str, options: dict[str, Any]) -> str:
    if kind == "bare":
        return "bare spaCy (nlp.pipe)"
    if kind == "fast":
        return "newsgraph --fast (rules + CRF)"
    if options.get("attribution", "model") != "model" or options.get("attribution_model"):
        return "newsgraph Engine.analyze_many"
    return "newsgraph default (accurate: rules + MiniLM on ONNX)"


def _settings_of(kind: str, options: dict[str, Any]) -> Settings:
    return DEFAULT_SETTINGS.with_(attribution=options.get("attribution", "model"),
                                  attribution_model=options.get("attribution_model"), mode=ENGINE_KINDS[kind])


def _targets(settings: Settings) -> tuple[float, float]:
    """(ratio to bare spaCy, peak RSS in MiB) the engine must keep with `settings`: by the
    architecture of its tagger (`TARGET_RATIOS`; the rules alone as the CRF); torch 1.5 GB."""
    if settings.attribution == "rules":
        return TARGET_RATIOS["crf"], TARGET_RSS_MIB
    architecture = read_model_info(model_directory(settings.attribution_model, settings.mode)).meta.get(
        "architecture", "crf")
    rss = TARGET_RSS_MIB_TRANSFORMER if architecture == "minilm" else TARGET_RSS_MIB
    return TARGET_RATIOS.get(str(architecture), TARGET_RATIOS["crf"]), rss


def write_section(path: Path, section: str) -> None:
    """Replace this section of `path` (found by its markers) or add it, leaving other sections alone."""
    start_mark, end_mark = section.splitlines()[0], section.splitlines()[-1]
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if start_mark in text and end_mark in text:
        before, rest = text.split(start_mark, 1)
        after = rest.split(end_mark, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is kept")
    parser.add_argument("--workers", type=int, default=1, help="also measure the engine with N processes")
    parser.add_argument("--profile", action="store_true", help="time each pipeline stage")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_SETTINGS.batch_size)
    parser.add_argument("--attribution", choices=("model", "rules"), default=DEFAULT_SETTINGS.attribution,
                        help="the engine's attribution path (default: the rules plus the learned tagger)")
    parser.add_argument("--attribution-model", help="a trained attribution model's directory instead of the "
                        "accurate mode's, or a shipped model's name (minilm, onnx, crf); measures that engine only")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown file to update")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--child", choices=("bare", *ENGINE_KINDS, "profile"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.workers < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--repeat, --workers and --limit must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 on success, 1 when a measurement failed (the reason is printed)."""
    args = parse_args(argv)
    if args.child:
        return _child_main(args)
    if not args.corpus.is_file():
        print(f"bench_analyze: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    engines = engine_kinds(args.attribution, args.attribution_model)
    jobs = [("bare", 1), *((kind, 1) for kind in engines)]
    if args.workers > 1:
        jobs += [("bare", args.workers), *((kind, args.workers) for kind in engines)]
    runs: dict[tuple[str, int], list[Measurement]] = {job: [] for job in jobs}
    profile: Profile | None = None
    try:
        for kind, workers in schedule(jobs, args.repeat):
            result = run_child(kind, args.corpus, args.limit, args.batch_size, workers, args.attribution,
                               args.attribution_model)
            assert isinstance(result, Measurement)
            runs[(kind, workers)].append(result)
            print(f"  {kind:6} workers={workers}: {result.rate:7.2f} articles/s, "
                  f"{result.peak_rss_mib:5.0f} MiB", file=sys.stderr, flush=True)  # fmt: skip
        if args.profile:
            result = run_child("profile", args.corpus, args.limit, args.batch_size, 1, args.attribution,
                               args.attribution_model)
            assert isinstance(result, Profile)
            profile = result
    except BenchmarkError as error:
        print(f"bench_analyze: {error}", file=sys.stderr)
        return 1
    shown = " ".join(argv if argv is not None else sys.argv[1:])
    corpus = args.corpus.resolve()
    corpus_name = corpus.relative_to(HERE.parent) if corpus.is_relative_to(HERE.parent) else corpus
    options = {**vars(args), "argv": shown, "corpus": f"`{corpus_name}`"}
    section = render(runs, profile, options, _machine.describe(runs[("bare", 1)][0].model))
    print(section)
    if not args.no_write:
        write_section(args.results, section)
        print(f"bench_analyze: wrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
