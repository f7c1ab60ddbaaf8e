"""SQLite's writer gate: one writer at a time across threads and processes, handed on when it ends."""
import multiprocessing
import sqlite3
import threading

import pytest

from backend.database import WriterGate


def test_a_second_writer_waits_until_the_first_leaves(tmp_path):
    gate = WriterGate(str(tmp_path / "db-writer.lock"))
    first, second = object(), object()
    gate.enter(first)
    entered = threading.Event()
    waiter = threading.Thread(target=lambda: (gate.enter(second), entered.set()))
    waiter.start()
    assert not entered.wait(0.3)  # still held by the first writer
    gate.leave(second)  # only the holder can open the gate
    assert not entered.wait(0.1)
    gate.leave(first)
    assert entered.wait(5)
    waiter.join()
    gate.leave(second)


def _try_enter(gate, go, timeout, result):
    go.wait(10)
    try:
        owner = object()
        gate.enter(owner, timeout=timeout)
        gate.leave(owner)
        result.put("entered")
    except sqlite3.OperationalError:
        result.put("locked")


def test_another_process_waits_for_the_writer_and_times_out_cleanly(tmp_path):
    gate = WriterGate(str(tmp_path / "db-writer.lock"))
    warm = object()
    gate.enter(warm)  # the lock file is open in this process before the fork, as in a preloaded app
    gate.leave(warm)
    ctx = multiprocessing.get_context("fork")
    result, go = ctx.Queue(), ctx.Event()
    child = ctx.Process(target=_try_enter, args=(gate, go, 0.3, result))  # inherits this very gate
    child.start()
    holder = object()
    gate.enter(holder)
    go.set()
    try:
        assert result.get(timeout=10) == "locked"
    finally:
        gate.leave(holder)
        child.join(10)
    go2 = ctx.Event()
    go2.set()
    child = ctx.Process(target=_try_enter, args=(gate, go2, 5, result))
    child.start()
    assert result.get(timeout=10) == "entered"
    child.join(10)
