"""Webhook subscriptions, their delivery log, a test event and a resend (enterprise admin)."""
import json

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from backend.lib.webhooks.targets import MAX_URL_LENGTH, PUBLIC_PATTERN
from backend.models.integration import DELIVERY_STATES
from backend.services import webhook_deliveries as deliveries
from backend.services import webhooks as service
from backend.services.webhook_events import EVENT_TYPES
from backend.web.api.formats import StoredMessage
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema

blp = Blueprint("webhooks", __name__, url_prefix="/api/webhooks",
                description="Webhooks (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)")


class WebhookIn(InputSchema):
    # The pattern is published, not enforced here: the service checks the URL, and knows WEBHOOK_ALLOW_PRIVATE.
    url = fields.Str(required=True, validate=validate.Length(min=1, max=MAX_URL_LENGTH), metadata={
        "pattern": PUBLIC_PATTERN, "example": "https://erp.example.com/signstage/webhooks",
        "description": "https, a host name whose addresses are all public (checked again at every delivery after "
                       "DNS resolution); WEBHOOK_ALLOW_PRIVATE=1 also allows http and private or loopback addresses"})
    events = fields.List(fields.Str(validate=validate.OneOf(EVENT_TYPES)), required=True,
                         validate=validate.Length(min=1, max=len(EVENT_TYPES)))


class WebhookOut(Schema):
    id = fields.Str()
    url = fields.Str()
    events = fields.List(fields.Str())
    created_at = fields.DateTime()
    rotated_at = fields.DateTime(allow_none=True)
    previous_secret_until = fields.DateTime(allow_none=True, metadata={
        "description": "after a rotation, the old secret signs too until then"})


class WebhookCreated(WebhookOut):
    secret = fields.Str(metadata={"description": "whsec_…, for standardwebhooks' Webhook(secret).verify: shown here only"})


class WebhookAttemptOut(Schema):
    attempted_at = fields.DateTime()
    address = fields.Str(allow_none=True)
    status_code = fields.Int(allow_none=True)
    latency_ms = fields.Int(allow_none=True)
    response_excerpt = fields.Str(allow_none=True)
    error = fields.Str(allow_none=True)


class WebhookDeliveryOut(Schema):
    id = fields.Str()
    message_id = fields.Str(metadata={"description": "the webhook-id header, the same on every retry"})
    event_type = fields.Str()
    meeting_id = fields.Str(allow_none=True)
    status = fields.Str(metadata={"enum": list(DELIVERY_STATES)})
    attempts = fields.Int()
    created_at = fields.DateTime()
    first_attempt_at = fields.DateTime(allow_none=True)
    next_attempt_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    last_status_code = fields.Int(allow_none=True)
    last_error = StoredMessage(allow_none=True)
    payload = fields.Function(lambda d: json.loads(d.payload), metadata={"type": "object"})
    attempt_log = fields.Function(lambda d: WebhookAttemptOut(many=True).dump(deliveries.attempts_of(d)),
                                  metadata={"type": "array", "items": {"type": "object"}})


class WebhookDeliveryPage(Schema):
    items = fields.List(fields.Nested(WebhookDeliveryOut))
    total = fields.Int()
    page = fields.Int()


class WebhookDeliveryQuery(InputSchema):
    status = fields.Str(load_default=None, validate=validate.OneOf(DELIVERY_STATES))
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100000))


def _shown(hook, secret: str) -> dict:
    return {**{name: getattr(hook, name) for name in WebhookOut().fields}, "secret": secret}


@blp.route("", methods=["POST"])
@blp.arguments(WebhookIn)
@blp.response(201, WebhookCreated)
def create(body):
    """Subscribe a URL to event types; the answer is the only time the secret is shown."""
    return _shown(*service.subscribe(current_actor(), body["url"], body["events"]))


@blp.route("", methods=["GET"])
@blp.response(200, WebhookOut(many=True))
def index():
    """The enterprise's subscriptions (never their secrets)."""
    return service.list_webhooks(current_actor())


@blp.route("/<webhook_id>", methods=["GET"])
@blp.response(200, WebhookOut)
def show(webhook_id):
    """One subscription."""
    return service.get_webhook(current_actor(), webhook_id)


@blp.route("/<webhook_id>", methods=["DELETE"])
@blp.response(204)
def delete(webhook_id):
    """Stop a subscription; deliveries still waiting are cancelled, the log stays."""
    service.delete_webhook(current_actor(), webhook_id)


@blp.route("/<webhook_id>/rotate", methods=["POST"])
@blp.response(200, WebhookCreated)
def rotate(webhook_id):
    """A new secret (shown only here); the old one keeps signing too during the overlap (24 hours by default)."""
    return _shown(*service.rotate_secret(current_actor(), webhook_id))


@blp.route("/<webhook_id>/deliveries", methods=["GET"])
@blp.arguments(WebhookDeliveryQuery, location="query")
@blp.response(200, WebhookDeliveryPage)
def deliveries_of(query, webhook_id):
    """The delivery log, newest first, 50 a page: each attempt's status code, latency and answer."""
    items, total = deliveries.deliveries(current_actor(), webhook_id, query["status"], query["page"])
    return {"items": items, "total": total, "page": query["page"]}


@blp.route("/<webhook_id>/test", methods=["POST"])
@blp.response(202, WebhookDeliveryOut)
def test(webhook_id):
    """Queue a webhook.test event to this subscription (the worker sends it within a second or so)."""
    return deliveries.send_test(current_actor(), webhook_id)


@blp.route("/<webhook_id>/deliveries/<delivery_id>/resend", methods=["POST"])
@blp.response(202, WebhookDeliveryOut)
def resend(webhook_id, delivery_id):
    """Send a delivery again, with the same webhook-id (it is the same event)."""
    return deliveries.resend(current_actor(), webhook_id, delivery_id)
