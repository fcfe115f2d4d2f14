"""Memory over a long run: peak RSS of every worker process, sampled while N articles are analysed.

    python benchmarks/bench_longrun.py [--articles 100000] [--workers N] [--interval S]
                                       [--samples FILE [--resume]]

The corpus is built from the bundled real Wikinews articles, cycled: copy 0 is the article as it
is; in every later copy each person's name ("Forename Surname", forename from the US Census lists)
is replaced, consistently within the article, by another census name. So the text stays real
news prose, while the run keeps meeting names it has never seen -- what grows caches, string
stores and identity tables in a real backfill. The articles are generated on the fly, never all
held in memory.

`Engine.analyze_many` runs with N worker processes; a sampling thread reads each worker's
resident set and high-water mark (/proc) every `--interval` seconds. Every pass over the corpus
analyses the same articles in the same order (other names), so passes compare like with like:
flat means the median RSS of the largest worker over the last tenth of the full passes is within
5% of that over the first tenth (with 2 to 19 passes, the last pass against the first). With
fewer than two passes, the floor (lower quartile) of the last fifth of the samples is compared
with that of the second fifth: a leak raises the floor, while one long article only makes a spike.
Targets: every worker <= 1 GiB, flat.

The full run takes about 3 hours of two cores, longer than some working sessions: with
`--samples FILE` the samples are checkpointed every 1,000 articles, and `--resume` continues such a
run where it stopped (the same articles in the same order, since every draft depends only on its
number); the report says how many sittings it took.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import signal
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from importlib import resources
from itertools import cycle, islice
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the sibling helpers importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import _machine
from bench_analyze import CORPUS, RESULTS, load_corpus, write_section
from newsgraph.names import is_known_forename
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS

START_MARK, END_MARK = "<!-- bench_longrun:start -->", "<!-- bench_longrun:end -->"
TARGET_RSS_MIB = 1024.0
FLAT_TOLERANCE = 0.05
WINDOW_PASSES = 10  # from 2 x this many passes on, growth compares a tenth of the run at each end
PROGRESS_EVERY = 1000
PERSON = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


def census_names() -> tuple[list[str], list[str]]:
    """(forenames, surnames) from the `names` package's census lists, capitalised."""
    def read(name: str, limit: int) -> list[str]:
        text = resources.files("names").joinpath(name).read_text()
        return [line.split()[0].capitalize() for line in text.splitlines()[:limit] if line.strip()]

    return read("dist.male.first", 1000) + read("dist.female.first", 3000), read("dist.all.last", 50000)


def renamed(text: str, rng: random.Random, forenames: list[str], surnames: list[str],
            mapping: dict[str, str]) -> str:
    """`text` with every census-forename person replaced by another name, the same one each time."""
    def replace(match: re.Match[str]) -> str:
        if not is_known_forename(match.group(1)):
            return match.group(0)
        full = match.group(0)
        if full not in mapping:
            mapping[full] = f"{rng.choice(forenames)} {rng.choice(surnames)}"
            mapping.setdefault(match.group(2), mapping[full].split()[1])
        return mapping[full]

    text = PERSON.sub(replace, text)
    # A surname met again alone ("Smith said") follows its full name.
    surnames_alone = {k: v for k, v in mapping.items() if " " not in k}
    if surnames_alone:
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(surnames_alone, key=len, reverse=True))) + r")\b")
        text = pattern.sub(lambda m: surnames_alone[m.group(1)], text)
    return text


def long_corpus(rows: list[dict[str, str]], articles: int, seed: int = 11, start: int = 0) -> Iterator[ArticleDraft]:
    """Drafts `start` to `articles`: the real articles cycled, copies after the first with new
    person names (each draft depends only on its number, so a resumed run meets the same texts)."""
    forenames, surnames = census_names()
    for number, row in enumerate(islice(cycle(rows), start, articles), start):
        copy = number // len(rows)
        text, headline = row["text"], row.get("headline")
        if copy:
            rng, mapping = random.Random(seed * 1_000_003 + number), {}
            text = renamed(text, rng, forenames, surnames, mapping)
            headline = renamed(headline, rng, forenames, surnames, mapping) if headline else headline
        yield ArticleDraft(id=f"{row['id']}-{copy}", text=text, headline=headline, published=row.get("published"))


def _memory_mib(pid: str = "self") -> tuple[float, float]:
    """(resident set, its high-water mark) of a process in MiB, from /proc (Linux); zeros once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0.0
    found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
    return int(found.get("VmRSS", 0)) / 1024, int(found.get("VmHWM", 0)) / 1024


def _workers() -> list[str]:
    """This process's children but multiprocessing's resource tracker: the worker processes."""
    pids = [pid for tasks in Path("/proc/self/task").glob("*/children") for pid in tasks.read_text().split()]
    return [pid for pid in pids if b"resource_tracker" not in _cmdline(pid)]


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""  # gone meanwhile


@dataclass
class Samples:
    times: list[float] = field(default_factory=list)
    done: list[int] = field(default_factory=list)
    rss: list[dict[int, float]] = field(default_factory=list)
    parent: list[float] = field(default_factory=list)
    # The largest high-water mark of any worker (VmHWM while it lives, getrusage once it is reaped):
    # exact, where sampling every few seconds can miss the peak of a batch that parses in less.
    worker_peak: float = 0.0
    articles: int = 0  # analysed so far
    seconds: float = 0.0
    # [first article, end] of each sitting: a checkpointed run can be resumed (--resume).
    sittings: list[list[int]] = field(default_factory=list)
    settings: dict[str, int] = field(default_factory=dict)

    def take(self, at: float, done: int, workers: int) -> None:
        """One sample of every worker's resident set (the process itself with one worker)."""
        memory = {int(pid): _memory_mib(pid) for pid in _workers()} if workers > 1 else {0: _memory_mib()}
        self.times.append(at)
        self.done.append(done)
        self.rss.append({pid: rss for pid, (rss, _) in memory.items() if rss})
        self.parent.append(_memory_mib()[0])
        self.worker_peak = max([self.worker_peak, *(peak for _, peak in memory.values())])

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Samples:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["rss"] = [{int(pid): rss for pid, rss in sample.items()} for sample in data["rss"]]
        return cls(**data)


def run(articles: int, workers: int, interval: float, corpus: Path,
        worker_max_articles: int = DEFAULT_SETTINGS.worker_max_articles,
        samples: Samples | None = None, checkpoint: Path | None = None) -> Samples:
    """Analyse the long corpus with `workers` processes, sampling RSS, from where `samples` (a
    checkpoint) left off; `samples.articles` is fewer than `articles` when the run was stopped.
    With `checkpoint`, the samples are saved there every PROGRESS_EVERY articles and at the end."""
    rows = load_corpus(corpus)
    engine = Engine(DEFAULT_SETTINGS.with_(workers=workers, worker_max_articles=worker_max_articles))
    samples = samples or Samples(settings={"workers": workers, "worker_max_articles": worker_max_articles,
                                           "corpus_size": len(rows)})
    first, before = samples.articles, samples.seconds
    samples.sittings.append([first, first])
    done, stop, lock = [first], threading.Event(), threading.Lock()
    started = time.perf_counter()

    def sample() -> None:
        while not stop.wait(interval):
            with lock:
                samples.take(before + time.perf_counter() - started, done[0], workers)

    def save() -> None:
        with lock:
            samples.articles, samples.seconds = done[0], before + time.perf_counter() - started
            samples.sittings[-1][1] = done[0]
            if checkpoint:
                samples.save(checkpoint)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Ctrl-C or SIGTERM ends the run early and still reports it: a long run is hours.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        for _ in engine.analyze_many(long_corpus(rows, articles, start=first)):
            done[0] += 1
            if done[0] % PROGRESS_EVERY == 0:
                save()
                print(f"bench_longrun: {done[0]:,} articles, {samples.seconds:.0f} s", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"bench_longrun: stopped after {done[0]:,} articles", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        sampler.join()
    who = resource.RUSAGE_CHILDREN if workers > 1 else resource.RUSAGE_SELF  # children: reaped workers
    samples.worker_peak = max(samples.worker_peak, resource.getrusage(who).ru_maxrss / 1024)
    save()
    return samples


def _floor(values: list[float]) -> float:
    """The lower quartile: the memory a worker keeps between articles, not the spike of a long one."""
    return statistics.quantiles(values, n=4)[0] if len(values) >= 2 else values[0]


def flatness(samples: Samples) -> tuple[float, float, float]:
    """(floor of the largest worker's RSS in the second fifth, in the last fifth, relative growth).

    A leak raises the floor; a long article only makes a spike, which the parser gives back.
    """
    largest = [max(r.values()) for r in samples.rss if r]
    if not largest:
        return 0.0, 0.0, 0.0
    fifth = max(1, len(largest) // 5)
    early, late = _floor(largest[fifth: 2 * fifth] or largest), _floor(largest[-fifth:])
    return early, late, late / early - 1


def by_pass(samples: Samples, corpus_size: int, articles: int) -> list[tuple[int, float, float]]:
    """(pass, median, peak) of the largest worker's RSS during each full pass over the corpus.

    Every pass analyses the same articles in the same order (with other names), so passes compare
    like with like: a leak shows as a median that rises pass after pass.
    """
    passes: dict[int, list[float]] = {}
    for done, rss in zip(samples.done, samples.rss, strict=True):
        if rss and 0 < done < (articles // corpus_size) * corpus_size:
            passes.setdefault(done // corpus_size, []).append(max(rss.values()))
    return [(number, statistics.median(values), max(values)) for number, values in sorted(passes.items())]


def windows(samples: Samples, corpus_size: int, full_passes: int) -> tuple[float, float, float]:
    """(median of the largest worker over the first tenth of the full passes, over the last tenth,
    relative growth).

    With workers replaced every few thousand articles, one pass can fall just after a replacement
    (low) or late in a worker's life (high); a tenth of a long run spans several worker lifetimes on
    both sides, so only a leak in the workers moves it.
    """
    window = max(1, full_passes // 10)
    early_end, late_start, end = window * corpus_size, (full_passes - window) * corpus_size, full_passes * corpus_size
    early = [max(r.values()) for d, r in zip(samples.done, samples.rss, strict=True) if r and 0 < d < early_end]
    late = [max(r.values()) for d, r in zip(samples.done, samples.rss, strict=True) if r and late_start <= d < end]
    if not early or not late:
        return 0.0, 0.0, 0.0
    first, last = statistics.median(early), statistics.median(late)
    return first, last, last / first - 1


def render(samples: Samples, articles: int, workers: int, argv: str, note: str,
           corpus_size: int, worker_max_articles: int = 0) -> str:
    seconds = samples.seconds or 1.0
    recycled = (f" (each replaced by a fresh process after at most {worker_max_articles:,} articles)"
                if worker_max_articles > 0 and workers > 1 else "")
    largest = [max(r.values()) for r in samples.rss if r]
    sampled_peak = max(largest, default=0.0)
    peak = max(samples.worker_peak, sampled_peak)
    passes = by_pass(samples, corpus_size, articles)
    if len(passes) >= 2 * WINDOW_PASSES:
        early, late, growth = windows(samples, corpus_size, len(passes))
        window = len(passes) // 10
        basis = (f"median of the largest worker over the first {window} passes of the corpus {early:.0f} MiB, "
                 f"over the last {window} {late:.0f} MiB")
    elif len(passes) >= 2:
        early, late = passes[0][1], passes[-1][1]
        growth = late / early - 1
        basis = (f"median of the largest worker over pass 1 of the corpus {early:.0f} MiB, over pass "
                 f"{len(passes)} {late:.0f} MiB")
    else:
        early, late, growth = flatness(samples)
        basis = (f"fewer than 2 full passes: the largest worker's floor (lower quartile), second fifth of the "
                 f"run {early:.0f} MiB, last fifth {late:.0f} MiB")
    rows = []
    step = max(1, len(samples.rss) // 10)
    for i in [*range(0, len(samples.rss), step), len(samples.rss) - 1] if samples.rss else []:
        values = " / ".join(f"{v:.0f}" for _, v in sorted(samples.rss[i].items()))
        rows.append(f"| {samples.times[i]:.0f} | {samples.done[i]:,} | {values} |")
    rows = list(dict.fromkeys(rows))
    lines = [START_MARK, "## bench_longrun: worker memory over a long run", "",
             f"Command: `python benchmarks/bench_longrun.py {argv}`", "",
             "| Machine | |", "|---|---|", *[f"| {k} | {v} |" for k, v in _machine.describe()], "",
             f"{articles:,} articles (the bundled Wikinews articles cycled, new person names in every copy), "
             f"{workers} worker process(es){recycled}, {len(samples.rss)} samples, {seconds:.0f} s "
             f"({articles / seconds:.2f} articles/s).", *_sittings(samples), "",
             "| s | articles done | RSS per worker MiB |", "|---:|---:|---|", *rows, "",
             f"- **Peak RSS of a worker: {peak:.0f} MiB** (the kernel's high-water mark; the samples' "
             f"highest {sampled_peak:.0f}) (target ≤ {TARGET_RSS_MIB:.0f}: "
             f"{'yes' if peak <= TARGET_RSS_MIB else '**NO**'})",
             f"- Growth: {basis}: **{growth:+.1%}** (flat within {FLAT_TOLERANCE:.0%}: "
             f"{'yes' if abs(growth) <= FLAT_TOLERANCE else '**NO**'})"]
    if samples.parent and workers > 1:
        lines.append(f"- The parent process (reads the input, starts the workers): {samples.parent[0]:.0f} MiB at the "
                     f"start, {samples.parent[-1]:.0f} MiB at the end, {max(samples.parent):.0f} MiB at most")
    if passes:
        lines += ["", "| pass | median MiB | peak MiB |", "|---:|---:|---:|",
                  *[f"| {number + 1} | {median:.0f} | {top:.0f} |" for number, median, top in passes]]
    if note:
        lines += ["", note]
    return "\n".join([*lines, END_MARK])


def _sittings(samples: Samples) -> list[str]:
    if len(samples.sittings) < 2:
        return []
    spans = ", ".join(f"{start:,}-{end:,}" for start, end in samples.sittings)
    return ["", f"Run in {len(samples.sittings)} sittings (articles {spans}), each resumed from the checkpoint the "
            "one before saved: the same articles in the same order; every sitting starts a new parent and "
            "new workers, as a replacement does."]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600, help="articles to analyse (default 600; 100000 for "
                        "the long run, about 3 hours at 10 articles/s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between RSS samples")
    parser.add_argument("--worker-max-articles", type=int, default=DEFAULT_SETTINGS.worker_max_articles,
                        help="replace a worker after about this many articles (0: never; default: the "
                        "engine's setting)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown file to update")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--samples", type=Path, help="also write every sample to this JSON file, every "
                        f"{PROGRESS_EVERY:,} articles and at the end: a checkpoint --resume continues from")
    parser.add_argument("--resume", action="store_true", help="continue the run checkpointed in --samples "
                        "(a run longer than a working session)")
    parser.add_argument("--note", default="", help="a line to keep with the figures (e.g. the machine's load)")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.workers < 1 or args.interval <= 0:
        parser.error("--articles and --workers must be at least 1, --interval positive")
    if args.resume and not (args.samples and args.samples.is_file()):
        parser.error("--resume needs --samples FILE, the checkpoint of the run to continue")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_file():
        print(f"bench_longrun: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    resumed = Samples.load(args.samples) if args.resume else None
    if resumed:
        wanted = {"workers": args.workers, "worker_max_articles": args.worker_max_articles,
                  "corpus_size": len(load_corpus(args.corpus))}
        if resumed.settings != wanted:
            print(f"bench_longrun: the checkpoint was made with {resumed.settings}, not {wanted}", file=sys.stderr)
            return 1
    samples = run(args.articles, args.workers, args.interval, args.corpus, args.worker_max_articles,
                  resumed, args.samples)
    if samples.articles < args.articles:  # stopped early: report what was analysed
        args.note = " ".join(filter(None, [args.note, f"Stopped after {samples.articles:,} of {args.articles:,} "
                                           "articles" + (" (resume with --resume)." if args.samples else ".")]))
    shown = " ".join(argv if argv is not None else sys.argv[1:])
    section = render(samples, max(samples.articles, 1), args.workers, shown, args.note,
                     len(load_corpus(args.corpus)), args.worker_max_articles)
    print(section)
    if not args.no_write:
        write_section(args.results, section)
        print(f"bench_longrun: wrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
