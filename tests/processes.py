"""Helpers for tests of worker processes: a deadline instead of a hang, this process's children."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: a pool that waits forever is the bug such tests look for."""
    def expired(*_: object) -> None:
        raise TimeoutError(f"not done within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def children(pid: int | str = "self") -> set[int]:
    """The processes `pid` (this one by default) started, multiprocessing's resource tracker aside."""
    found = {int(child) for task in Path(f"/proc/{pid}/task").glob("*/children") for child in task.read_text().split()}
    return {child for child in found if b"resource_tracker" not in _cmdline(child)}


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""  # gone meanwhile
