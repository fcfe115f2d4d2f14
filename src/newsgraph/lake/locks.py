"""One writer at a time on a lake's part: an exclusive flock on a lock file, which goes with the process
that holds it (a run that died leaves none behind)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UsageError


@contextmanager
def exclusive(path: Path, busy: str) -> Iterator[None]:
    """Hold the lock file at `path` (made when missing) or raise a UsageError saying `busy`."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one writer at a time is then the caller's to keep
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(busy) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
