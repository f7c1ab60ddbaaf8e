"""Engine settings that make SQLite safe for concurrent signers."""
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event

_reading = ContextVar("signstage_reading", default=False)


@contextmanager
def reading():
    """Transactions begun inside only read: on SQLite they take no write lock (PostgreSQL needs nothing).

    The caller ends the transaction (commit or rollback) before it writes anything.
    """
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


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
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A deferred transaction that read and then writes fails at once under contention;
        # IMMEDIATE waits for the write lock instead, which serialises writers safely. Pure reads
        # (WAL readers never wait) say so with reading(), and must not turn into writes.
        conn.exec_driver_sql("BEGIN" if _reading.get() else "BEGIN IMMEDIATE")
