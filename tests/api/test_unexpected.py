"""A bug still answers JSON and leaves a traceback in the log."""
import logging

import pytest

from tests.support import sqlite_write_lock_held


def test_unhandled_exception_is_logged_and_answered_as_json(app, client, caplog, monkeypatch):
    from backend.services import accounts

    def boom(*_a, **_k):
        raise KeyError("boom")

    monkeypatch.setattr(accounts, "authenticate", boom)
    with caplog.at_level(logging.ERROR, logger="signstage.web"):
        res = client.post("/api/auth/login", json={"username": "a", "password": "b"})
    assert res.status_code == 500 and res.get_json()["error"]["code"] == "internal_error"
    assert "KeyError" in caplog.text


def test_a_database_lock_wait_that_times_out_is_a_503_to_retry(app, client):
    """Another writer holds SQLite's write lock past the wait: the client is told to retry, not 500."""
    from backend.core.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's writer gate")
    with sqlite_write_lock_held(db.engine):
        res = client.post("/api/auth/login", json={"username": "nobody", "password": "secret-password"})
        assert res.status_code == 503, res.get_json()
        assert res.get_json()["error"]["code"] == "busy" and res.headers["Retry-After"] == "2"
    res = client.post("/api/auth/login", json={"username": "nobody", "password": "secret-password"})
    assert res.status_code == 401


def test_an_unreachable_database_server_is_a_503(app, client, monkeypatch):
    import psycopg
    from sqlalchemy.exc import OperationalError

    from backend.services import accounts

    def refused(*_a, **_k):
        raise OperationalError("SELECT 1", {}, psycopg.OperationalError("connection failed: Connection refused"))

    monkeypatch.setattr(accounts, "authenticate", refused)
    res = client.post("/api/auth/login", json={"username": "a", "password": "secret-password"})
    assert res.status_code == 503 and res.get_json()["error"]["code"] == "busy"


def test_a_query_bug_is_still_a_500(app, client, monkeypatch, caplog):
    import psycopg
    from sqlalchemy.exc import ProgrammingError

    from backend.services import accounts

    def bad_sql(*_a, **_k):
        raise ProgrammingError("SELECT nope", {}, psycopg.errors.UndefinedColumn("column nope does not exist"))

    monkeypatch.setattr(accounts, "authenticate", bad_sql)
    with caplog.at_level(logging.ERROR, logger="signstage.web"):
        res = client.post("/api/auth/login", json={"username": "a", "password": "secret-password"})
    assert res.status_code == 500 and "ProgrammingError" in caplog.text
