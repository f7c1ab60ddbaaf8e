"""Rehearsals: a rehearsal run of a meeting, and resetting a rehearsal to run it again."""
from flask_smorest import Blueprint
from marshmallow import fields

from backend.services import rehearsals
from backend.web.api.meetings import MeetingOut
from backend.web.api.session import current_actor
from backend.web.input import Schema as InputSchema

blp = Blueprint("rehearsals", __name__, url_prefix="/api/meetings", description="Rehearsals")


class RehearsalIn(InputSchema):
    starts_at = fields.AwareDateTime(load_default=None, metadata={
        "description": "the rehearsal's start (default: in half an hour, so signing opens once it is booked)"})
    ends_at = fields.AwareDateTime(load_default=None, metadata={
        "description": "the rehearsal's end (default: as long as the meeting)"})


class ResetIn(InputSchema):
    starts_at = fields.AwareDateTime(load_default=None, metadata={
        "description": "the new start (default: unchanged; a rehearsal that has ended starts again in half an hour)"})
    ends_at = fields.AwareDateTime(load_default=None, metadata={"description": "the new end (default: as above)"})


@blp.route("/<meeting_id>/rehearsal", methods=["POST"])
@blp.arguments(RehearsalIn)
@blp.response(201, MeetingOut)
def rehearse(body, meeting_id):
    """A rehearsal run of this meeting: a rehearsal draft with its people, documents, controls and layout."""
    return rehearsals.rehearse(current_actor(), meeting_id, body["starts_at"], body["ends_at"])


@blp.route("/<meeting_id>/reset", methods=["POST"])
@blp.arguments(ResetIn)
@blp.response(200, MeetingOut)
def reset(body, meeting_id):
    """Reset a booked rehearsal to run again: nobody verified or signed, the documents as booked, new QR codes and
    links sent to everyone; the audit trail keeps every run (409 not_rehearsal for a real meeting)."""
    return rehearsals.reset(current_actor(), meeting_id, body["starts_at"], body["ends_at"])
