"""Readiness: whether what this node depends on answers (the database, the store and, when set, Redis)."""
from flask import current_app
from sqlalchemy import text

from backend.core.extensions import db
from backend.core.resources import files


def _database() -> None:
    db.session.execute(text("SELECT 1"))
    db.session.rollback()


def _redis() -> None:
    import redis

    redis.Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2).ping()


def check() -> dict[str, str]:
    """Each dependency's state, `ok` or the name of what went wrong; Redis only when REDIS_URL is set."""
    checks = {"database": _database, "store": lambda: files().ping()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis
    states = {}
    for name, probe in checks.items():
        try:
            probe()
            states[name] = "ok"
        except Exception as exc:  # any failure of a dependency means not ready, never a 500
            states[name] = type(exc).__name__
    return states
