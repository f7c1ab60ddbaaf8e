"""The signer's done screen: how far the signed copy is ("正在生成"), and the copy itself once sealed."""
from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict
from backend.core.extensions import db
from backend.models import Control, Document, Participant, SignerSession, SigningJob
from backend.services import signed_copies
from backend.services.signer_identity import require_verified


def _steps(meeting) -> tuple[int, int]:
    """Signatures written onto the PDFs so far, of all there will be (one per signer and document)."""
    signers = {p.id for p in meeting.participants if p.role == "signer"}
    pairs = {(pid, doc) for pid, doc in db.session.query(Control.participant_id, Control.document_id)
             .join(Document).filter(Document.meeting_id == meeting.id) if pid in signers}
    applied = SigningJob.query.filter_by(meeting_id=meeting.id, kind="apply", status="done").count()
    return min(applied, len(pairs)), len(pairs)


def progress(session: SignerSession, participant: Participant) -> dict:
    """State of this signer's copy: not_signed, unavailable (someone declined), generating or ready."""
    require_verified(session, participant)
    meeting = participant.meeting
    signers = [p for p in meeting.participants if p.role == "signer"]
    applied, total = _steps(meeting)
    out = {"signed": sum(p.status == "signed" for p in signers), "signer_count": len(signers),
           "applied": applied, "total": total, "sealed": meeting.completed_at is not None}
    if participant.status != "signed":
        return {**out, "state": "not_signed"}
    if meeting.audit_pdf_key:
        return {**out, "state": "ready", **signed_copies.summary(meeting, participant)}
    if any(p.status == "declined" for p in signers):
        return {**out, "state": "unavailable"}
    return {**out, "state": "generating"}


def download(session: SignerSession, participant: Participant, what: str, ip: str | None) -> tuple[str, bytes]:
    """A file of the sealed contract for a signer who signed it, in the session that verified them."""
    require_verified(session, participant)
    meeting = participant.meeting
    if participant.status != "signed" or not meeting.audit_pdf_key:
        raise Conflict(_l("签署件正在生成，请稍后再试"), code="copy_not_ready",
                       extra={"retry_after": 2})
    return signed_copies.download(meeting, participant, what, ip=ip, channel=session.channel, via="scene")
