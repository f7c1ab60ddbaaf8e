"""The notification outbox: every message is a row first, then claimed by one sender and sent once.

Claiming: a conditional UPDATE (status 'queued' -> 'sending' for this id, still due) whose rowcount
says which sender won. On PostgreSQL the second updater waits for the first's row lock, re-reads the
row and matches nothing; on SQLite writers are serialised (BEGIN IMMEDIATE). No lock is held while the
provider is called. The claim has a lease (claimed_by, claimed_until).

What can be guaranteed with Tencent Cloud SMS: it has no idempotency key, so a message whose sender
died after claiming it may or may not have been sent; nobody can tell from our side (SessionContext
carries the notification id, so Tencent's delivery records can). Such a message, its lease expired,
is marked 'unknown' and never sent again by itself (at most once): a second SMS with the same code or
link is worse than asking the organizer, who sees the state and can resend it by hand. A message that
failed with a network error after the request may have left (a timeout) is retried: that narrow case
is at least once.
"""
import logging
import os
import secrets
import socket
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, update

from backend.core.database import reading
from backend.core.extensions import db
from backend.core.resources import cipher, sms
from backend.lib.errors import N_
from backend.lib.identity.mobile import mask
from backend.lib.sms.errors import Delivery, SmsConfigError, SmsError, SmsRejected
from backend.lib.sms.templates import render, template_name
from backend.models import Notification
from backend.models.base import utcnow
from backend.services.short_links import short_url, shorten

log = logging.getLogger("signstage.notify")

MAX_ATTEMPTS = 3
BACKOFF = (timedelta(seconds=0), timedelta(seconds=30), timedelta(seconds=120))
STATES = ("queued", "sending", "sent", "failed", "unknown")
# Parameters that hold a URL, and the short-link code and text parameters each becomes.
SHORTENED = {"link": ("link_code", "short_link"), "video": ("video_code", "video_link")}
# Stored as a catalogue msgid: the API shows it in the reader's language (formats.StoredMessage).
UNKNOWN_REASON = N_("发送中断，无法确认是否已送达，请核实后手动重发")


def enqueue(to: str, template: str, params: dict, *, language: str | None = None, **links) -> Notification:
    """Add a message to the outbox in the current transaction (sent after commit).

    `template` is the message kind; `language` (the recipient's; None: Chinese) picks its text, and the row
    keeps the template's name, `<kind>` or `<kind>@en`, which the provider backend maps to its template.
    A `link` parameter gets a short link of ours: `link_code` goes to the provider, `short_link` into the text;
    a `video` parameter (the video meeting) likewise gets `video_code` and `video_link`.
    """
    params = dict(params)
    for name, (code_param, link_param) in SHORTENED.items():
        if params.get(name):
            code = shorten(params[name]).code
            params.update({code_param: code, link_param: short_url(code)})
    name = template_name(template, language) if language else template
    note = Notification(to_enc=cipher().encrypt(to), to_masked=mask(to), template=name,
                        params=params, text=render(name, params), next_attempt_at=utcnow(), **links)
    db.session.add(note)
    return note


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config.get("SMS_CLAIM_SECONDS", 60))


def _sender_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{secrets.token_hex(3)}"


def _queued(now):
    return and_(Notification.status == "queued", Notification.next_attempt_at <= now)


def _stale(now):
    return and_(Notification.status == "sending", Notification.claimed_until <= now)


def _candidates(now, limit: int) -> tuple[list[str], list[str]]:
    def look():
        due = [i for (i,) in db.session.query(Notification.id).filter(_queued(now))
               .order_by(Notification.created_at, Notification.id).limit(limit)]
        stale = [i for (i,) in db.session.query(Notification.id).filter(_stale(now)).limit(limit)]
        return due, stale
    if db.session().in_transaction():
        return look()
    # A read-only look first: the worker polls this every second, and on SQLite a writing
    # transaction would queue behind signers for nothing.
    with reading():
        return look()


def _mark_unknown(note_id: str, now) -> None:
    marked = db.session.execute(update(Notification).where(and_(Notification.id == note_id, _stale(now)))
                                .values(status="unknown", claimed_until=None, last_error=UNKNOWN_REASON)).rowcount
    db.session.commit()
    if marked:
        log.warning("SMS %s: its sender's claim expired mid-send; marked unknown, not resent", note_id)


def _claim(note_id: str, me: str, now) -> bool:
    won = db.session.execute(update(Notification).where(and_(Notification.id == note_id, _queued(now)))
                             .values(status="sending", claimed_by=me, claimed_until=now + _lease(),
                                     attempts=Notification.attempts + 1)).rowcount
    db.session.commit()
    return bool(won)


def _send(note_id: str, me: str, now) -> bool:
    with reading():
        note = db.session.get(Notification, note_id)
        to, template, params, text, attempts = (cipher().decrypt(note.to_enc), note.template, note.params,
                                                note.text, note.attempts)
        masked = note.to_masked
    values: dict = {"claimed_until": None}
    try:
        delivery = sms().send(to, template, params, text, note_id)
    except SmsConfigError as exc:
        values.update(status="failed", last_error=exc.message[:300], provider_answer=exc.answer)
        log.error("SMS %s to %s failed: SMS configuration error: %s", note_id, masked, exc.message)
    except SmsRejected as exc:
        values.update(status="failed", last_error=exc.message[:300], provider_answer=exc.answer)
        log.warning("SMS %s to %s rejected for good: %s", note_id, masked, exc.message)
    except Exception as exc:  # any other provider failure is temporary: retried, never raised to the caller
        reason = (exc.message if isinstance(exc, SmsError) else str(exc))[:300]
        values.update(last_error=reason, provider_answer=getattr(exc, "answer", None))
        if attempts >= MAX_ATTEMPTS:
            values["status"] = "failed"
            log.warning("SMS %s to %s failed for good: %s", note_id, masked, reason)
        else:
            wait = max(BACKOFF[attempts], timedelta(seconds=getattr(exc, "retry_after", 0) or 0))
            values.update(status="queued", next_attempt_at=now + wait)
    else:
        if isinstance(delivery, Delivery):
            values.update(provider_id=delivery.provider_id, provider_answer=delivery.answer)
        values.update(status="sent", sent_at=now, last_error=None)
    # Only this sender's claim is recorded; a late answer still corrects an 'unknown' mark.
    db.session.execute(update(Notification).where(and_(
        Notification.id == note_id, Notification.claimed_by == me, Notification.status.in_(("sending", "unknown"))))
        .values(**values))
    db.session.commit()
    return values["status"] == "sent"


def deliver_due(now=None, *, limit: int = 100) -> int:
    """Claim and send every message that is due; return how many this call sent."""
    now = now or utcnow()
    due, stale = _candidates(now, limit)
    for note_id in stale:
        _mark_unknown(note_id, now)
    if not due:
        return 0
    me, sent = _sender_id(), 0
    for note_id in due:
        if _claim(note_id, me, now):
            sent += _send(note_id, me, now)
    return sent


def resend(note: Notification) -> Notification:
    """Queue a failed or unknown message again, as new (the caller checked who may, and commits)."""
    note.status, note.attempts, note.next_attempt_at = "queued", 0, utcnow()
    note.claimed_by = note.claimed_until = None
    return note
