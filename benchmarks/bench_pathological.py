"""Time of the engine on inputs that once took minutes, at growing sizes: it should double with the size.

    python benchmarks/bench_pathological.py [--sizes 5000,10000,20000,40000] [--families a,b] [--write]

Each family of tests/pathological.py (the shapes of issue 23 and their relatives) is analysed at
each size by one warm engine in this process, parse and stages timed apart; the last column is the
time at the largest size over the time at half of it (2 for time in proportion to the length, 4 for
time in its square). `--write` puts the table in RESULTS.md. Run it with the code before a change
(PYTHONPATH=...) to see what the change does.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the test suite's generators and the sibling helpers
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from tests.pathological import FAMILIES

import _machine
from bench_analyze import write_section
from newsgraph.pipeline import STAGES, Engine, clean, masked_for_parsing
from newsgraph.pipeline.parse import parse_texts
from newsgraph.record import ArticleDraft

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
START_MARK, END_MARK = "<!-- bench_pathological:start -->", "<!-- bench_pathological:end -->"


def measure(engine: Engine, text: str) -> tuple[float, float]:
    """(parse seconds, stages seconds) of one article."""
    record = clean.prepare(ArticleDraft(id="bench", text=text), engine.settings)
    started = time.perf_counter()
    doc = parse_texts(engine.nlp, [masked_for_parsing(record)], engine.settings)[0]
    parsed = time.perf_counter()
    for stage in STAGES:
        stage(doc, record, engine.settings)
    return parsed - started, time.perf_counter() - parsed


def table(rows: list[tuple[str, list[tuple[float, float]]]], sizes: list[int]) -> str:
    head = "| family | " + " | ".join(f"{size // 1000} KB parse + stages" for size in sizes) + " | ×2 size |"
    lines = [head, "|---|" + "---:|" * (len(sizes) + 1)]
    for family, times in rows:
        cells = [f"{p:.1f} + {s:.1f} s" for p, s in times]
        growth = sum(times[-1]) / max(sum(times[-2]), 1e-9) if len(times) > 1 else float("nan")
        lines.append(f"| {family} | " + " | ".join(cells) + f" | {growth:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="5000,10000,20000,40000")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--write", action="store_true", help="Write the table to RESULTS.md.")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    engine = Engine()
    engine.warm()
    rows = []
    for family in args.families.split(","):
        times = [measure(engine, FAMILIES[family](size)) for size in sizes]
        rows.append((family, times))
        print(family, " ".join(f"{p:.2f}+{s:.2f}" for p, s in times), flush=True)
    result = table(rows, sizes)
    print(result)
    if args.write:
        machine = ["| Machine | |", "|---|---|", *[f"| {k} | {v} |" for k, v in _machine.describe()]]
        command = " ".join(["python benchmarks/bench_pathological.py", *sys.argv[1:]])
        section = "\n".join([START_MARK, "## bench_pathological: time on inputs that once took minutes", "",
                              f"Command: `{command}`", "", *machine, "", result, "", END_MARK])
        write_section(RESULTS, section)


if __name__ == "__main__":
    main()
