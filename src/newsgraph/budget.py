"""A time budget that stops an article's analysis wherever it is, in any thread of any process.

`within_budget(seconds, origin)` runs a block and, if it is still running after `seconds`, stops it
with an `InputError` of reason `too_slow`; the article is rejected like any other bad input and the
batch goes on.

How it stops: a watchdog thread raises `BudgetExceeded` in the thread running the block, with
CPython's `PyThreadState_SetAsyncExc`, which the interpreter delivers at the next bytecode that
thread runs -- inside whatever stage, loop or library call is taking the time, not only between
stages. Signals (SIGALRM) would do the same only in a process's main thread, and Dask runs tasks
in worker threads; this works in the main thread, in the worker processes of `--workers N` and in
Dask's threads alike. `BudgetExceeded` derives from BaseException, so no `except Exception` in the
stages or their libraries swallows it.

What it cannot do: interrupt one call into compiled code; the exception waits until that call
returns to Python. spaCy's components return to Python often (a 2 s budget stopped the parse of a
400,000-character paragraph of quotation marks after 2.0 s, of a 200,000-character paragraph of
prose after 2.8 s, on a loaded 2-core machine), and the tokenizer's calls are kept short
(tokenizing.py), so a stopped article overruns its budget by seconds at most.

The exception can only land inside the block: an alarm fires under its lock only while its block
runs, and on leaving, an exception fired but not yet delivered is withdrawn. One watchdog thread per
process keeps the deadlines; it starts with the first budgeted block (a pool's parent, which only
warms up, has none when it forks) and a forked child starts its own.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import InputError

REASON = "too_slow"
WATCHDOG_THREAD = "newsgraph-time-budget"


class BudgetExceeded(BaseException):
    """Raised asynchronously in the thread whose budget ran out (never seen outside this module)."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Make `thread_id` raise `exception` at its next bytecode; None withdraws a pending one."""
    target = ctypes.py_object(exception) if exception is not None else None
    if ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), target) > 1:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)  # cannot happen: one id


class _Alarm:
    """Fires once, and only while the block it guards is running."""

    def __init__(self, thread_id: int) -> None:
        self._thread_id = thread_id
        self._lock = threading.Lock()
        self._running = True
        self.fired = False

    def fire(self) -> None:
        with self._lock:
            if self._running and not self.fired:
                self.fired = True
                _raise_in(self._thread_id, BudgetExceeded)

    def disarm(self) -> None:
        with self._lock:
            self._running = False
            fired = self.fired
        if fired:
            _raise_in(self._thread_id, None)


class _Watchdog:
    """One daemon thread per process that fires the alarms whose time has come.

    Not a `threading.Timer` per block: starting a thread waits until the system schedules it, which
    on a loaded machine cost milliseconds for every article.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._deadlines: dict[_Alarm, float] = {}
        threading.Thread(target=self._watch, name=WATCHDOG_THREAD, daemon=True).start()

    def watch(self, alarm: _Alarm, deadline: float) -> None:
        with self._condition:
            self._deadlines[alarm] = deadline
            self._condition.notify()

    def forget(self, alarm: _Alarm) -> None:
        with self._condition:
            self._deadlines.pop(alarm, None)

    def _watch(self) -> None:
        while True:
            with self._condition:
                now = time.monotonic()
                due = [alarm for alarm, deadline in self._deadlines.items() if deadline <= now]
                for alarm in due:
                    del self._deadlines[alarm]
                if not due:
                    nearest = min(self._deadlines.values(), default=None)
                    self._condition.wait(None if nearest is None else nearest - now)
            for alarm in due:  # outside the condition: an alarm takes its own lock
                alarm.fire()


_watchdog: _Watchdog | None = None
_watchdog_lock = threading.Lock()


def _forget_watchdog() -> None:
    """In a forked child: the parent's watchdog thread did not come along; start another when needed."""
    global _watchdog, _watchdog_lock
    _watchdog, _watchdog_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_watchdog)


def _the_watchdog() -> _Watchdog:
    global _watchdog
    with _watchdog_lock:
        if _watchdog is None:
            _watchdog = _Watchdog()
        return _watchdog


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    alarm = _Alarm(threading.get_ident())
    watchdog = _the_watchdog()
    watchdog.watch(alarm, time.monotonic() + seconds)
    try:
        yield
    finally:
        watchdog.forget(alarm)
        alarm.disarm()


@contextmanager
def within_budget(seconds: float, origin: str | None) -> Iterator[None]:
    """Run the block; after `seconds` (none when 0 or less), stop it with InputError `too_slow`."""
    if seconds <= 0:
        yield
        return
    try:
        with _alarm(seconds):
            yield
    except BudgetExceeded:
        raise InputError(REASON, f"the analysis took longer than the time budget of {seconds:g} s "
                         "(Settings.max_article_seconds, --max-article-seconds)", origin) from None
