"""Re-opening a declined signer: the decline is undone, its history kept, and the signer invited again.

A decline holds the meeting (models/status.py: awaiting_organizer) until the organizer, or the host
on the big screen, re-opens the signer or cancels the meeting. Re-opening clears the decline on the
participant (the audit trail keeps the `declined` event and adds a `reopened` one naming who did it),
hands the signer a new scene, so the QR code and link they had stop working, asks them to prove who
they are again, and texts them the new link. The other signers' signatures stay as they are.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from backend.core.errors import Conflict
from backend.core.extensions import db
from backend.core.security.tokens import alnum_token
from backend.models import AdminUser, Meeting, Participant, SignerSession
from backend.models.base import utcnow
from backend.models.meeting import OPEN_STATUSES
from backend.services import audit, outbox
from backend.services.accounts import require_role
from backend.services.meetings import get_meeting
from backend.services.notices import notify_participant, personal_link
from backend.services.participants import get_participant


def reopen_as_organizer(actor: AdminUser, meeting_id: str, participant_id: str) -> Participant:
    """The organizer's enterprise (admin or organizer) re-opens a declined signer of its own meeting."""
    require_role(actor, "admin", "organizer")
    meeting = get_meeting(actor, meeting_id)
    return reopen(meeting, participant_id, actor=actor.username)


def reopen(meeting: Meeting, participant_id: str, *, actor: str) -> Participant:
    """Undo a signer's decline: a new scene, a fresh identity check, an SMS with the new link (caller checked who)."""
    if meeting.status not in OPEN_STATUSES:
        raise Conflict(_l("会议已结束或已取消，不能重新开放签署"), code="meeting_over")
    participant = get_participant(meeting, participant_id)
    if participant.role != "signer" or participant.status != "declined":
        raise Conflict(_l("该参与人未拒签，无需重新开放"), code="not_declined")
    declined_at, reason = participant.declined_at, participant.decline_reason
    now = utcnow()
    scene = alnum_token(24)
    # Moved only if still declined: two organizers re-opening at once make one new scene, not two.
    moved = db.session.execute(
        update(Participant).where(Participant.id == participant.id, Participant.declined_at.is_not(None))
        .values(declined_at=None, decline_reason=None, verified_at=None, scene_token=scene)
        .execution_options(synchronize_session=False)).rowcount
    if not moved:
        db.session.rollback()
        raise Conflict(_l("该参与人未拒签，无需重新开放"), code="not_declined")
    # Whoever verified for this signer before proves it again on the new scene.
    db.session.execute(update(SignerSession).where(SignerSession.participant_id == participant.id)
                       .values(verified_at=None).execution_options(synchronize_session=False))
    # Checked under the meeting's row lock: it was not cancelled or sealed meanwhile.
    if audit.record(meeting.id, "reopened", {"participant_id": participant.id, "declined_at": declined_at.isoformat(),
                                             "reason": reason}, actor=actor,
                    only_if=Meeting.status_at(now).in_(OPEN_STATUSES)) is None:
        db.session.rollback()
        raise Conflict(_l("会议已结束或已取消，不能重新开放签署"), code="meeting_over")
    db.session.expire(participant)
    notify_participant(meeting, participant, "meeting_signer", **personal_link(meeting, participant))
    db.session.commit()
    outbox.deliver_due()
    return participant
