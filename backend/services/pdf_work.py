"""PDF work for a request (verification, inspecting an upload): in a child process, within budget, a few at a time."""
import logging
import threading

from flask import current_app
from flask_babel import lazy_gettext as _l

from backend.core.errors import ServiceBusy, ValidationFailed
from backend.lib.budget import Budget, BudgetRunner, Busy, OverBudget
from backend.lib.pdf.verify import WARM_MODULES

log = logging.getLogger("signstage.pdf")
BUSY_RETRY_AFTER_SECONDS = 5
# One runner per process: its slots bound the children of all the process's serving threads.
_runner: BudgetRunner | None = None
_runner_lock = threading.Lock()


def _get_runner(concurrency: int) -> BudgetRunner:
    global _runner
    with _runner_lock:
        if _runner is None or _runner.concurrency != concurrency:
            _runner = BudgetRunner(concurrency, preload=WARM_MODULES + ("backend.lib.pdf.content",))
        return _runner


def run_budgeted(fn, *args, **kwargs):
    """fn(*args, **kwargs) in a child process: 422 pdf_too_complex past the budget, 503 busy when no slot is free."""
    cfg = current_app.config
    budget = Budget(cfg["VERIFY_CPU_SECONDS"], cfg["VERIFY_TIMEOUT_SECONDS"], cfg["VERIFY_MEMORY_MB"])
    try:
        return _get_runner(cfg["VERIFY_CONCURRENCY"]).run(budget, fn, *args, **kwargs)
    except Busy:
        raise ServiceBusy(_l("正在处理的 PDF 过多，请稍后重试"),
                          extra={"retry_after": BUSY_RETRY_AFTER_SECONDS}) from None
    except OverBudget as exc:
        log.warning("PDF work over budget (%s): %s", exc.code, exc.message)
        if exc.code == "over_memory":
            message = _l("PDF 过于复杂，无法在限定的内存（%(mb)s MB）内处理", mb=budget.memory_mb)
        else:
            cpu, wall = f"{budget.cpu_seconds:g}", f"{budget.timeout_seconds:g}"
            message = _l("PDF 过于复杂，无法在限定的时间（计算 %(cpu)s 秒，总计 %(wall)s 秒）内处理", cpu=cpu, wall=wall)


        raise ValidationFailed(message, code="pdf_too_complex", fields={"file": [message]},
                               extra={"reason": exc.code}) from None
