"""Ingest into the store against analysis alone, at 1 and N workers, and the Dask path against both.

    python benchmarks/bench_ingest.py [--limit N] [--repeat R] [--workers N] [--no-dask]

Three ways over the same articles, each in a fresh child interpreter, alternating, medians kept:

- analyse: reading the JSON Lines and `Engine.analyze_many` (N worker processes), records dropped;
- ingest: `newsgraph ingest` into a new store (read, hash, analyse in N processes, identities, one
  transaction per article) -- target >= 0.9 x analyse;
- dask: `newsgraph ingest --dask local` with N LocalCluster workers (Parquet shards, then the merge
  into the store) -- the price of the cluster path on one machine; the cluster is up and every
  worker's model loaded before the clock starts. After it, the merge step alone is timed (its
  shards into a new store), the serial part of a cluster backfill.

The per-worker efficiency at N is rate(N) / (N x rate(1)) for each way (target >= 0.85).
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the sibling helpers importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import _machine
from bench_analyze import (
    CORPUS,
    RESULT_PREFIX,
    RESULTS,
    BenchmarkError,
    Measurement,
    _median,
    _reap_children,
    schedule,
    write_section,
)
from newsgraph.errors import InputError
from newsgraph.nlp import model_description
from newsgraph.pipeline import Engine
from newsgraph.settings import DEFAULT_SETTINGS, Settings
from newsgraph.sources import read_paths
from newsgraph.store.schema import connect
from newsgraph.store.shards import merge_shards

HERE = Path(__file__).resolve().parent
START_MARK, END_MARK = "<!-- bench_ingest:start -->", "<!-- bench_ingest:end -->"
TARGET_INGEST_RATIO = 0.9
TARGET_EFFICIENCY = 0.85
WARMUP_ARTICLES = 5
# Small partitions keep both workers busy on a small corpus; a backfill would use hundreds.
DASK_PARTITION_SIZE = 8
KINDS = ("analyse", "ingest", "dask")
ORDER = (*KINDS, "merge")  # the merge step is timed inside each Dask run


def subset(corpus: Path, limit: int | None, folder: Path, name: str) -> Path:
    """The first `limit` articles of `corpus` as their own JSON Lines file."""
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines(keepends=True) if line.strip()]
    path = folder / name
    path.write_text("".join(lines[:limit] if limit else lines), encoding="utf-8")
    return path


def measure(kind: str, source: Path, workers: int, folder: Path) -> list[Measurement]:
    """One timed pass of `kind` over `source`, after the model is loaded and warm."""
    settings = DEFAULT_SETTINGS.with_(workers=workers)
    warm = subset(source, WARMUP_ARTICLES, folder, "warm-up.jsonl")
    if kind == "dask":
        return _measure_dask(source, warm, settings, folder)
    engine = Engine(settings)
    model = engine.nlp  # with workers, each loads its own when the timed run starts them
    list(Engine(settings.with_(workers=1), nlp=model).analyze_many(read_paths([str(warm)], settings)))
    started = time.perf_counter()
    if kind == "analyse":
        results = list(engine.analyze_many(read_paths([str(source)], settings)))
        articles, rejected = len(results), sum(isinstance(r, InputError) for r in results)
    else:
        from newsgraph.store.ingestion import ingest

        summary = ingest([str(source)], folder / "ingest.db", engine=engine, workers=workers)
        articles, rejected = summary.stored + len(summary.rejected), len(summary.rejected)
    seconds = time.perf_counter() - started
    return [Measurement(kind, workers, articles, seconds, _machine.peak_rss_mib(), _reap_children(),
                        rejected=rejected, chars=0, model=model_description(model))]


def _measure_dask(source: Path, warm: Path, settings: Settings, folder: Path) -> Measurement:
    """The Dask path on a LocalCluster that is up and warm (every worker has loaded its model)."""
    from distributed import LocalCluster

    from newsgraph.scale import ingest_on_dask

    with LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster:
        address = cluster.scheduler_address
        # One tiny partition per worker loads every worker's model before the clock starts.
        ingest_on_dask([str(warm)], folder / "warm.db", address=address, shards=folder / "warm-shards",
                       settings=settings, partition_size=max(1, WARMUP_ARTICLES // settings.workers))
        started = time.perf_counter()
        summary = ingest_on_dask([str(source)], folder / "dask.db", address=address, shards=folder / "shards",
                                 settings=settings, partition_size=DASK_PARTITION_SIZE)
        seconds = time.perf_counter() - started
    dask = Measurement("dask", settings.workers, summary.stored + len(summary.rejected), seconds,
                       _machine.peak_rss_mib(), _reap_children(), rejected=len(summary.rejected))
    return [dask, _measure_merge(folder / "shards", folder / "merged.db")]


def _measure_merge(shards: Path, db: Path) -> Measurement:
    """The merge step alone (one writer, no analysis): the shards of the Dask run into a new store."""
    conn = connect(db)
    try:
        started = time.perf_counter()
        counts = merge_shards(shards, conn)
        seconds = time.perf_counter() - started
    finally:
        conn.close()
    return Measurement("merge", 1, counts.stored + len(counts.rejected), seconds, _machine.peak_rss_mib(),
                       rejected=len(counts.rejected))


def run_child(kind: str, source: Path, workers: int) -> list[Measurement]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--corpus", str(source),
               "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise BenchmarkError(f"the {kind} run (workers={workers}) failed, exit {done.returncode}:\n{tail}")
    return [Measurement(**json.loads(line[len(RESULT_PREFIX):])) for line in lines]


def _ratio(a: Measurement | None, b: Measurement | None) -> float | None:
    return a.rate / b.rate if a and b and b.rate else None


def _check(value: float | None, target: float) -> str:
    if value is None:
        return "–"
    return f"**{value:.2f}** (target ≥ {target}: {'yes' if value >= target else '**NO**'})"


def render(runs: dict[tuple[str, int], list[Measurement]], options: dict[str, object],
           machine: list[tuple[str, str]]) -> str:
    median = {job: _median(found) for job, found in runs.items() if found}
    workers = sorted({w for _, w in median})
    lines = [START_MARK, "## bench_ingest: ingest and the Dask path vs analyse, 1 to N workers", "",
             f"Command: `python benchmarks/bench_ingest.py {options['argv']}`", "",
             "| Machine | |", "|---|---|", *[f"| {k} | {v} |" for k, v in machine], "",
             f"Corpus: {options['corpus']} ({options['articles']} articles), median of {options['repeat']} "
             "run(s) per figure (alternating order), each in a fresh interpreter after a warm-up.", "",
             "| Run | workers | articles/s | median s | peak RSS MiB | largest worker MiB |",
             "|---|---:|---:|---:|---:|---:|"]
    for (kind, count), m in sorted(median.items(), key=lambda item: (item[0][1], ORDER.index(item[0][0]))):
        worker = f"{m.worker_peak_rss_mib:.0f}" if m.worker_peak_rss_mib else "–"
        lines.append(f"| {kind} | {count} | {m.rate:.2f} | {m.seconds:.2f} | {m.peak_rss_mib:.0f} | {worker} |")
    lines.append("")
    for count in workers:
        analyse = median.get(("analyse", count))
        lines.append(f"- {count} worker(s): ingest / analyse "
                     f"{_check(_ratio(median.get(('ingest', count)), analyse), TARGET_INGEST_RATIO)}"
                     f"; dask / analyse {_fmt(_ratio(median.get(('dask', count)), analyse))}")
    merge = median.get(("merge", 1))
    if merge:
        lines.append(f"- the merge step alone (shards into a new store, one writer): {merge.rate:.0f} articles/s, "
                     f"{1000 / merge.rate:.1f} ms per article")
    top = workers[-1]
    if top > 1:
        for kind in KINDS:
            one, many = median.get((kind, 1)), median.get((kind, top))
            efficiency = many.rate / (top * one.rate) if one and many else None
            lines.append(f"- {kind}: per-worker efficiency at {top} workers {_check(efficiency, TARGET_EFFICIENCY)}")
    lines += ["", str(options.get("note", "")), END_MARK]
    return "\n".join(line for line in lines if line is not None)


def _fmt(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "–"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="first N articles of the corpus (default 40)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is kept")
    parser.add_argument("--workers", type=int, default=2, help="N: also measure every way with N workers")
    parser.add_argument("--no-dask", action="store_true", help="leave the Dask path out")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown file to update")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--note", default="", help="a line to keep with the figures (e.g. the machine's load)")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.workers < 1 or args.limit < 1:
        parser.error("--repeat, --workers and --limit must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        with tempfile.TemporaryDirectory() as folder:
            for result in measure(args.child, args.corpus, args.workers, Path(folder)):
                print(RESULT_PREFIX + json.dumps(asdict(result)), flush=True)
        return 0
    if not args.corpus.is_file():
        print(f"bench_ingest: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    kinds = [k for k in KINDS if not (args.no_dask and k == "dask")]
    jobs = [(kind, count) for count in sorted({1, args.workers}) for kind in kinds]
    runs: dict[tuple[str, int], list[Measurement]] = {job: [] for job in jobs}
    with tempfile.TemporaryDirectory() as folder:
        source = subset(args.corpus, args.limit, Path(folder), "corpus.jsonl")
        try:
            for kind, count in schedule(jobs, args.repeat):
                for result in run_child(kind, source, count):
                    runs.setdefault((result.kind, result.workers), []).append(result)
                    print(f"  {result.kind:7} workers={result.workers}: {result.rate:6.2f} articles/s, "
                          f"{result.peak_rss_mib:5.0f} MiB", file=sys.stderr, flush=True)
        except BenchmarkError as error:
            print(f"bench_ingest: {error}", file=sys.stderr)
            return 1
    corpus = args.corpus.resolve()
    name = corpus.relative_to(HERE.parent) if corpus.is_relative_to(HERE.parent) else corpus
    shown = " ".join(argv if argv is not None else sys.argv[1:])
    articles = runs[jobs[0]][0].articles
    section = render(runs, {"argv": shown, "corpus": f"`{name}`", "articles": articles, "repeat": args.repeat,
                            "note": args.note}, _machine.describe())
    print(section)
    if not args.no_write:
        write_section(args.results, section)
        print(f"bench_ingest: wrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
