"""Progress of a long command: a live bar at a terminal; off one (a log, a pipe) plain lines, one at
the start, then at most one every `PLAIN_EVERY_SECONDS`, and the last, so a log grows by a few lines
instead of filling with a bar's redraws."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

Advance = Callable[[int, int], None]  # (done, total)
PLAIN_EVERY_SECONDS = 10.0


@contextmanager
def progress(label: str, unit: str, console: Console, show: bool) -> Iterator[Advance]:
    """Yields the callback to report `(done, total)` to; nothing is shown unless `show`."""
    if not show:
        yield lambda done, total: None
    elif console.is_terminal:
        with _bar(label, unit, console) as advance:
            yield advance
    else:
        lines = PlainProgress(label, unit, console)
        yield lines.update
        lines.finish()


@contextmanager
def _bar(label: str, unit: str, console: Console) -> Iterator[Advance]:
    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                   TextColumn(f"{{task.fields[rate]:.1f}} {unit}/s"), TextColumn("ETA"), TimeRemainingColumn(),
                   console=console)
    task = bar.add_task(label, total=None, rate=0.0)

    def advance(done: int, total: int) -> None:
        elapsed = bar.tasks[0].elapsed or 0.0
        bar.update(task, completed=done, total=total, rate=done / elapsed if elapsed else 0.0)

    with bar:
        yield advance


class PlainProgress:
    """`ingest: 120/293 articles (41%), 2.3 articles/s, about 0:01:15 left`, now and then."""

    def __init__(self, label: str, unit: str, console: Console, every: float = PLAIN_EVERY_SECONDS) -> None:
        self.label, self.unit, self.console, self.every = label, unit, console, every
        self.started = time.monotonic()
        self.printed_at: float | None = None
        self.state: tuple[int, int] | None = None
        self.printed: tuple[int, int] | None = None

    def update(self, done: int, total: int) -> None:
        self.state = (done, total)
        now = time.monotonic()
        if self.printed_at is None or now - self.printed_at >= self.every or (total and done >= total):
            self._print(now)

    def finish(self) -> None:
        if self.state is not None and self.state != self.printed:
            self._print(time.monotonic())

    def _print(self, now: float) -> None:
        assert self.state is not None
        done, total = self.state
        elapsed = now - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        parts = [f"{self.label}: {done:,}" + (f"/{total:,}" if total else "") + f" {self.unit}"
                 + (f" ({100 * done / total:.0f}%)" if total else ""), f"{rate:.1f} {self.unit}/s"]
        if total and rate > 0 and done < total:
            parts.append(f"about {timedelta(seconds=round((total - done) / rate))} left")
        self.console.print(", ".join(parts), markup=False, highlight=False)
        self.printed_at, self.printed = now, self.state
