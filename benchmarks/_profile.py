"""Per-stage profile of the article engine: exclusive time in each stage, the cleaner and spaCy.

Used by bench_analyze.py --profile. Wraps the engine's hooks in place for one pass and restores
them afterwards, so the instrumented run follows the real code path (batching included).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsgraph import pipeline as pipeline_module


@dataclass
class Profile:
    """Exclusive seconds and call counts per section of one instrumented engine pass."""

    wall: float
    articles: int
    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)


class SectionTimer:
    """Exclusive wall time per label: entering a nested section pauses the enclosing one.

    spaCy's pipe is a chain of lazy generators, so the parser's work happens inside `next()` calls
    made by the engine; exclusive accounting charges each slice to the innermost section only.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[str] = []
        self._mark = 0.0

    def _charge(self) -> None:
        now = time.perf_counter()
        if self._stack:
            label = self._stack[-1]
            self.seconds[label] = self.seconds.get(label, 0.0) + now - self._mark
        self._mark = now

    @contextmanager
    def section(self, label: str) -> Iterator[None]:
        """Charge the time spent inside the block (minus nested sections) to `label`."""
        self._charge()
        self._stack.append(label)
        self.calls[label] = self.calls.get(label, 0) + 1
        try:
            yield
        finally:
            self._charge()
            self._stack.pop()

    def wrap(self, function: Callable[..., Any], label: str) -> Callable[..., Any]:
        """`function`, timed under `label`."""

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.section(label):
                return function(*args, **kwargs)

        return timed

    def iterate(self, items: Iterable[Any], label: str) -> Iterator[Any]:
        """`items`, with the work of producing each one timed under `label`."""
        iterator = iter(items)
        while True:
            with self.section(label):
                try:
                    item = next(iterator)
                except StopIteration:
                    return
            yield item


class _TimedComponent:
    """A batching spaCy component whose `pipe` and `__call__` are timed; all else passes through."""

    def __init__(self, proc: Any, timer: SectionTimer, label: str) -> None:
        self._proc, self._timer, self._label = proc, timer, label

    def __call__(self, doc: Any, **kwargs: Any) -> Any:
        with self._timer.section(self._label):
            return self._proc(doc, **kwargs)

    def pipe(self, docs: Iterable[Any], **kwargs: Any) -> Iterator[Any]:
        return self._timer.iterate(self._proc.pipe(docs, **kwargs), self._label)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._proc, name)


@contextmanager
def instrumented(nlp: Any, timer: SectionTimer) -> Iterator[None]:
    """Time every stage in STAGES, clean.prepare, masking and each spaCy component; undone on exit."""
    stages, prepare = pipeline_module.STAGES, pipeline_module.clean.prepare
    mask, tokenizer = pipeline_module.masked_for_parsing, nlp.tokenizer
    # spaCy has no public hook to wrap a loaded component in place; _components is its list of
    # (name, component) pairs, restored unchanged below.
    components = list(nlp._components)
    try:
        pipeline_module.STAGES = tuple(
            timer.wrap(s, f"stage {s.__module__.rsplit('.', 1)[-1]}") for s in stages
        )
        pipeline_module.clean.prepare = timer.wrap(prepare, "clean.prepare")
        pipeline_module.masked_for_parsing = timer.wrap(mask, "mask boilerplate")
        nlp.tokenizer = timer.wrap(tokenizer, "spaCy tokenizer")
        nlp._components[:] = [
            (name, _TimedComponent(p, timer, f"spaCy {name}") if hasattr(p, "pipe") else
             timer.wrap(p, f"spaCy {name}"))
            for name, p in components
        ]  # fmt: skip
        pipe = nlp.pipe

        def timed_pipe(*args: Any, **kwargs: Any) -> Iterator[Any]:
            return timer.iterate(pipe(*args, **kwargs), "spaCy pipe")

        nlp.pipe = timed_pipe  # an instance attribute shadowing the method until restored
        yield
    finally:
        pipeline_module.STAGES, pipeline_module.clean.prepare = stages, prepare
        pipeline_module.masked_for_parsing, nlp.tokenizer = mask, tokenizer
        nlp._components[:] = components
        vars(nlp).pop("pipe", None)


def render_profile(profile: Profile) -> list[str]:
    """Markdown lines: each section's exclusive time and share of the instrumented pass."""
    lines = [
        f"### Stage profile (one instrumented single-process pass, {profile.articles} articles, "
        f"{profile.wall:.2f} s)",
        "",
        "| Section | s | share | ms/article | calls |",
        "|---|---:|---:|---:|---:|",
    ]
    rows = sorted(profile.seconds.items(), key=lambda kv: -kv[1])
    rows.append(("other (engine glue, record assembly)", profile.wall - sum(profile.seconds.values())))
    for label, seconds in rows:
        lines.append(
            f"| {label} | {seconds:.2f} | {100 * seconds / profile.wall:.1f}% "
            f"| {1000 * seconds / max(profile.articles, 1):.1f} | {profile.calls.get(label, '')} |"
        )
    spacy_share = sum(s for k, s in profile.seconds.items() if k.startswith("spaCy")) / profile.wall
    lines += ["", f"spaCy (tokenizer, components, pipe) {100 * spacy_share:.1f}%; beyond the parser "]
    lines[-1] += f"{100 * (1 - spacy_share):.1f}%. `spaCy newsgraph_*` components are newsgraph's own."
    return lines
