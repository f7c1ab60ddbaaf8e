"""What the organizer previews before the day: each signer's documents with that signer's controls, as
their phone will show them, and the big screen as the room will see it."""
import hashlib

from flask_babel import lazy_gettext as _l

from backend.core.errors import NotFound
from backend.core.resources import files
from backend.lib.imaging.qr import qr_png
from backend.models import AdminUser, Control, Document, Meeting, Participant
from backend.services.meetings import get_meeting

# What a draft's QR codes say when scanned: there is nothing to sign until the meeting is booked.
SAMPLE_QR_TEXT = _l("Signstage 签约大屏预览：正式预约后，此处显示签署人的签署二维码。")


def signer_of(meeting: Meeting, participant_id: str) -> Participant:
    """A signer of this meeting, or 404 (hosts and guests sign nothing)."""
    for p in meeting.participants:
        if p.id == participant_id and p.role == "signer":
            return p
    raise NotFound(_l("签署人不存在"), code="signer_not_found")


def signer_preview(actor: AdminUser, meeting_id: str,
                   participant_id: str) -> tuple[Meeting, Participant, list[tuple[Document, list[Control]]]]:
    """The meeting, the signer, and every document with that signer's own controls, as the signer API lists them."""
    meeting = get_meeting(actor, meeting_id)
    signer = signer_of(meeting, participant_id)
    return meeting, signer, [(doc, [c for c in doc.controls if c.participant_id == signer.id])
                             for doc in meeting.documents]


def screen_meeting(actor: AdminUser, meeting_id: str) -> Meeting:
    """A meeting of the actor's enterprise whose big screen they may preview."""
    return get_meeting(actor, meeting_id)


def sample_qr_png(actor: AdminUser, meeting_id: str, participant_id: str) -> bytes:
    """The QR code a draft's screen preview shows on a signer's card: the real one's footprint, no invitation."""
    signer_of(get_meeting(actor, meeting_id), participant_id)
    text = str(SAMPLE_QR_TEXT)  # in the request's language: one cached image per text
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return files().cached(f"qr/preview-sample-{digest}.png", lambda: qr_png(text))
