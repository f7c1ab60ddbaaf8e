"""A ceremony's public events in one answer: what the big screen's replay (`?replay=1`) plays back.

The same events, in the same public form, as the live stream sends from `last_event_id=0`; only
what a shared screen may see, never attempts, codes or reasons.
"""
from marshmallow import Schema, fields

from backend.core.database import read_only
from backend.models import AuditEvent
from backend.web.screen import blp
from backend.web.screen.access import meeting_for
from backend.web.screen.feed import public_event
from backend.web.screen.schemas import ScreenMark

NO_STORE = {"Cache-Control": "no-store"}


class ReplayEvent(Schema):
    id = fields.Int(metadata={"description": "the event's id, as the stream's `id:`"})
    kind = fields.Str(metadata={"description": "signed, declined, verified, completed, ... (the stream's kinds)"})
    at = fields.Str(allow_none=True, metadata={"format": "date-time"})
    participant_id = fields.Str(allow_none=True)
    document_id = fields.Str(allow_none=True, metadata={"description": "signature_applied only"})
    marks = fields.List(fields.Nested(ScreenMark), metadata={"description": "signed only: what landed where"})
    seal_urls = fields.List(fields.Str(), metadata={"description": "signed only"})
    handwriting_url = fields.Str(allow_none=True, metadata={"description": "signed only"})


class ReplayOut(Schema):
    events = fields.List(fields.Nested(ReplayEvent), metadata={"description": "oldest first"})


@blp.route("/<token>/events.json", methods=["GET"])
@blp.response(200, ReplayOut)
@read_only
def replay_events(token):
    """Every event the screen may see, oldest first, with its id: the ceremony to replay."""
    meeting = meeting_for(token)
    rows = AuditEvent.query.filter(AuditEvent.meeting_id == meeting.id).order_by(AuditEvent.id).all()
    events = []
    for row in rows:
        shown = public_event(row, token)
        if shown is not None:
            events.append({"id": row.id, **shown})
    return {"events": events}, 200, NO_STORE
