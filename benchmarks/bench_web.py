"""Speed of the workspace's network page: from navigation to the graph drawn, in Debian's Chromium.

    python benchmarks/bench_web.py --db STORE [--top 20,60,150] [--repeat 5] [--no-write]

`newsgraph serve` runs on the store at a free port on 127.0.0.1; headless Chromium (Playwright,
/usr/bin/chromium) opens `/-/network?top=N` for each N (the heaviest N ties of each kind; 20 is the
page's default, 150 what it drew before it drew the heaviest first) and records, in the page, the
moment the graph is drawn (`#network[data-ready]`), counted from the start of navigation. Runs
alternate between the values of N; the median and the range are reported with the nodes and ties.
Target: the default page drawn in under a second.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the sibling helpers importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import _machine
from bench_analyze import write_section
from newsgraph.web.launch import serving

CHROMIUM = "/usr/bin/chromium"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
# The moment the page marks the graph drawn, recorded by the page itself (performance.now() counts
# from the start of navigation), so that Playwright's own polling is not in the figure.
RECORD_DRAWN = """new MutationObserver((changes, observer) => {
  const box = document.getElementById("network");
  if (box && box.hasAttribute("data-ready")) { window.benchDrawnAt = performance.now(); observer.disconnect(); }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-ready"]});"""


def measure(db: Path, tops: list[int], repeat: int) -> dict[int, dict[str, object]]:
    from playwright.sync_api import sync_playwright

    times: dict[int, list[float]] = {top: [] for top in tops}
    sizes: dict[int, tuple[int, int]] = {}
    with serving(db) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox",
                                                                             "--disable-gpu"])
        try:
            for run in range(repeat + 1):  # the first round warms the server and the browser's cache
                for top in tops:
                    page = browser.new_page(viewport={"width": 1366, "height": 800})
                    page.add_init_script(RECORD_DRAWN)
                    page.goto(f"{url}/-/network?top={top}")
                    page.wait_for_selector("#network[data-ready]", timeout=120_000)
                    drawn = page.evaluate("window.benchDrawnAt") / 1000
                    sizes[top] = (page.evaluate("window.newsgraphNetwork ? window.newsgraphNetwork.nodes().length : 0"),
                                  page.evaluate("window.newsgraphNetwork ? window.newsgraphNetwork.edges().length : 0"))
                    if run:
                        times[top].append(drawn)
                    page.close()
        finally:
            browser.close()
    return {top: {"nodes": sizes[top][0], "ties": sizes[top][1], "median": statistics.median(times[top]),
                  "min": min(times[top]), "max": max(times[top])} for top in tops}


def store_size(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        articles, quotes, entities = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM "
                                                  "quotes), (SELECT count(*) FROM entities)").fetchone()
    conn.close()
    return f"{articles:,} articles, {quotes:,} quotations, {entities:,} entities"


def report(db: Path, results: dict[int, dict[str, object]], repeat: int, command: str) -> str:
    lines = ["<!-- bench_web:start -->", "## bench_web: the workspace's network page", "",
             f"Command: `{command}`", "", "| Machine | |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in _machine.describe()]
    lines += [f"| Load average (1 min) at the end | {os.getloadavg()[0]:.1f} |", f"| Store | {store_size(db)} |"]
    lines += ["", f"### Navigation to graph drawn ({db.name}, {CHROMIUM}, median of {repeat} alternating runs)",
              "", "| ties of each kind (`top`) | entities | ties | drawn after (median, range) |", "|---|---|---|---|"]
    for top, row in results.items():
        lines.append(f"| {top} | {row['nodes']} | {row['ties']} | {row['median']:.2f} s "
                     f"({row['min']:.2f}–{row['max']:.2f}) |")
    lines.append("<!-- bench_web:end -->")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store built by `newsgraph ingest`")
    parser.add_argument("--top", default="20,60,150", help="ties of each kind to draw, comma-separated")
    parser.add_argument("--repeat", type=int, default=5, help="runs per value; the median is kept")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    tops = [int(top) for top in args.top.split(",")]
    section = report(args.db, measure(args.db, tops, args.repeat), args.repeat,
                     "python benchmarks/bench_web.py " + " ".join(argv if argv is not None else sys.argv[1:]))
    print(section)
    if not args.no_write:
        write_section(args.results, section)
    return section


if __name__ == "__main__":
    main()
