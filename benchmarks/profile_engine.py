"""Where the engine spends its time beyond the parser: a pyinstrument call tree of the stages.

    python benchmarks/profile_engine.py [--limit 120] [--html profile.html]

The articles are parsed first, outside the profile; then every stage runs over the parsed
documents under pyinstrument, after one unprofiled pass (lazy tables and memo caches warm, as in a
long run). The text tree goes to stdout; `--html` also writes pyinstrument's interactive page.
`bench_analyze.py --profile` gives the per-stage totals next to spaCy's components; this script
says which functions inside a stage to work on.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the sibling helpers importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analyze import CORPUS, drafts_from, load_corpus
from newsgraph.pipeline import STAGES, Engine, clean, masked_for_parsing
from newsgraph.settings import DEFAULT_SETTINGS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=120, help="first N articles of the corpus (default 120)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML page here")
    parser.add_argument("--interval", type=float, default=0.0005, help="sampling interval in seconds")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("profile_engine: pyinstrument is missing (pip install -e '.[dev]')", file=sys.stderr)
        return 2
    engine = Engine(DEFAULT_SETTINGS)
    engine.warm()
    records = [clean.prepare(draft, DEFAULT_SETTINGS) for draft in drafts_from(load_corpus(args.corpus, args.limit))]
    docs = list(engine.nlp.pipe((masked_for_parsing(r) for r in records), batch_size=DEFAULT_SETTINGS.batch_size))

    def run_stages() -> None:
        for doc, record in zip(docs, records, strict=True):
            fresh = copy.copy(record)  # each pass fills its own record
            for stage in STAGES:
                stage(doc, fresh, DEFAULT_SETTINGS)

    run_stages()
    profiler = Profiler(interval=args.interval)
    started = time.perf_counter()
    with profiler:
        run_stages()
    seconds = time.perf_counter() - started
    print(f"{len(docs)} articles, stages {1000 * seconds / len(docs):.1f} ms/article under the profiler")
    print(profiler.output_text(unicode=True, color=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
        print(f"profile_engine: wrote {args.html}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
