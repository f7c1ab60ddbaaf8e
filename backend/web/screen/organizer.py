"""The organizer's preview of the big screen (signed in, no result link needed): the screen's own state,
drafts included. A booked meeting's preview is its real screen, through its result token's URLs; a draft
is shown as it will be once booked: scheduled, a QR code on every signer's card where the layout shows them.

Published under /api (a bearer or the admin session, like every organizer call), served by this package
because it answers in the screen's own form.
"""
from flask_smorest import Blueprint

from backend.models.status import MEETING_LABELS, label
from backend.services import page_images, previews
from backend.web.api.session import current_actor
from backend.web.blobs import send_stored
from backend.web.responses import PNG_RESPONSE
from backend.web.screen.schemas import ScreenStateOut
from backend.web.screen.state import public_state, urls

blp = Blueprint("screen_preview", __name__, url_prefix="/api/meetings",
                description="The organizer's preview of the big screen, drafts included")


def _sample_qr(meeting_id: str, participant_id: str) -> str:
    return f"/api/meetings/{meeting_id}/screen-preview/qr/{participant_id}.png"


def _draft_urls(meeting_id: str):
    """URL builders for a draft, whose images the organizer reaches by signing in, not by a token."""
    base = f"/api/meetings/{meeting_id}"

    class U:
        qr = staticmethod(lambda p: _sample_qr(meeting_id, p.id))
        # A draft has no signatures: seals and handwriting are never asked for.
        seal = staticmethod(lambda sid: None)
        handwriting = staticmethod(lambda pid: None)
        # Nothing is signed yet: the organizer's page route shows the original.
        page = staticmethod(lambda doc, n: f"/api/documents/{doc.id}/pages/{n}.jpg?v={page_images.version(doc, n)}")
        image = staticmethod(lambda key: f"{base}/layout/assets/{key}" if key else None)
    return U


def preview_state(meeting) -> dict:
    """The screen's state for the organizer's preview of this meeting."""
    if meeting.result_token:
        return public_state(meeting, meeting.result_token, u=urls(meeting.result_token))
    u = _draft_urls(meeting.id)
    state = public_state(meeting, "", u=u)
    state["meeting"].update(status="scheduled", status_label=label(MEETING_LABELS, "scheduled"))
    for signer in state["signers"]:
        signer["qr_url"] = _sample_qr(meeting.id, signer["participant_id"]) if state["layout"]["show_qr"] else None
    return state


@blp.route("/<meeting_id>/screen-preview/state", methods=["GET"])
@blp.response(200, ScreenStateOut)
def state(meeting_id):
    """The big screen's state as the organizer previews it (`/admin/meetings/{id}/preview/screen` draws it)."""
    return preview_state(previews.screen_meeting(current_actor(), meeting_id)), 200, {"Cache-Control": "no-store"}


@blp.route("/<meeting_id>/screen-preview/qr/<participant_id>.png", methods=["GET"])
@blp.doc(responses=PNG_RESPONSE)
def sample_qr(meeting_id, participant_id):
    """The QR code a draft's preview shows on a signer's card (it invites no one: nothing to sign yet)."""
    return send_stored(previews.sample_qr_png(current_actor(), meeting_id, participant_id), mimetype="image/png",
                       max_age=3600)
