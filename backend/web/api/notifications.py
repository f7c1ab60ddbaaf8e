"""A meeting's SMS messages and their delivery state (organizer-scoped, like the other meeting routes)."""
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from backend.services import notifications
from backend.web.api.formats import StoredMessage
from backend.web.api.session import current_actor

blp = Blueprint("notifications", __name__, url_prefix="/api/meetings", description="A meeting's messages")


class DeliveryOut(Schema):
    id = fields.Str()
    participant_id = fields.Str(allow_none=True)
    template = fields.Str(metadata={"description": "the message kind"})
    to_masked = fields.Str()
    status = fields.Str(metadata={"description": "queued, sending, sent, failed or unknown"})
    attempts = fields.Int()
    last_error = StoredMessage(allow_none=True, metadata={"description": "why it failed, or why its fate is unknown"})
    provider_id = fields.Str(allow_none=True, metadata={"description": "the provider's message id (SerialNo)"})
    sent_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


@blp.route("/<meeting_id>/notifications", methods=["GET"])
@blp.response(200, DeliveryOut(many=True))
def index(meeting_id):
    """Every message of the meeting with its delivery state."""
    return notifications.meeting_notifications(current_actor(), meeting_id)


@blp.route("/<meeting_id>/notifications/<notification_id>/resend", methods=["POST"])
@blp.response(200, DeliveryOut)
def resend(meeting_id, notification_id):
    """Send a failed or unknown message again."""
    return notifications.resend(current_actor(), meeting_id, notification_id)
