"""newsgraph.workers on small tasks: order, a worker that dies, results that cannot cross back, replacement.

The tasks are module-level functions here (workers are spawned and import them); what is under test
is the pool's real machinery: processes, pipes, pickling, signals.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest

from newsgraph.errors import ModelNotFoundError, WorkerError
from newsgraph.workers import WorkerTask, ordered_map

POISON = 13  # the item that kills its worker
FAILED = "failed: "


def square_unless_poison(batch: list[int]) -> list[object]:
    if POISON in batch:
        os._exit(3)
    return [n * n for n in batch]


def slow_square(batch: list[int]) -> list[int]:
    time.sleep(0.02 * (batch[0] % 3))  # later batches often finish first
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


def setup_without_model() -> None:
    raise ModelNotFoundError("no spaCy English model")


def setup_that_dies() -> None:
    os._exit(7)


def failed(item: int, why: str) -> str:
    return FAILED + why


def batches(numbers: range, size: int) -> list[list[int]]:
    return [list(numbers[i:i + size]) for i in range(0, len(numbers), size)]


def children() -> set[int]:
    return {int(pid) for task in Path("/proc/self/task").glob("*/children") for pid in task.read_text().split()}


def test_results_keep_input_order() -> None:
    results = list(ordered_map(WorkerTask(slow_square), batches(range(30), 2), failed, workers=2))
    assert results == [n * n for n in range(30)]


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
    # The multiprocessing resource tracker (one per process, started with the first worker) may stay.
    left = {pid for pid in children() - before if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()}
    assert left == set()


def test_workers_ignore_sigint_from_their_first_moment(capfd: pytest.CaptureFixture[str]) -> None:
    # What a terminal's Ctrl-C does to the workers: SIGINT to each, here again and again from the
    # moment they are started (their imports included) until the work is done. They neither die
    # nor print (a traceback from a worker would land on this test's standard error).
    before, done = children(), threading.Event()

    def ctrl_c_again_and_again() -> None:
        while not done.is_set():
            for pid in children() - before:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGINT)
            time.sleep(0.005)

    sender = threading.Thread(target=ctrl_c_again_and_again, daemon=True)
    sender.start()
    try:
        results = list(ordered_map(WorkerTask(slow_square), batches(range(20), 1), failed, workers=2, max_items=6))
    finally:
        done.set()
        sender.join()
    assert results == [n * n for n in range(20)]
    assert "Traceback" not in capfd.readouterr().err
