"""Sending queued webhooks: claimed by one worker, posted outside any transaction, retried, logged.

At least once: a delivery is sent until a 2xx answer, with the same webhook-id every time, so a
receiver deduplicates by it. Failures wait WEBHOOK_BACKOFF_SECONDS, doubling each time up to six
hours, and are retried until WEBHOOK_RETRY_HOURS (24) have passed since the first attempt. A claim has
a lease; a sender that died mid-send leaves a claim that expires and the delivery is queued again
(it may then arrive twice: the id says so). Every attempt is a row: status code, latency, the start
of the answer, or why there was none.
"""
import logging
import os
import secrets
import socket
import threading
import time
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, update

from backend.core.database import reading
from backend.core.errors import NotFound
from backend.core.extensions import db
from backend.core.live.signals import announce_jobs
from backend.lib.errors import N_
from backend.lib.webhooks import sender
from backend.lib.webhooks.signing import headers
from backend.models import AdminUser, WebhookAttempt, WebhookDelivery
from backend.models.base import utcnow
from backend.services import webhook_events, webhooks

log = logging.getLogger("signstage.webhooks")
MAX_BACKOFF = timedelta(hours=6)
PAGE = 50


def _config(name: str, default: float) -> float:
    return float(current_app.config.get(name, default))


def backoff(attempts: int) -> timedelta:
    """How long to wait after the attempts-th failure: the base, doubled each time, at most six hours."""
    base = timedelta(seconds=_config("WEBHOOK_BACKOFF_SECONDS", 30))
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def _lease() -> timedelta:
    # Longer than the longest attempt (the timeout per address, at most a few addresses).
    return timedelta(seconds=4 * _config("WEBHOOK_TIMEOUT_SECONDS", 10) + 30)


def _sender_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{secrets.token_hex(3)}"


def _due(now):
    return and_(WebhookDelivery.status == "queued", WebhookDelivery.next_attempt_at <= now)


def _stale(now):
    return and_(WebhookDelivery.status == "sending", WebhookDelivery.claimed_until <= now)


def deliver_due(now=None, *, limit: int = 50, budget_seconds: float | None = None) -> int:
    """Send the deliveries that are due (and requeue those whose sender died); how many landed.

    budget_seconds: start no further attempt after that long, so that slow receivers never hold up
    the worker's signing jobs for long (what is left waits for the next round).
    """
    started = time.monotonic()
    given, now = now, now or utcnow()
    # Polling only reads: on SQLite it must not queue for the write lock behind signers.
    with reading():
        stale = db.session.query(WebhookDelivery.id).filter(_stale(now)).limit(1).first()
    if stale:
        requeued = db.session.execute(update(WebhookDelivery).where(_stale(now))
                                      .values(status="queued", claimed_by=None, claimed_until=None)).rowcount
        db.session.commit()
        log.warning("webhooks: %s deliveries whose sender stopped mid-send are queued again", requeued)
    with reading():
        due = [i for (i,) in db.session.query(WebhookDelivery.id).filter(_due(now))
               .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit)]
    me, landed = _sender_id(), 0
    for n, delivery_id in enumerate(due):
        if n and budget_seconds is not None and time.monotonic() - started > budget_seconds:
            break  # at least one attempt per round, whatever the budget
        # Each claim's lease starts when its attempt does: a slow receiver before it must not shorten it.
        at = given or utcnow()
        if _claim(delivery_id, me, at):
            landed += _send(delivery_id, me, at)
    return landed


def _claim(delivery_id: str, me: str, now) -> bool:
    won = db.session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id, _due(now))
                             .values(status="sending", claimed_by=me, claimed_until=now + _lease(),
                                     attempts=WebhookDelivery.attempts + 1)).rowcount
    db.session.commit()
    return bool(won)


def _send(delivery_id: str, me: str, now) -> bool:
    with reading():
        delivery = db.session.get(WebhookDelivery, delivery_id)
        hook = delivery.webhook
        hook_id, url, payload, message_id, attempts = hook.id, hook.url, delivery.payload, delivery.message_id, delivery.attempts
        first = delivery.first_attempt_at or now
        live = hook.deleted_at is None
        signing = webhooks.signing_secrets(hook, now) if live else []
    if not live:
        outcome = sender.Outcome(None, 0, error=N_("订阅已删除"))  # stored; shown translated
    else:
        try:
            # The receiver checks webhook-timestamp against its own clock: always the real time of this attempt.
            sent_headers = headers(signing, message_id, time.time(), payload)
            outcome = sender.post(url, payload, sent_headers, allow_private=webhooks.allow_private(),
                                  timeout=_config("WEBHOOK_TIMEOUT_SECONDS", 10),
                                  ca_certs=current_app.config.get("WEBHOOK_CA_CERTS"))
        except Exception as exc:  # a bug here must not leave the claim to expire and loop: it is a failed attempt
            log.exception("webhook %s: sending failed", message_id)
            outcome = sender.Outcome(None, 0, error=f"{type(exc).__name__}: {exc}"[:300])
    values = {"claimed_until": None, "first_attempt_at": first, "last_status_code": outcome.status_code,
              "last_error": outcome.error if not outcome.delivered else None}
    if outcome.delivered:
        values.update(status="delivered", delivered_at=now)
    elif not live:
        values.update(status="cancelled")
    elif now - first >= timedelta(hours=_config("WEBHOOK_RETRY_HOURS", 24)):
        values.update(status="failed")
        log.warning("webhook %s to %s failed for good after %s attempts", message_id, hook_id, attempts)
    else:
        values.update(status="queued", next_attempt_at=now + backoff(attempts))
    db.session.add(WebhookAttempt(delivery_id=delivery_id, attempted_at=now, address=outcome.address,
                                  status_code=outcome.status_code, latency_ms=outcome.latency_ms,
                                  response_excerpt=outcome.excerpt, error=outcome.error))
    # Only this sender's claim is recorded: one whose lease ran out and was requeued changes nothing.
    db.session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id,
                                                     WebhookDelivery.claimed_by == me,
                                                     WebhookDelivery.status == "sending").values(**values))
    db.session.commit()
    log.info("webhook %s (%s) attempt %s: %s", message_id, delivery_id, attempts,
             outcome.status_code or outcome.error, extra={"webhook_id": hook_id, "latency_ms": outcome.latency_ms})
    return outcome.delivered


def send_test(actor: AdminUser, webhook_id: str) -> WebhookDelivery:
    """Queue a webhook.test delivery to one subscription, and wake the worker."""
    hook = webhooks.get_webhook(actor, webhook_id)
    now = utcnow()
    payload = webhook_events.body("webhook.test", now, {"webhook_id": hook.id, "enterprise_id": hook.enterprise_id})
    delivery = webhook_events.queue(hook, "webhook.test", payload)
    db.session.commit()
    announce_jobs()
    return delivery


def deliveries(actor: AdminUser, webhook_id: str, status: str | None = None, page: int = 1) -> tuple[list, int]:
    """A subscription's deliveries, newest first, a page at a time, and how many there are."""
    hook = webhooks.get_webhook(actor, webhook_id)
    query = WebhookDelivery.query.filter_by(webhook_id=hook.id)
    if status:
        query = query.filter(WebhookDelivery.status == status)
    total = query.count()
    rows = (query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
            .offset((page - 1) * PAGE).limit(PAGE).all())
    return rows, total


def attempts_of(delivery: WebhookDelivery) -> list[WebhookAttempt]:
    """A delivery's attempts, oldest first."""
    return WebhookAttempt.query.filter_by(delivery_id=delivery.id).order_by(WebhookAttempt.id).all()


def resend(actor: AdminUser, webhook_id: str, delivery_id: str) -> WebhookDelivery:
    """Send a delivery again by hand (same webhook-id: it is the same event), with a fresh retry window."""
    hook = webhooks.get_webhook(actor, webhook_id)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.webhook_id != hook.id:
        raise NotFound(_l("投递记录不存在"))
    if delivery.status != "sending":  # one being sent right now is left to its sender
        delivery.status, delivery.next_attempt_at, delivery.first_attempt_at = "queued", utcnow(), None
        delivery.claimed_by = delivery.claimed_until = None
        db.session.commit()
        announce_jobs()
    return delivery

