"""Webhook subscriptions: an enterprise admin subscribes URLs to event types, rotates their secrets, deletes them.

The secret is shown once, when subscribed or rotated, and kept encrypted: it must be read to sign.
After a rotation the old secret keeps signing beside the new one for WEBHOOK_SECRET_OVERLAP_HOURS,
so a receiver can switch over without losing a delivery.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from backend.core.errors import NotFound, ValidationFailed, field_error
from backend.core.extensions import db
from backend.core.resources import cipher
from backend.lib.webhooks.signing import new_secret
from backend.lib.webhooks.targets import TargetRefused, parse
from backend.models import AdminUser, Webhook, WebhookDelivery
from backend.models.base import utcnow
from backend.services.accounts import require_role
from backend.services.library_errors import translated
from backend.services.webhook_events import EVENT_TYPES

MAX_WEBHOOKS = 20  # per enterprise: each is a delivery per event


def allow_private() -> bool:
    """Whether webhooks may reach private and loopback addresses (WEBHOOK_ALLOW_PRIVATE)."""
    return bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE"))


def check_url(url: str) -> str:
    """The URL as stored, or a 422 saying why it cannot receive webhooks."""
    url = (url or "").strip()
    try:
        parse(url, allow_private=allow_private())
    except TargetRefused as exc:
        message = translated(exc)
        raise ValidationFailed(message, code="webhook_url_refused", fields={"url": [message]})

    return url


def check_events(events: list[str]) -> list[str]:
    """The event types, each once, in the published order; 422 for none or an unknown one."""
    unknown = sorted(set(events or ()) - set(EVENT_TYPES))
    if unknown:
        raise field_error("events", _l("未知的事件类型：%(events)s", events=", ".join(unknown)))
    if not events:
        raise field_error("events", _l("请至少选择一种事件"))
    return [e for e in EVENT_TYPES if e in events]


def subscribe(actor: AdminUser, url: str, events: list[str]) -> tuple[Webhook, str]:
    """Subscribe a URL; returns the subscription and its secret, which is never shown again."""
    require_role(actor, "admin")
    url, events = check_url(url), check_events(events)
    live = Webhook.query.filter_by(enterprise_id=actor.enterprise_id, deleted_at=None).count()
    if live >= MAX_WEBHOOKS:
        raise ValidationFailed(_l("每个企业最多%(n)s个订阅", n=MAX_WEBHOOKS),

                               code="too_many_webhooks")
    secret = new_secret()
    hook = Webhook(enterprise_id=actor.enterprise_id, created_by_id=actor.id, url=url, events=events,
                   secret_enc=cipher().encrypt(secret))
    db.session.add(hook)
    db.session.commit()
    return hook, secret


def list_webhooks(actor: AdminUser) -> list[Webhook]:
    """The enterprise's subscriptions, oldest first."""
    require_role(actor, "admin")
    return (Webhook.query.filter_by(enterprise_id=actor.enterprise_id, deleted_at=None)
            .order_by(Webhook.created_at, Webhook.id).all())


def get_webhook(actor: AdminUser, webhook_id: str) -> Webhook:
    """One of the enterprise's live subscriptions; any other answers 404."""
    require_role(actor, "admin")
    hook = db.session.get(Webhook, webhook_id)
    if hook is None or hook.enterprise_id != actor.enterprise_id or hook.deleted_at is not None:
        raise NotFound(_l("订阅不存在"))
    return hook


def delete_webhook(actor: AdminUser, webhook_id: str) -> None:
    """Stop a subscription: nothing more is sent to it, what was waiting is cancelled; its log stays."""
    hook = get_webhook(actor, webhook_id)
    hook.deleted_at = utcnow()
    db.session.execute(update(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id,
                                                     WebhookDelivery.status == "queued")
                       .values(status="cancelled").execution_options(synchronize_session=False))
    db.session.commit()


def rotate_secret(actor: AdminUser, webhook_id: str) -> tuple[Webhook, str]:
    """A new secret; the current one keeps signing too until the overlap ends. Returns the new secret."""
    hook = get_webhook(actor, webhook_id)
    now = utcnow()
    secret = new_secret()
    hook.previous_secret_enc = hook.secret_enc
    hook.previous_secret_until = now + timedelta(hours=current_app.config.get("WEBHOOK_SECRET_OVERLAP_HOURS", 24))
    hook.secret_enc, hook.rotated_at = cipher().encrypt(secret), now
    db.session.commit()
    return hook, secret


def signing_secrets(hook: Webhook, now) -> list[str]:
    """The secrets that sign now: the current one, and the previous one during its overlap."""
    out = [cipher().decrypt(hook.secret_enc)]
    if hook.previous_secret_enc and hook.previous_secret_until and hook.previous_secret_until > now:
        out.append(cipher().decrypt(hook.previous_secret_enc))
    return out
