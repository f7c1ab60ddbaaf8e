"""Engine settings that make SQLite safe for concurrent signers, and a marker for pure reads."""
import functools
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event

from backend.core.extensions import db

_reading = ContextVar("signstage_reading", default=False)
# How long a SQLite writer waits for the write lock before the request answers 503 busy.
BUSY_TIMEOUT_MS = 30_000


@contextmanager
def reading():
    """A read-only transaction, rolled back on the way out: on SQLite it takes no write lock.

    Enter with no transaction open (one already begun keeps its kind); write nothing inside.
    """
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)
        db.session.rollback()


def read_only(fn):
    """Run fn in reading(): for views and feeds that only read (on SQLite they never wait for the write lock)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with reading():
            return fn(*args, **kwargs)
    return wrapper


def configure(engine) -> None:
    """On SQLite: WAL, a busy timeout and write-locking transactions; PostgreSQL needs nothing."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A deferred transaction that read and then writes fails at once under contention;
        # IMMEDIATE waits for the write lock instead, which serialises writers safely. Pure reads
        # (WAL readers never wait) say so with reading(), and must not turn into writes.
        conn.exec_driver_sql("BEGIN" if _reading.get() else "BEGIN IMMEDIATE")
