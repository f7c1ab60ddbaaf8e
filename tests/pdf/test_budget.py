"""The budgeted runner: work in a child process that is stopped at its time or memory budget."""
import os
import threading
import time

import pytest

from backend.lib.budget import Budget, BudgetRunner, Busy, OverMemory, OverTime, WorkFailed
from backend.lib.pdf.errors import NotAPdf
from backend.lib.pdf.inspect import inspect_pdf
from tests.pdf import pdf_factory

ROOMY = Budget(cpu_seconds=30, timeout_seconds=30, memory_mb=1024)


def spin_forever():
    while True:
        pass


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def sleep_then_answer(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def refuse():
    raise NotAPdf("not a PDF, as the test intends", message_zh="不是 PDF")


def crash_with_a_bug():
    return {}["missing"]


def my_pid() -> int:
    return os.getpid()


@pytest.fixture(scope="module")
def runner():
    return BudgetRunner(concurrency=2)


def test_the_answer_comes_back_from_another_process(runner):
    info = runner.run(ROOMY, inspect_pdf, pdf_factory.contract(2), max_pages=5)
    assert info.page_count == 2
    assert runner.run(ROOMY, my_pid) != os.getpid()


def test_work_past_its_cpu_time_is_stopped(runner):
    with pytest.raises(OverTime, match="CPU time"):
        runner.run(Budget(cpu_seconds=1, timeout_seconds=60, memory_mb=1024), spin_forever)


def test_work_that_waits_past_its_deadline_is_stopped_at_the_deadline(runner):
    started = time.monotonic()
    with pytest.raises(OverTime, match="longer than 1 s"):
        runner.run(Budget(cpu_seconds=30, timeout_seconds=1, memory_mb=1024), sleep_then_answer, 60)
    assert time.monotonic() - started < 1 + 10  # the deadline, plus a generous margin for a loaded machine


def test_work_past_its_memory_is_stopped(runner):
    with pytest.raises(OverMemory):
        runner.run(Budget(cpu_seconds=30, timeout_seconds=30, memory_mb=512), allocate, 2048)
    assert runner.run(Budget(cpu_seconds=30, timeout_seconds=30, memory_mb=512), allocate, 64) == 64 * 2**20


def test_a_library_refusal_keeps_its_code_and_messages(runner):
    with pytest.raises(NotAPdf) as caught:
        runner.run(ROOMY, refuse)
    assert caught.value.code == "not_a_pdf" and caught.value.message_zh == "不是 PDF"


def test_a_bug_in_the_child_surfaces_as_a_bug_with_its_traceback(runner):
    with pytest.raises(WorkFailed, match="KeyError: 'missing'"):
        runner.run(ROOMY, crash_with_a_bug)


def test_beyond_its_slots_the_runner_answers_busy_at_once_instead_of_queueing():
    runner = BudgetRunner(concurrency=1)
    results = []
    first = threading.Thread(target=lambda: results.append(runner.run(ROOMY, sleep_then_answer, 3)))
    first.start()
    try:
        deadline = time.monotonic() + 10
        while runner._slots._value and time.monotonic() < deadline:  # until the first call holds the slot
            time.sleep(0.01)
        with pytest.raises(Busy):
            runner.run(ROOMY, my_pid)
    finally:
        first.join()
    assert results == ["done"]
    assert runner.run(ROOMY, my_pid)  # the slot is free again
