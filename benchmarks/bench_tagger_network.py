"""The MiniLM tagger's network time alone, one thread, for ONNX models compared on the same windows.

    python benchmarks/bench_tagger_network.py [--limit N] [--repeat R] MODEL [MODEL ...]

MODEL is an exported model's directory or a shipped model's name (`onnx`). The windows are built
once, from the first N Wikinews articles parsed and run through the rules as the engine does, and
every model runs each of them on its own (as `OnnxTagger` does) with one thread. The models take
turns, R rounds, so that the noise of a shared machine hits each; the figure is the CPU time of the
fastest round (the least disturbed), with its ratio to the first model's. Parsing, tokenising and
BIO decoding are not counted: they are the same whatever the network (docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsgraph.pipeline import Engine
from newsgraph.pipeline.quotes import find_candidates
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.tagging.features import rule_labels, token_table
from newsgraph.tagging.model import load_tagger, model_directory
from newsgraph.tagging.onnx_tagger import OnnxTagger
from newsgraph.tagging.windows import Window, padded_batches

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "wikinews-2019-2020" / "articles.jsonl"


def corpus_windows(limit: int, tagger: OnnxTagger) -> list[Window]:
    """The windows the tagger reads in the first `limit` articles, with what the rules found."""
    engine = Engine(DEFAULT_SETTINGS)
    rules = DEFAULT_SETTINGS.with_(attribution="rules")
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]
    windows = []
    for row in rows:
        doc = engine.nlp(row["text"])
        candidates = find_candidates(doc, engine.analyze_draft(ArticleDraft(id="x", text=row["text"])), rules)
        windows += tagger.encoder.windows(token_table(doc), rule_labels(doc, candidates))
    return windows


def network_seconds(tagger: OnnxTagger, windows: list[Window]) -> float:
    """CPU seconds of the network over `windows`, one run per window."""
    began = time.process_time()
    for _, columns in padded_batches(windows, 1):
        tagger._probabilities(columns)
    return time.process_time() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    taggers = []
    for name in arguments.models:
        tagger = load_tagger(model_directory(name))
        if not isinstance(tagger, OnnxTagger):
            parser.error(f"{name} is no ONNX model")
        taggers.append(tagger)
    windows = corpus_windows(arguments.limit, taggers[0])
    pieces = sum(len(w.ids) for w in windows)
    print(f"{len(windows)} windows, {pieces} wordpieces, {arguments.limit} articles; one thread")
    network_seconds(taggers[0], windows[:20])  # warm-up
    rounds = [[network_seconds(tagger, windows) for tagger in taggers] for _ in range(arguments.repeat)]
    best = [min(column) for column in zip(*rounds, strict=True)]
    for name, seconds in zip(arguments.models, best, strict=True):
        print(f"{name}: {seconds:.2f} s ({1000 * seconds / len(windows):.2f} ms a window), "
              f"{seconds / best[0]:.2f}x the first")


if __name__ == "__main__":
    main()
