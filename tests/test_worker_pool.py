"""newsgraph.workers on small tasks: order, a worker that dies, results that cannot cross back, replacement.

The tasks are module-level functions here (workers are spawned and import them); what is under test
is the pool's real machinery: processes, pipes, pickling, signals.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest

from newsgraph.errors import ModelNotFoundError, WorkerError
from newsgraph.workers import WorkerTask, ordered_map

from .conftest import ROOT
from .processes import children, deadline

POISON = 13  # the item that kills its worker
FAILED = "failed: "


def square_unless_poison(batch: list[int]) -> list[object]:
    if POISON in batch:
        os._exit(3)
    return [n * n for n in batch]


def slow_square(batch: list[int]) -> list[int]:
    time.sleep(0.02 * (batch[0] % 3))  # later batches often finish first
    return [n * n for n in batch]


def slow_first_batch(batch: list[int]) -> list[int]:
    time.sleep(2.0 if 0 in batch else 0.01)
    return [n * n for n in batch]


class Unreadable:
    """Pickles, but cannot be unpickled (as an exception whose __init__ wants more than its args)."""

    def __reduce__(self) -> tuple[object, ...]:
        return (int, ("not a number",))


def awkward_results(batch: list[int]) -> list[object]:
    return [Unreadable() if n == 2 else (lambda: None) if n == 5 else n for n in batch]


def pid_of_worker(batch: list[int]) -> list[int]:
    return [os.getpid() for _ in batch]


class NeedsTwoArguments(Exception):
    def __init__(self, code: int, detail: str) -> None:
        super().__init__(f"{code}: {detail}")


def raise_on_three(batch: list[int]) -> list[int]:
    if 3 in batch:
        raise ValueError("three is not allowed")
    if 4 in batch:
        raise NeedsTwoArguments(4, "four is not allowed either")
    return batch


# A lock of this module, as any library keeps (logging's, an import lock, a cache's).
SHARED_LOCK = threading.Lock()


def setup_taking_the_shared_lock() -> None:
    with SHARED_LOCK:
        pass


def setup_without_model() -> None:
    raise ModelNotFoundError("no spaCy English model")


def setup_that_dies() -> None:
    os._exit(7)


def failed(item: int, why: str) -> str:
    return FAILED + why


def batches(numbers: range, size: int) -> list[list[int]]:
    return [list(numbers[i:i + size]) for i in range(0, len(numbers), size)]


def test_results_keep_input_order() -> None:
    results = list(ordered_map(WorkerTask(slow_square), batches(range(30), 2), failed, workers=2))
    assert results == [n * n for n in range(30)]


def test_a_slow_first_batch_does_not_stall_the_batches_after_it() -> None:
    # The other worker finishes every batch the window lets it read ahead; when the first one is done
    # and they are all given back, the window has moved and both workers must get work again.
    with deadline(120):
        results = list(ordered_map(WorkerTask(slow_first_batch), batches(range(40), 2), failed, workers=2))
    assert results == [n * n for n in range(40)]


def test_an_item_that_kills_its_worker_is_reported_alone_and_the_rest_go_on() -> None:
    results = list(ordered_map(WorkerTask(square_unless_poison), batches(range(20), 4), failed, workers=2))
    assert [r for n, r in enumerate(results) if n != POISON] == [n * n for n in range(20) if n != POISON]
    assert str(results[POISON]).startswith(FAILED) and "exit code 3" in str(results[POISON])
    assert "twice" in str(results[POISON])


def test_results_that_cannot_cross_back_are_reported_for_their_item_alone() -> None:
    results = list(ordered_map(WorkerTask(awkward_results), batches(range(8), 3), failed, workers=2))
    assert [r for n, r in enumerate(results) if n not in (2, 5)] == [0, 1, 3, 4, 6, 7]
    assert "could not be read back" in results[2] and "ValueError" in results[2]
    assert "could not be sent back" in results[5]


def test_an_error_raised_by_the_task_reaches_the_caller_with_the_workers_traceback() -> None:
    with pytest.raises(ValueError, match="three is not allowed") as raised:
        list(ordered_map(WorkerTask(raise_on_three), [[1], [2], [3]], failed, workers=1))
    assert "raised in a worker process" in raised.value.__notes__[-1]
    # An exception that cannot be rebuilt in the parent still arrives, as a WorkerError naming it.
    with pytest.raises(WorkerError, match="NeedsTwoArguments: 4: four is not allowed"):
        list(ordered_map(WorkerTask(raise_on_three), [[4]], failed, workers=1))


def test_a_setup_error_is_raised_in_the_caller() -> None:
    task = WorkerTask(square_unless_poison, setup_without_model)
    with pytest.raises(ModelNotFoundError, match="no spaCy English model"):
        list(ordered_map(task, [[1], [2]], failed, workers=1))


def test_workers_that_cannot_start_are_one_clear_error_not_a_loop() -> None:
    with pytest.raises(WorkerError, match=r"cannot start.*exit code 7"):
        list(ordered_map(WorkerTask(square_unless_poison, setup_that_dies), [[1]], failed, workers=2))


def test_a_worker_is_replaced_after_max_items() -> None:
    pids = list(ordered_map(WorkerTask(pid_of_worker), batches(range(8), 1), failed, workers=2, max_items=3))
    assert len(pids) == 8
    for pid in set(pids):
        assert pids.count(pid) <= 3
    assert len(set(pids)) >= 3


def test_no_worker_outlives_the_iteration_however_it_ends() -> None:
    before = children()
    assert len(list(ordered_map(WorkerTask(slow_square), batches(range(10), 2), failed, workers=1))) == 10
    results = ordered_map(WorkerTask(slow_square), batches(range(100), 2), failed, workers=2)
    assert next(results) == 0
    results.close()  # what an error or Ctrl-C in the caller does
    assert children() - before == set()


def sigint_is_held_off(pid: int) -> bool | None:
    """Whether process `pid` blocks or ignores SIGINT (None once it is gone)."""
    try:
        status = dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    except (OSError, ValueError):
        return None
    return bool((int(status["SigBlk"], 16) | int(status["SigIgn"], 16)) & (1 << (signal.SIGINT - 1)))


def map_while_ctrl_c_is_pressed_again_and_again() -> None:
    """What a terminal's Ctrl-C does to the workers: SIGINT to each, again and again from the moment
    it appears (its imports included) until the work is done; every worker's SIGINT state is looked
    at each time. Prints the results and the workers seen exposed to SIGINT.

    Run in a fresh interpreter by the test below: a process's first worker also starts
    multiprocessing's resource tracker, which unblocks SIGINT in the thread that starts it."""
    before, done, exposed = children(), threading.Event(), set()

    def ctrl_c_again_and_again() -> None:
        while not done.is_set():
            for pid in children() - before:
                if sigint_is_held_off(pid) is False:
                    exposed.add(pid)
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGINT)
            time.sleep(0.001)

    sender = threading.Thread(target=ctrl_c_again_and_again, daemon=True)
    sender.start()
    try:
        results = list(ordered_map(WorkerTask(slow_square), batches(range(20), 1), failed, workers=2, max_items=6))
    finally:
        done.set()
        sender.join()
    print(json.dumps({"results": results, "exposed": sorted(exposed)}))


def test_workers_ignore_sigint_from_their_first_moment() -> None:
    # They neither die nor print: a KeyboardInterrupt traceback from a worker would be on stderr.
    script = f"from tests.test_worker_pool import {map_while_ctrl_c_is_pressed_again_and_again.__name__} as run; run()"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["results"] == [n * n for n in range(20)]
    assert seen["exposed"] == []
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr


def test_workers_start_while_another_thread_of_the_parent_holds_a_lock_they_take() -> None:
    # The fork hazard (issue 23, item 9): a worker forked while another thread of the parent holds a
    # lock inherits it held, by a thread that does not exist in the child, and waits for it forever.
    # bench_longrun samples memory from a thread while workers are started; any caller may have threads.
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with SHARED_LOCK:
            holding.set()
            release.wait()

    holder = threading.Thread(target=hold_the_lock, daemon=True)
    holder.start()
    holding.wait()
    try:
        with deadline(120):
            task = WorkerTask(slow_square, setup_taking_the_shared_lock)
            assert list(ordered_map(task, batches(range(6), 2), failed, workers=2)) == [n * n for n in range(6)]
    finally:
        release.set()
        holder.join()
