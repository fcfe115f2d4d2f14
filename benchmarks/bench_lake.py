"""Identity resolution of the knowledge lake at scale: a synthetic corpus of up to 1,000,000 articles.

    python benchmarks/bench_lake.py [--articles N] [--workers 1,2] [--serial-articles N] [--json FILE] [--no-write]

1. Records prepared once, analysis skipped: the article entity rows of N synthetic articles
   (newsgraph.lake.identity_synthetic: names drawn from the Wikinews corpus's entities as often as it
   names them, perturbed as news writes them -- initials, surname alone, titles, transliterations,
   typos, legal forms, acronyms -- plus 1% new people), about 21 an article, written as Parquet files
   of 20,000 articles (the lake's `entities` table). Not timed.
2. Resolution (newsgraph.lake.identity_lake.resolve_lake) on a Dask LocalCluster of 1, then 2
   workers (one thread each), each on a fresh lake, workers warmed first (their lexicons loaded):
   articles/s per worker, the second worker's efficiency (rate per worker at 2 over the rate at 1;
   target >= 0.85), peak RSS per worker and of the client, lake size per article.
3. The store's serial merge, for comparison: the same rows of the first `--serial-articles` articles
   resolved by the store's identity code one after the other in a scratch store in memory (its
   lower bound: the store also writes every row), and the 3-10 ms an article measured for the whole
   merge (docs/scale.md). Target: the lake >= 10x faster per core.
4. DuckDB on the 2-worker lake: one identity's article entities by name, the top 20 identities by
   articles, the top 20 people by article entities counted from `entity_identity` (median of 5).
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the sibling helpers importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import _machine
from bench_analyze import write_section
from newsgraph.lake.identity_agreement import serial_identities
from newsgraph.lake.identity_job import DaskRunner
from newsgraph.lake.identity_lake import load_state, resolve_lake
from newsgraph.lake.identity_synthetic import article_chunks

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
START_MARK, END_MARK = "<!-- bench_lake:start -->", "<!-- bench_lake:end -->"
TARGET_EFFICIENCY = 0.85
TARGET_SPEEDUP = 10.0
STORE_MERGE_MS = (3.0, 10.0)  # the store's whole serial merge per article (docs/scale.md, bench_ingest.py)
FILE_ARTICLES = 20000


def prepare(folder: Path, articles: int) -> tuple[list[str], int, float]:
    """(Parquet files of entity rows, rows, seconds): the records, prepared once."""
    import pyarrow.parquet as pq

    started = time.perf_counter()
    (folder / "entities").mkdir(parents=True, exist_ok=True)
    files, rows = [], 0
    for index, table in enumerate(article_chunks(articles, chunk_articles=FILE_ARTICLES, seed=1)):
        path = folder / "entities" / f"part-{index:05d}.parquet"
        pq.write_table(table, path, compression="zstd")
        files.append(str(path))
        rows += table.num_rows
    return files, rows, time.perf_counter() - started


def _warm() -> None:
    """Load what resolution reads once per process (lexicons, gazetteer, forename lists); Arrow
    computes on this one thread, so that a worker is one core."""
    import pyarrow as pa

    from newsgraph.lake.identity_units import unit_of

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    from newsgraph.store.types import may_share_identity

    unit_of("President Volodymyr Zelenskyy", "person", ("Zelenskyy",))
    unit_of("Apple Inc. (AAPL)", "organisation", ())
    may_share_identity("Samoa", "place", "outlet")
    may_share_identity("Nicola Sturgeon", "person", "organisation")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def resolve_on(workers: int, files: list[str], lake: Path) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.CRITICAL)
    client = Client(cluster)
    try:
        started = time.perf_counter()
        client.run(_warm)
        warm = time.perf_counter() - started
        cpu_before, client_before = client.run(_cpu_seconds), _cpu_seconds()
        started = time.perf_counter()
        result = resolve_lake(lake, rows=files, runner=DaskRunner(client), buckets=max(8, 4 * workers))
        seconds = time.perf_counter() - started
        cpu = {worker: used - cpu_before[worker] for worker, used in client.run(_cpu_seconds).items()}
        rss = sorted(client.run(_peak_rss_mib).values())
    finally:
        client.close()
        cluster.close()
    return {"workers": workers, "seconds": seconds, "warm_seconds": warm, "worker_peak_rss_mib": rss,
            "worker_cpu_seconds": sorted(cpu.values()), "client_cpu_seconds": _cpu_seconds() - client_before,
            "units": result.units, "identities": result.identities, "entities": result.new_entities}


def lake_bytes(lake: Path) -> dict[str, int]:
    return {folder: sum(p.stat().st_size for p in (lake / folder).rglob("*") if p.is_file())
            for folder in ("entities", "entity_identity", "identities", "_identity")}


def duckdb_latencies(lake: Path, repeat: int = 5) -> dict[str, float]:
    import duckdb

    state = load_state(lake)
    assigned = [str(lake / name) for name in state["entity_identity"]]
    identities = f"read_parquet({[str(lake / name) for name in state['identities']]})"
    top = duckdb.sql(f"SELECT name FROM {identities} WHERE type = 'person' ORDER BY articles DESC LIMIT 1").fetchall()
    person = top[0][0].replace("'", "''") if top else ""
    queries = {
        "one identity's article entities, by name": (
            f"SELECT e.hash, e.local_id FROM read_parquet({assigned}) e JOIN {identities} i USING (identity_id) "
            f"WHERE i.name = '{person}'"),
        "top 20 identities by articles": (
            f"SELECT name, type, articles FROM {identities} ORDER BY articles DESC LIMIT 20"),
        "top 20 people by article entities (entity_identity scanned)": (
            f"SELECT i.name, count(*) AS n FROM read_parquet({assigned}) e JOIN {identities} i USING (identity_id) "
            f"WHERE i.type = 'person' GROUP BY i.name ORDER BY n DESC LIMIT 20"),
    }
    found: dict[str, float] = {}
    for label, sql in queries.items():
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            duckdb.sql(sql).fetchall()
            times.append(time.perf_counter() - started)
        found[label] = statistics.median(times) * 1000
    return found


def serial_rate(files: list[str], articles: int) -> dict[str, float]:
    """The store's identity code, serial, on the first `articles` articles' rows: ms an article."""
    import pyarrow.parquet as pq

    table = pq.read_table(files[0])
    rows = [row for row in table.to_pylist() if row["seq"] < articles]
    _warm()
    started = time.perf_counter()
    serial_identities(rows)
    seconds = time.perf_counter() - started
    return {"articles": articles, "seconds": seconds, "ms_per_article": seconds * 1000 / articles}


def report(args: argparse.Namespace, prepared: dict[str, Any], runs: list[dict[str, Any]], serial: dict[str, float],
           sizes: dict[str, int], queries: dict[str, float]) -> tuple[str, dict[str, Any]]:
    rate = {run["workers"]: args.articles / run["seconds"] for run in runs}
    per_worker = {w: r / w for w, r in rate.items()}
    efficiency = per_worker[2] / per_worker[1] if 1 in per_worker and 2 in per_worker else None
    lake_ms = 1000 / per_worker[min(per_worker)]
    cpu_ms = {run["workers"]: 1000 * sum(run["worker_cpu_seconds"]) / args.articles for run in runs}
    cpu_efficiency = cpu_ms[1] / cpu_ms[2] if 1 in cpu_ms and 2 in cpu_ms else None
    speedup_serial = serial["ms_per_article"] / lake_ms
    speedups = [ms / lake_ms for ms in STORE_MERGE_MS]
    identity_bytes = sizes["entity_identity"] + sizes["identities"] + sizes["_identity"]
    lines = [START_MARK, f"## bench_lake: identity resolution of the lake, {args.articles:,} synthetic articles", "",
             f"Command: `python benchmarks/bench_lake.py --articles {args.articles}`", "", "| Machine | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in _machine.describe()]
    lines += ["", f"Records prepared once (not timed): {args.articles:,} articles, {prepared['rows']:,} article "
              f"entities ({prepared['rows'] / args.articles:.1f} an article) in {prepared['seconds']:.0f} s.", "",
              "| Workers | s | articles/s | articles/s per worker | ms an article per worker | workers' CPU ms an "
              "article | units | identities | peak RSS per worker MiB | warm-up s |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for run in runs:
        w = run["workers"]
        rss = ", ".join(f"{m:.0f}" for m in run["worker_peak_rss_mib"])
        core_ms = 1000 * sum(run["worker_cpu_seconds"]) / args.articles
        lines.append(f"| {w} | {run['seconds']:.1f} | {rate[w]:,.0f} | {per_worker[w]:,.0f} "
                     f"| {1000 / per_worker[w]:.3f} | {core_ms:.3f} | {run['units']:,} | {run['identities']:,} "
                     f"| {rss} | {run['warm_seconds']:.1f} |")
    lines += [""]
    if efficiency is not None:
        lines.append(f"- **Second worker's efficiency: {efficiency:.2f}** (target >= {TARGET_EFFICIENCY}: "
                     f"{'yes' if efficiency >= TARGET_EFFICIENCY else 'no'}); by the workers' CPU time (the work "
                     f"the second worker adds, whatever else the machine runs): {cpu_efficiency:.2f}")
    lines += [f"- **Per core against the store's serial merge**: {lake_ms:.3f} ms an article against 3-10 ms: "
              f"**{speedups[0]:.0f}-{speedups[1]:.0f}x** (target >= {TARGET_SPEEDUP:.0f}x: "
              f"{'yes' if speedups[0] >= TARGET_SPEEDUP else 'no'}); against the store's identity code alone on "
              f"{serial['articles']} of these articles ({serial['ms_per_article']:.2f} ms an article, serial, in "
              f"memory): {speedup_serial:.0f}x",
              f"- Client peak RSS: {_peak_rss_mib():.0f} MiB",
              f"- Lake size per article: identity tables {identity_bytes / args.articles:.0f} B "
              f"(entity_identity {sizes['entity_identity'] / args.articles:.0f}, identities "
              f"{sizes['identities'] / args.articles:.1f}, units {sizes['_identity'] / args.articles:.1f}); "
              f"the entity rows themselves {sizes['entities'] / args.articles:.0f} B", "",
              "DuckDB on the 2-worker lake (median of 5, ms):", "", "| Query | ms |", "|---|---:|"]
    lines += [f"| {label} | {ms:.0f} |" for label, ms in queries.items()]
    lines += ["", END_MARK]
    figures = {"articles": args.articles, "prepared": prepared, "runs": runs, "efficiency": efficiency,
               "lake_ms_per_article_per_worker": lake_ms, "cpu_efficiency": cpu_efficiency,
               "speedup_vs_store_merge": speedups,
               "serial": serial, "sizes": sizes, "duckdb_ms": queries}
    return "\n".join(lines), figures


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    parser.add_argument("--serial-articles", type=int, default=300)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--no-write", action="store_true", help=f"do not update {RESULTS.name}")
    parser.add_argument("--keep", type=Path, help="build the lakes here and keep them")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-lake-"))
    try:
        files, rows, seconds = prepare(folder / "records", args.articles)
        runs = []
        for workers in [int(w) for w in args.workers.split(",")]:
            lake = folder / f"lake-{workers}"
            shutil.rmtree(lake, ignore_errors=True)
            runs.append(resolve_on(workers, files, lake))
            print(f"{workers} worker(s): {runs[-1]['seconds']:.1f} s", file=sys.stderr)
        lake = folder / f"lake-{runs[-1]['workers']}"
        shutil.copytree(folder / "records" / "entities", lake / "entities")
        section, figures = report(args, {"rows": rows, "seconds": seconds}, runs,
                                  serial_rate(files, min(args.serial_articles, args.articles)), lake_bytes(lake),
                                  duckdb_latencies(lake))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(section)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    if not args.no_write:
        write_section(RESULTS, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
