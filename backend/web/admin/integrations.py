"""The enterprise admin's integrations: API keys, webhook subscriptions and their delivery log.

A new key or secret is shown in the page that answers the form, never in a flash message: those
travel in the session cookie, which is signed, not encrypted.
"""
from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from backend.core.errors import AppError
from backend.models.integration import API_KEY_SCOPES
from backend.services import api_keys as key_service
from backend.services import webhook_deliveries as delivery_service
from backend.services import webhooks as webhook_service
from backend.services.webhook_events import EVENT_TYPES
from backend.web.admin import blp
from backend.web.admin.access import current_user, roles_required
from backend.web.admin.forms import error_context, flash_outcome, form_values, page_arg
from backend.web.admin.strings import STRINGS

SUBSCRIBABLE = tuple(e for e in EVENT_TYPES if e != "webhook.test")


def _label(prefix: str, value: str) -> str:
    return str(STRINGS.get(f"{prefix}_{value.replace('.', '_')}", value))


@blp.app_template_filter("event_label")
def _event_label(value: str) -> str:
    return _label("event", value)


@blp.app_template_filter("delivery_label")
def _delivery_label(value: str) -> str:
    return _label("dstatus", value)


@blp.app_template_filter("admin_string")
def _admin_string(key: str) -> str:
    return str(STRINGS.get(key, ""))


@blp.app_template_filter("scope_label")
def _scope_label(value: str) -> str:
    return _label("scope", value)


def _secret_shown(page):
    # A page that shows a key or secret must not stay in any cache.
    body, status = page
    return body, status, {"Cache-Control": "no-store"}


@blp.route("/api-keys", methods=["GET", "POST"])
@roles_required("admin")
def api_keys():
    """List the enterprise's API keys and make one (shown once, in this answer)."""
    ctx, status = {"values": {"scope": "read"}}, 200
    if request.method == "POST":
        values = form_values("name", "scope")
        try:
            row, key = key_service.create_key(current_user(), values["name"], values["scope"])
        except AppError as exc:
            ctx, status = {"values": values, **error_context(exc)}, exc.status
        else:
            ctx["new_key"], ctx["new_key_row"] = key, row
    page = render_template("admin/api_keys.html", keys=key_service.list_keys(current_user()), scopes=API_KEY_SCOPES,
                           **ctx), status
    return _secret_shown(page) if "new_key" in ctx else page


@blp.post("/api-keys/<key_id>/revoke")
@roles_required("admin")
def revoke_api_key(key_id):
    """Revoke a key: the next request made with it gets 401."""
    flash_outcome(lambda: key_service.revoke_key(current_user(), key_id),
                  lambda row: _("已撤销API密钥「%(name)s」。", name=row.name))
    return redirect(url_for("admin.api_keys"))


@blp.route("/webhooks", methods=["GET", "POST"])
@roles_required("admin")
def webhooks():
    """List the subscriptions and add one (its secret shown once, in this answer)."""
    ctx, status = {"values": {"events": list(SUBSCRIBABLE)}}, 200
    if request.method == "POST":
        values = {**form_values("url", limit=600), "events": request.form.getlist("events")[:len(EVENT_TYPES)]}
        try:
            hook, secret = webhook_service.subscribe(current_user(), values["url"], values["events"])
        except AppError as exc:
            ctx, status = {"values": values, **error_context(exc)}, exc.status
        else:
            ctx.update(new_secret=secret, new_hook=hook)
    page = render_template("admin/webhooks.html", hooks=webhook_service.list_webhooks(current_user()),
                           event_types=SUBSCRIBABLE, **ctx), status
    return _secret_shown(page) if "new_secret" in ctx else page


def _detail(webhook_id: str, status: int = 200, **ctx):
    user = current_user()
    hook = webhook_service.get_webhook(user, webhook_id)
    page = page_arg()
    rows, total = delivery_service.deliveries(user, hook.id, page=page)
    last = {d.id: (delivery_service.attempts_of(d) or [None])[-1] for d in rows}
    pages = max(1, -(-total // delivery_service.PAGE))
    return render_template("admin/webhook.html", hook=hook, deliveries=rows, last_attempts=last, total=total,
                           page=page, pages=pages, active_nav="admin.webhooks", **ctx), status


@blp.get("/webhooks/<webhook_id>")
@roles_required("admin")
def webhook(webhook_id):
    """One subscription: its events, its secret's rotation, and the delivery log with a resend button."""
    return _detail(webhook_id)


@blp.post("/webhooks/<webhook_id>/rotate")
@roles_required("admin")
def rotate_webhook(webhook_id):
    """A new secret, shown in this answer; the old one keeps signing during the overlap."""
    _hook, secret = webhook_service.rotate_secret(current_user(), webhook_id)
    return _secret_shown(_detail(webhook_id, new_secret=secret))


@blp.post("/webhooks/<webhook_id>/test")
@roles_required("admin")
def test_webhook(webhook_id):
    """Queue a test event to this subscription."""
    flash_outcome(lambda: delivery_service.send_test(current_user(), webhook_id),
                  lambda d: _("已发送测试事件（%(id)s），刷新页面查看结果。", id=d.message_id))
    return redirect(url_for("admin.webhook", webhook_id=webhook_id))


@blp.post("/webhooks/<webhook_id>/delete")
@roles_required("admin")
def delete_webhook(webhook_id):
    """Stop a subscription."""
    flash_outcome(lambda: webhook_service.delete_webhook(current_user(), webhook_id), lambda _r: _("已删除订阅。"))
    return redirect(url_for("admin.webhooks"))


@blp.post("/webhooks/<webhook_id>/deliveries/<delivery_id>/resend")
@roles_required("admin")
def resend_delivery(webhook_id, delivery_id):
    """Send a delivery again (same webhook-id)."""
    flash_outcome(lambda: delivery_service.resend(current_user(), webhook_id, delivery_id),
                  lambda d: _("已重新排队发送（%(id)s）。", id=d.message_id))
    return redirect(url_for("admin.webhook", webhook_id=webhook_id, page=request.args.get("page", type=int)))
