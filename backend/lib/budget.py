"""Running one function in a child process within a time and memory budget, a few at a time.

Parsing a PDF from a stranger can cost any amount of CPU and memory, and Python cannot stop a
thread that is busy in a parser. A child process can be killed: it gets an address-space ceiling
(RLIMIT_AS: an allocation past it raises MemoryError), a CPU-time limit (RLIMIT_CPU: the kernel
ends it) and a wall-clock deadline after which the parent kills it. Children come from a
forkserver, so they carry none of the parent's threads, sockets or database connections, and
start in milliseconds from a server that has already imported the modules they need.
"""

import gc
import math
import multiprocessing
import os
import resource
import signal
import threading
import traceback
from dataclasses import dataclass

from backend.lib.errors import N_, LibraryError

# Budgeted work yields the CPU to the requests of people waiting on a page or a signature.
NICENESS = 5
_EXIT_GRACE_SECONDS = 2
_context_lock = threading.Lock()
_context = None


class OverBudget(LibraryError):
    """The work was stopped: it needed more time or memory than its budget."""

    code = "over_budget"
    message_zh = N_("处理超出资源限制")


class OverTime(OverBudget):
    """The work ran past its time budget and was killed."""

    code = "over_time"
    message_zh = N_("处理超时")


class OverMemory(OverBudget):
    """The work needed more memory than its budget."""

    code = "over_memory"
    message_zh = N_("处理所需内存超出限制")


class WorkerDied(OverBudget):
    """The child process ended without an answer (a crash in native code, or killed)."""

    code = "worker_died"
    message_zh = N_("处理进程意外退出")


class Busy(LibraryError):
    """Every slot is taken; the caller should try again shortly instead of queueing."""

    code = "busy"
    message_zh = N_("服务繁忙")


class WorkFailed(Exception):
    """The function raised an unexpected error in the child (a bug): the child's traceback."""


@dataclass(frozen=True)
class Budget:
    """What one call may use: CPU seconds, wall-clock seconds in all, and address space in MiB.

    The CPU time is the budget proper: what a request may cost the machine, however busy it is.
    The wall clock is a longer safety net for a child that waits instead of computing.
    """

    cpu_seconds: float
    timeout_seconds: float
    memory_mb: int


def _get_context(preload: tuple[str, ...]):
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            # Only takes effect before the server's first start; the first runner's list wins.
            ctx.set_forkserver_preload(list(preload))
            _context = ctx
    return _context


def _child(conn, budget: Budget, fn, args, kwargs) -> None:
    limit = budget.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = max(1, math.ceil(budget.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))  # past it the kernel sends SIGXCPU: the child ends
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # and leaves no core dump behind
    os.nice(NICENESS)
    try:
        outcome = ("ok", fn(*args, **kwargs))
    except MemoryError:
        outcome = ("memory", None)
    except LibraryError as exc:
        outcome = ("refused", exc)
    except BaseException:  # noqa: BLE001 - everything else is reported to the parent as a bug
        outcome = ("failed", traceback.format_exc())
    # What the work left behind (parsers are full of reference cycles) may fill the ceiling:
    # free it, or sending even a small answer fails.
    gc.collect()
    try:
        conn.send(outcome)
    except MemoryError:
        outcome = None  # drop the answer that did not fit, then say why
        gc.collect()
        conn.send(("memory", None))
    except Exception:  # noqa: BLE001 - an answer that cannot be sent (not picklable) is a bug, reported as one
        conn.send(("failed", traceback.format_exc()))
    finally:
        conn.close()


class BudgetRunner:
    """Runs functions in budgeted child processes, at most `concurrency` at once in this process."""

    def __init__(self, concurrency: int, preload: tuple[str, ...] = ()):
        self.concurrency = concurrency
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._preload = tuple(preload)

    def run(self, budget: Budget, fn, *args, **kwargs):
        """fn(*args, **kwargs) in a child within `budget`: its result, its LibraryError, or OverBudget / Busy."""
        if not self._slots.acquire(blocking=False):
            raise Busy(f"All {self.concurrency} processing slots are busy")
        try:
            return self._run(budget, fn, args, kwargs)
        finally:
            self._slots.release()

    def _run(self, budget: Budget, fn, args, kwargs):
        ctx = _get_context(self._preload)
        receiver, sender = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(sender, budget, fn, args, kwargs), daemon=True, name="budgeted-work")
        try:
            try:
                proc.start()
            finally:
                sender.close()  # the child holds its own end; ours would hide the child's EOF
            if not receiver.poll(budget.timeout_seconds):
                raise OverTime(f"The work took longer than {budget.timeout_seconds:g} s and was stopped")
            try:
                kind, value = receiver.recv()
            except EOFError:
                kind, value = "died", None
            proc.join(_EXIT_GRACE_SECONDS)  # it exits right after answering; a crash needs a moment to be seen
        finally:
            if proc.is_alive():
                proc.kill()
            if proc.pid is not None:  # started
                proc.join()
                exitcode = proc.exitcode
                proc.close()
            receiver.close()
        if kind == "ok":
            return value
        if kind == "refused":
            raise value
        if kind == "memory":
            raise OverMemory(f"The work needed more than {budget.memory_mb} MiB of memory")
        if kind == "failed":
            raise WorkFailed(value)
        if exitcode == -signal.SIGXCPU:
            raise OverTime(f"The work used up its {budget.cpu_seconds:g} s of CPU time and was stopped")
        if exitcode == -signal.SIGKILL:  # we kill only after the deadline: this is the kernel's OOM killer
            raise OverMemory("The work was killed by the system for its memory use")
        raise WorkerDied(f"The worker process ended without an answer (exit {exitcode})")
