"""The notification outbox: every message is a row first, then sent with retries."""
import logging
from datetime import timedelta

from backend.core.database import reading
from backend.core.extensions import db
from backend.core.resources import cipher, sms
from backend.lib.identity.mobile import mask
from backend.lib.sms.templates import render
from backend.models import Notification
from backend.models.base import utcnow

log = logging.getLogger("signstage.notify")

MAX_ATTEMPTS = 3
BACKOFF = (timedelta(seconds=0), timedelta(seconds=30), timedelta(seconds=120))


def enqueue(to: str, template: str, params: dict, **links) -> Notification:
    """Add a message to the outbox in the current transaction (sent after commit)."""
    note = Notification(to_enc=cipher().encrypt(to), to_masked=mask(to), template=template,
                        params=params, text=render(template, params), next_attempt_at=utcnow(), **links)
    db.session.add(note)
    return note


def _any_due(now) -> bool:
    if db.session().in_transaction():
        return True  # inside the caller's transaction: no separate look first
    # A read-only look first: the worker polls this every second, and on SQLite a writing
    # transaction would queue behind signers for nothing.
    with reading():
        return db.session.query(Notification.query.filter(
            Notification.status == "queued", Notification.next_attempt_at <= now).exists()).scalar()


def deliver_due(now=None, *, limit: int = 100) -> int:
    """Try every message that is due; return how many were sent."""
    now = now or utcnow()
    if not _any_due(now):
        return 0
    due = (Notification.query.filter(Notification.status == "queued", Notification.next_attempt_at <= now)
           .order_by(Notification.created_at).limit(limit).all())
    sent = 0
    for note in due:
        note.attempts += 1
        try:
            sms().send(cipher().decrypt(note.to_enc), note.template, note.params, note.text)
        except Exception as exc:  # any provider failure is retried, never raised to the caller
            note.last_error = str(exc)[:300]
            if note.attempts >= MAX_ATTEMPTS:
                note.status = "failed"
                log.warning("SMS %s to %s failed for good: %s", note.id, note.to_masked, note.last_error)
            else:
                note.next_attempt_at = now + BACKOFF[note.attempts]
        else:
            note.status, note.sent_at, note.last_error = "sent", now, None
            sent += 1
        db.session.commit()
    return sent
