"""What other systems use: an enterprise's API keys, its webhook subscriptions, their deliveries and attempts."""
from backend.core.extensions import db
from backend.models.base import UTCDateTime, created_column, id_column

API_KEY_SCOPES = ("read", "write")
DELIVERY_STATES = ("queued", "sending", "delivered", "failed", "cancelled")


class ApiKey(db.Model):
    """A long-lived credential of an enterprise, acting as its organizer within its scope.

    Only the key's SHA-256 is stored; `prefix` (ssk_live_ and the key's id part) finds the row and names it in lists.
    """

    __tablename__ = "api_key"
    id = id_column()
    enterprise_id = db.Column(db.String(16), db.ForeignKey("enterprise.id"), nullable=False, index=True)
    created_by_id = db.Column(db.String(16), db.ForeignKey("admin_user.id"), nullable=False)
    name = db.Column(db.String(60), nullable=False)
    scope = db.Column(db.String(8), nullable=False)
    prefix = db.Column(db.String(32), nullable=False, unique=True)
    key_hash = db.Column(db.String(64), nullable=False)
    created_at = created_column()
    last_used_at = db.Column(UTCDateTime())
    revoked_at = db.Column(UTCDateTime())

    created_by = db.relationship("AdminUser")


class Webhook(db.Model):
    """An enterprise's subscription of one URL to event types.

    The signing secret is kept encrypted (it must be read to sign); after a rotation the previous
    secret signs too until previous_secret_until.
    """

    __tablename__ = "webhook"
    id = id_column()
    enterprise_id = db.Column(db.String(16), db.ForeignKey("enterprise.id"), nullable=False, index=True)
    created_by_id = db.Column(db.String(16), db.ForeignKey("admin_user.id"))
    url = db.Column(db.String(500), nullable=False)
    events = db.Column(db.JSON, nullable=False)
    secret_enc = db.Column(db.Text, nullable=False)
    previous_secret_enc = db.Column(db.Text)
    previous_secret_until = db.Column(UTCDateTime())
    created_at = created_column()
    rotated_at = db.Column(UTCDateTime())
    deleted_at = db.Column(UTCDateTime())


class WebhookDelivery(db.Model):
    """One event for one subscription: queued with the event, sent until it lands, with the same message id each time."""

    __tablename__ = "webhook_delivery"
    id = id_column()
    webhook_id = db.Column(db.String(16), db.ForeignKey("webhook.id"), nullable=False, index=True)
    message_id = db.Column(db.String(40), nullable=False, unique=True)  # the webhook-id header
    event_type = db.Column(db.String(40), nullable=False)
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), index=True)
    payload = db.Column(db.Text, nullable=False)  # the body, byte for byte the same on every attempt
    status = db.Column(db.String(16), nullable=False, default="queued", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(UTCDateTime(), nullable=False)
    # The sender that claimed it (status "sending") and until when; past that it is queued again.
    claimed_by = db.Column(db.String(120))
    claimed_until = db.Column(UTCDateTime())
    first_attempt_at = db.Column(UTCDateTime())  # retries go on for WEBHOOK_RETRY_HOURS from here
    delivered_at = db.Column(UTCDateTime())
    last_status_code = db.Column(db.Integer)
    last_error = db.Column(db.String(300))
    created_at = created_column()

    webhook = db.relationship("Webhook")


class WebhookAttempt(db.Model):
    """The log of one try: what the receiver answered (or why nothing did), and how long it took."""

    __tablename__ = "webhook_attempt"
    id = db.Column(db.Integer, primary_key=True, autoincrement=True)
    delivery_id = db.Column(db.String(16), db.ForeignKey("webhook_delivery.id"), nullable=False, index=True)
    attempted_at = db.Column(UTCDateTime(), nullable=False)
    address = db.Column(db.String(64))  # the checked address the request went to
    status_code = db.Column(db.Integer)
    latency_ms = db.Column(db.Integer)
    response_excerpt = db.Column(db.Text)
    error = db.Column(db.String(300))
