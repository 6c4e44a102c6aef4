"""Group commit: concurrent writes share transactions, and each returns once its own is done."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

import pytest

from sandbox.group_commit import GroupCommit


def _run(threads: int, target: Callable[[int], object]) -> None:
    workers = [threading.Thread(target=target, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert not any(worker.is_alive() for worker in workers), "a writer waited for ever"


def test_concurrent_writes_share_batches_and_return_once_written() -> None:
    committed: set[tuple[int, int]] = set()
    batches: list[int] = []

    def write_batch(items: Sequence[tuple[int, int]]) -> None:
        time.sleep(0.002)  # a commit
        batches.append(len(items))
        committed.update(items)

    group = GroupCommit(write_batch)
    unseen: list[tuple[int, int]] = []

    def writer(thread: int) -> None:
        for index in range(40):
            group.write((thread, index))
            if (thread, index) not in committed:  # returned before its commit
                unseen.append((thread, index))

    _run(16, writer)
    assert unseen == []
    assert len(committed) == 16 * 40
    assert len(batches) < 16 * 40 / 2, "concurrent writes should have been batched"


def test_a_failed_batch_is_raised_to_each_of_its_writers_and_the_next_ones_go_on() -> None:
    fail = threading.Event()
    fail.set()
    written: list[int] = []

    def write_batch(items: Sequence[int]) -> None:
        time.sleep(0.005)
        if fail.is_set():
            fail.clear()
            raise OSError("disk full")
        written.extend(items)

    group = GroupCommit(write_batch)
    failures: list[int] = []

    def writer(thread: int) -> None:
        try:
            group.write(thread)
        except OSError:
            failures.append(thread)

    _run(8, writer)
    assert failures, "the first batch failed: its writers must hear it"
    assert sorted(failures + written) == list(range(8))


def test_one_writer_alone_is_written_at_once() -> None:
    group = GroupCommit(lambda items: None)
    started = time.perf_counter()
    group.write("alone")
    assert time.perf_counter() - started < 0.1


@pytest.mark.parametrize("threads", [2, 32])
def test_no_writer_is_left_waiting(threads: int) -> None:
    group = GroupCommit(lambda items: time.sleep(0.001))
    _run(threads, lambda thread: [group.write(thread) for _ in range(20)])
