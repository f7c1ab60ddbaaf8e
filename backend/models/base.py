"""Column types and helpers shared by every model."""
import secrets
from datetime import datetime, timezone

from sqlalchemy import types

from backend.core.extensions import db


def new_id() -> str:
    """Return a random, unguessable 16-character id."""
    return secrets.token_hex(8)


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(types.TypeDecorator):
    """Stores naive UTC, returns aware UTC, so SQLite and PostgreSQL behave alike."""

    impl = types.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def id_column():
    return db.Column(db.String(16), primary_key=True, default=new_id)


def created_column():
    return db.Column(UTCDateTime(), nullable=False, default=utcnow)
