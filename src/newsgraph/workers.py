"""Worker processes: batches of items analysed in parallel, results in input order, never a hang.

The parent talks to each worker over its own pipe, one batch at a time, from one thread, so it
always knows which batch each worker holds:

- Workers are started with "spawn": a fresh interpreter, never a fork of a parent whose other
  threads may hold locks. Each runs `setup` once (the engine loads and warms its model) and says
  when it is ready; only then is it sent work, so a slow start never blocks the parent.
- A worker that dies (killed, out of memory, a crash in C) is replaced. Its batch is tried again
  one item at a time on fresh workers; an item that kills a worker again, alone, is given back as
  `failed(item, why)`, and the rest of the batch goes on.
- Each result crosses back as its own pickle: one that cannot be pickled or unpickled becomes
  `failed(item, why)` for that item alone, instead of breaking the pool.
- An exception raised by the task itself (a bug) is raised in the parent, with the worker's traceback
  as a note, as it would be in one process.
- A worker is replaced by a fresh one once it has handled `max_items` items (memory that a
  long-lived process would keep; docs/scale.md).
- Ctrl-C belongs to the parent: workers start with SIGINT blocked and then ignore it, so a
  terminal's Ctrl-C, sent to the whole process group, prints nothing from them; the parent
  stops them when it stops (KeyboardInterrupt, an error, or the caller closing the iterator).

multiprocessing.Pool and ProcessPoolExecutor do not give these guarantees on Python 3.11 (why, and
what this costs, in docs/scale.md).
"""

from __future__ import annotations

import pickle
import signal
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing import get_context, resource_tracker
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from .errors import WorkerError

Item = TypeVar("Item")
Result = TypeVar("Result")

START_METHOD = "spawn"
# Batches read ahead of the oldest one not yet given back, per worker: enough that no worker waits
# for a slow batch ahead of it, few enough that memory stays bounded whatever the input's length.
WINDOW_PER_WORKER = 8
# A worker that dies before it is ready, this many times in a row, means none can start.
MAX_FAILED_STARTS = 3
STOP_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class WorkerTask(Generic[Item, Result]):
    """What each worker runs: `setup(*setup_args)` once, then `run(batch) -> one result per item`.

    All three must be picklable by reference (module-level functions) and their arguments picklable.
    """

    run: Callable[[list[Item]], list[Result]]
    setup: Callable[..., None] | None = None
    setup_args: tuple[Any, ...] = ()


def ordered_map(task: WorkerTask[Item, Result], batches: Iterable[list[Item]],
                failed: Callable[[Item, str], Result], *, workers: int, max_items: int = 0) -> Iterator[Result]:
    """One result per item of `batches`, in input order, computed by `workers` processes.

    `failed(item, why)` stands for the result of an item whose worker died on it or whose result
    could not cross back. `max_items` > 0 replaces a worker once it has handled that many items.
    """
    pool: _Pool[Item, Result] = _Pool(task, failed, workers, max_items)
    try:
        yield from pool.results(iter(batches))
    finally:
        pool.stop()


@dataclass(slots=True)
class _Batch(Generic[Item]):
    first: int  # the sequence number of its first item
    items: list[Item]
    retried: bool = False  # a worker died on it (or on the batch it came from) once already


@dataclass(slots=True, eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    batch: _Batch[Any] | None = None
    handled: int = 0


@dataclass(slots=True)
class _Pool(Generic[Item, Result]):
    task: WorkerTask[Item, Result]
    failed: Callable[[Item, str], Result]
    size: int
    max_items: int
    workers: list[_Worker] = field(default_factory=list)
    retired: list[_Worker] = field(default_factory=list)
    retry: deque[_Batch[Item]] = field(default_factory=deque)
    finished: dict[int, Result] = field(default_factory=dict)
    open_batches: deque[int] = field(default_factory=deque)  # the last sequence number of each
    read: int = 0  # sequence number of the next item read
    given: int = 0  # sequence number of the next result to give back
    exhausted: bool = False
    failed_starts: int = 0

    def results(self, source: Iterator[list[Item]]) -> Iterator[Result]:
        while True:
            self._dispatch(source)
            if self.given in self.finished:
                while self.given in self.finished:
                    yield self.finished.pop(self.given)
                    self.given += 1
                while self.open_batches and self.open_batches[0] < self.given:
                    self.open_batches.popleft()
                continue  # the window has moved: more batches may be read before anything is awaited
            if self.exhausted and not self.retry and not any(w.batch for w in self.workers):
                return
            self._wait()

    def _dispatch(self, source: Iterator[list[Item]]) -> None:
        """Every ready, idle worker gets a batch (retries first); missing workers are started while work remains."""
        while len(self.workers) < self.size and (self.retry or not self.exhausted):
            self.workers.append(self._start())
        for worker in list(self.workers):
            if worker.ready and worker.batch is None:
                batch = self.retry.popleft() if self.retry else self._read(source)
                if batch is None:
                    return
                try:
                    worker.conn.send(batch.items)
                except OSError:  # it died since it last spoke: the batch goes to another, untouched
                    self.retry.appendleft(batch)
                    self._lost(worker)
                    continue
                worker.batch = batch

    def _read(self, source: Iterator[list[Item]]) -> _Batch[Item] | None:
        if self.exhausted or len(self.open_batches) >= WINDOW_PER_WORKER * self.size:
            return None
        items = next(source, None)
        while items is not None and not items:
            items = next(source, None)
        if items is None:
            self.exhausted = True
            return None
        batch = _Batch(self.read, items)
        self.read += len(items)
        self.open_batches.append(self.read - 1)
        return batch

    def _wait(self) -> None:
        handles = {**{w.conn: w for w in self.workers}, **{w.process.sentinel: w for w in self.workers}}
        for worker in dict.fromkeys(handles[h] for h in wait(list(handles))):
            self._hear(worker)

    def _hear(self, worker: _Worker) -> None:
        """Take in what `worker` sent; a worker that is gone is replaced and its batch retried or failed."""
        try:
            while worker.conn.poll():
                self._take(worker, *worker.conn.recv())
        except (EOFError, OSError):
            pass  # it died, possibly halfway through sending
        if worker in self.workers and not worker.process.is_alive():
            self._lost(worker)

    def _take(self, worker: _Worker, kind: str, payload: Any) -> None:
        if kind == "ready":
            worker.ready, self.failed_starts = True, 0
        elif kind == "error":  # setup failed, or the task raised: as in one process, the caller gets it
            raise payload
        elif kind == "results" and worker.batch is not None:
            batch, worker.batch = worker.batch, None
            for offset, (item, result) in enumerate(zip(batch.items, payload, strict=True)):
                self.finished[batch.first + offset] = self._result(item, result)
            worker.handled += len(batch.items)
            if self.max_items and worker.handled >= self.max_items:
                self._retire(worker)

    def _result(self, item: Item, result: bytes | str) -> Result:
        if isinstance(result, str):
            return self.failed(item, f"its result could not be sent back from the worker ({result})")
        try:
            return pickle.loads(result)
        except Exception as error:
            return self.failed(item, f"its result could not be read back from the worker ({_described(error)})")

    def _lost(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        worker.process.join()
        worker.conn.close()
        how = _exit_described(worker.process.exitcode)
        if not worker.ready:
            self.failed_starts += 1
            if self.failed_starts >= MAX_FAILED_STARTS:
                raise WorkerError(f"worker processes cannot start: {MAX_FAILED_STARTS} in a row ended abruptly "
                                  f"({how}); try --workers 1 to see why")
        batch = worker.batch
        if batch is None:
            return
        if not batch.retried:  # which item killed it, if any did? each is tried again on its own
            alone = [_Batch(batch.first + n, [item], retried=True) for n, item in enumerate(batch.items)]
            self.retry.extendleft(reversed(alone))
        else:
            self.finished[batch.first] = self.failed(
                batch.items[0], f"its worker process ended abruptly twice while analysing it ({how})")

    def _start(self) -> _Worker:
        context = get_context(START_METHOD)
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_serve, args=(child_end, self.task), daemon=True, name="newsgraph-worker")
        with sigint_blocked():
            process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _retire(self, worker: _Worker) -> None:
        """`worker` is told to exit; a fresh one takes its place at the next dispatch."""
        self.workers.remove(worker)
        _say(worker.conn, None)
        for gone in [w for w in self.retired if not w.process.is_alive()]:  # is_alive() reaps it
            gone.conn.close()
            self.retired.remove(gone)
        self.retired.append(worker)

    def stop(self) -> None:
        """End every worker at once, busy or not (they ignore SIGINT; SIGTERM ends them without a word)."""
        everyone, self.workers, self.retired = self.workers + self.retired, [], []
        for worker in everyone:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in everyone:
            worker.process.join(STOP_TIMEOUT_S)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def _say(conn: Connection, message: Any) -> None:
    with suppress(OSError):  # the worker is already gone
        conn.send(message)


@contextmanager
def sigint_blocked() -> Iterator[None]:
    """SIGINT held back in this thread for the block: processes and threads started in it begin with
    SIGINT blocked (a mask survives fork and exec, and threads inherit it), so a terminal's Ctrl-C,
    sent to the whole process group, never reaches them; this thread gets it as soon as the block
    ends. Our workers then ignore SIGINT and unblock it."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process groups to broadcast Ctrl-C
        yield
        return
    # multiprocessing starts its resource tracker with the first spawned process, and then unblocks
    # SIGINT in the starting thread, whatever it was before: started now, it leaves the block alone.
    resource_tracker.ensure_running()
    # The mask holds back only this thread's share: another thread (a progress display's) may take the
    # signal, and Python then raises KeyboardInterrupt here in the middle of the start, leaving a
    # child that reads half its start-up data and prints a traceback. So the handler is put off too.
    held: list[int] = []
    in_main = threading.current_thread() is threading.main_thread()
    handler = signal.signal(signal.SIGINT, lambda signum, _: held.append(signum)) if in_main else None
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if in_main:
            signal.signal(signal.SIGINT, handler if handler is not None else signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        if held and callable(handler):
            handler(signal.SIGINT, None)  # the Ctrl-C put off, now (the default raises KeyboardInterrupt)


# --- in the worker process --------------------------------------------------------------------------

def _serve(conn: Connection, task: WorkerTask[Any, Any]) -> None:
    """A worker's life: set up, say ready, then one batch at a time until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        try:
            if task.setup is not None:
                task.setup(*task.setup_args)
        except Exception as error:
            conn.send(("error", _portable_error(error)))
            return
        conn.send(("ready", None))
        while (batch := conn.recv()) is not None:
            try:
                results = task.run(batch)
            except Exception as error:
                conn.send(("error", _portable_error(error)))
                continue
            conn.send(("results", [_pickled(result) for result in results]))
    except (EOFError, OSError):
        return  # the parent is gone: nothing to report to


def _pickled(result: Any) -> bytes | str:
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        return _described(error)


def _portable_error(error: Exception) -> Exception:
    """`error` with the worker's traceback as a note, or a WorkerError saying what it was if it cannot
    cross back to the parent as it is."""
    error.add_note("raised in a worker process:\n" + "".join(traceback.format_exception(error)).rstrip())
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        portable = WorkerError(f"a worker process raised {_described(error)}")
        portable.add_note(error.__notes__[-1])
        return portable


def _described(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _exit_described(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}; out of memory?"
        except ValueError:
            pass
    return f"exit code {code}"
