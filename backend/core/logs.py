"""Logging: one JSON object per line (or plain text for the demo), each with the request id it serves.

The request id comes from the caller's `X-Request-ID` (a proxy's, or a client's) or is made here, and
follows the work: signing jobs store it and run under it, and outgoing calls log under it.
"""
import contextvars
import logging
import re
import sys
import uuid
from contextlib import contextmanager

from pythonjsonlogger.json import JsonFormatter

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("signstage_request_id", default=None)
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def current_request_id() -> str | None:
    """The id of the request (or job) this thread is working for, if any."""
    return _request_id.get()


def new_request_id(offered: str | None = None) -> str:
    """The caller's id when it is a sane token, else a fresh one."""
    return offered if offered and _ACCEPTABLE.match(offered) else uuid.uuid4().hex


def bind_request_id(value: str | None) -> contextvars.Token:
    """Work for this id from now on (undo with reset_request_id)."""
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token) -> None:
    """Go back to the id before bind_request_id."""
    _request_id.reset(token)


@contextmanager
def working_for(value: str | None):
    """Log under this request id for the duration of a block (a job, a delivery)."""
    token = bind_request_id(value)
    try:
        yield
    finally:
        reset_request_id(token)


class RequestIdFilter(logging.Filter):
    """Stamps each record with the request id of the thread that logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


def configure(fmt: str = "json", level: int = logging.INFO) -> None:
    """Send every log record to stderr, as JSON lines or as text, with its request id."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                                           rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_signstage", False)]:
        root.removeHandler(old)
    handler._signstage = True
    root.addHandler(handler)
    root.setLevel(level)
