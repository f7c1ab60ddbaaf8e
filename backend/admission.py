"""Admission: at most a few requests of a process run Python at once; the others wait their turn.

Python runs one thread at a time. With eight request threads busy at once, each thread that
gives up the interpreter for a database call or an image decode waits behind the others to get
it back, so every request of a burst finishes late and a signer holding SQLite's write lock
holds it longer (sign_bench: p95 75 ms at eight threads, 63 ms with two at a time). Threads
waiting here cost nothing. The wait is bounded: a request that has waited `max_wait` seconds runs
anyway, so a request stuck on a slow outside service never stalls the process. A live stream
leaves the line when its view returns: Flask tears the request down before the body streams.
"""
import threading
from collections import deque

from flask import Flask, request

_TURN = "signstage.admitted"


class Admission:
    """A bounded, first-come first-served line in front of request handling, per process."""

    def __init__(self, permits: int, max_wait: float):
        self.permits, self.max_wait = permits, max_wait
        self._lock = threading.Lock()
        self._free = permits
        self._waiting: deque = deque()

    def enter(self) -> bool:
        """Wait for a turn (at most max_wait seconds); True when a permit was taken."""
        if self.permits <= 0:
            return False
        with self._lock:
            if self._free > 0 and not self._waiting:
                self._free -= 1
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        # A freed permit is handed to the longest waiter, never to a newcomer: no one waits twice.
        if turn.acquire(timeout=self.max_wait):
            return True
        with self._lock:
            if turn in self._waiting:
                self._waiting.remove(turn)
                return False  # waited long enough: run without a permit
        return True  # handed a permit just as the wait ran out

    def leave(self) -> None:
        """Give back a permit taken by enter(): to the longest waiter, or to the pool."""
        with self._lock:
            if self._waiting:
                self._waiting.popleft().release()
            else:
                self._free += 1


def install(app: Flask) -> None:
    """Put every request of this app through the line (REQUEST_CONCURRENCY, 0 = no line)."""
    admission = Admission(int(app.config.get("REQUEST_CONCURRENCY", 2)),
                          float(app.config.get("REQUEST_QUEUE_SECONDS", 0.25)))
    app.extensions["signstage_admission"] = admission

    # The turn is the request's own (its WSGI environ), not the app context's: a request made
    # while another is handled shares its app context and its `g`.
    @app.before_request
    def _enter():
        request.environ[_TURN] = admission.enter()

    @app.teardown_request
    def _leave(_exc):
        if request.environ.pop(_TURN, False):
            admission.leave()
