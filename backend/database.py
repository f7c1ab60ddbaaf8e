"""Engine settings that make SQLite safe and prompt for concurrent signers."""
import errno
import fcntl
import functools
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event

from .extensions import db

_reading = ContextVar("signstage_reading", default=False)
GATE_TIMEOUT_SECONDS = 30.0


@contextmanager
def reading(*, then_write: bool = False):
    """A read-only transaction, rolled back on the way out: on SQLite it takes no write lock.

    Enter with no transaction open (one already begun keeps its kind); write nothing inside.
    then_write: the caller writes next. SQLite still ends the reads here, before the write lock;
    a server database (whose reads lock nothing) keeps the transaction open for the write, which
    saves a connection checkout with its ping and a BEGIN and ROLLBACK, each a round trip.
    """
    token = _reading.set(True)
    keep = False
    try:
        yield
        keep = then_write and db.session.get_bind().dialect.name != "sqlite"
    finally:
        _reading.reset(token)
        if not keep:
            db.session.rollback()


def read_only(fn):
    """Run fn in reading(): for views and feeds that only read (on SQLite they never wait for, nor hold, the write lock)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with reading():
            return fn(*args, **kwargs)
    return wrapper


class WriterGate:
    """One SQLite writer at a time across this process's threads and every other process, handed on at once.

    SQLite's own busy handler sleeps 1, 2, 5 … up to 100 ms between tries, so under a burst of
    signers a waiting writer slept on long after the lock was free (waits of 400 ms for a 3 ms
    transaction). Here threads queue on a lock and processes on flock(2) of a file beside the
    database; SQLite's lock then never makes anyone wait.
    """

    def __init__(self, path: str):
        self.path = path
        self._pid = None

    def _fresh(self) -> None:
        # After fork, the child needs its own lock and its own open file: an inherited
        # descriptor shares the parent's flock.
        if self._pid != os.getpid():
            self._thread_lock = threading.Lock()
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._holder = None
            self._pid = os.getpid()

    def enter(self, owner: object, timeout: float | None = None) -> None:
        """Wait until owner is the only writer (sqlite3.OperationalError after timeout)."""
        self._fresh()
        timeout = GATE_TIMEOUT_SECONDS if timeout is None else timeout
        deadline = time.monotonic() + timeout
        if not self._thread_lock.acquire(timeout=timeout):
            raise sqlite3.OperationalError("database is locked (writer gate)")
        pause = 0.0001
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    self._thread_lock.release()
                    raise sqlite3.OperationalError("database is locked (writer gate)") from exc
                time.sleep(pause)
                pause = min(pause * 2, 0.001)
        self._holder = id(owner)

    def leave(self, owner: object) -> None:
        """Let the next writer in, if owner is the writer."""
        if self._pid != os.getpid() or self._holder != id(owner):
            return
        self._holder = None
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()


def _gated_connection_class(gate: WriterGate) -> type:
    class GatedConnection(sqlite3.Connection):
        """A connection that lets the next writer in once its transaction has ended, not before."""

        def commit(self):
            try:
                super().commit()
            finally:
                gate.leave(self)

        def rollback(self):
            try:
                super().rollback()
            finally:
                gate.leave(self)

        def close(self):
            try:
                super().close()
            finally:
                gate.leave(self)

    return GatedConnection


def configure(engine) -> None:
    """On SQLite: WAL, a busy timeout, write-locking transactions through a writer gate; PostgreSQL needs nothing."""
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    gate = WriterGate(f"{database}-writer.lock") if database and database != ":memory:" else None
    if gate is not None:
        connection_class = _gated_connection_class(gate)

        @event.listens_for(engine, "do_connect")
        def _connect_gated(_dialect, _record, _cargs, cparams):
            cparams["factory"] = connection_class

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A deferred transaction that read and then writes fails at once under contention;
        # IMMEDIATE waits for the write lock instead, which serialises writers safely. Pure reads
        # (WAL readers never wait) say so with reading(), and must not turn into writes.
        if _reading.get():
            conn.exec_driver_sql("BEGIN")
            return
        dbapi_conn = conn.connection.dbapi_connection
        if gate is not None:
            gate.enter(dbapi_conn)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if gate is not None:
                gate.leave(dbapi_conn)
            raise
