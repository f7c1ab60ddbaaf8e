"""Contract management: every party's view of a meeting's contract, and public verification."""
from datetime import datetime

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from backend.core.errors import Conflict, NotFound
from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.identity import person_name
from backend.lib.pdf.errors import PdfError
from backend.lib.pdf.inspect import check_bytes
from backend.lib.pdf.verify import verify_pdf
from backend.models import AdminUser, AuditEvent, Document, Meeting, Participant, SignatureRecord
from backend.services.accounts import require_role
from backend.services.audit import checkpoints, verify_chain
from backend.services.completion import ACTIONS
from backend.services.documents import pdf_error
from backend.services.meetings import name_contains
from backend.services.pdf_work import run_budgeted


def _visible(actor: AdminUser):
    require_role(actor, "admin", "organizer")
    takes_part = db.session.query(Participant.meeting_id).filter(Participant.enterprise_id == actor.enterprise_id)
    return Meeting.query.filter(Meeting.booked_at.isnot(None),
                                or_(Meeting.enterprise_id == actor.enterprise_id, Meeting.id.in_(takes_part)))


def list_contracts(actor: AdminUser, status: str | None = None, since: datetime | None = None,
                   until: datetime | None = None, q: str | None = None) -> list[Meeting]:
    """Contracts of meetings the actor's enterprise organised or signed in, newest first; q searches names."""
    query = _visible(actor).filter(Meeting.rehearsal.is_(False))
    if q and q.strip():
        named = db.session.query(Document.meeting_id).filter(name_contains(Document.filename, q))
        query = query.filter(or_(name_contains(Meeting.name, q), Meeting.id.in_(named)))
    if since:
        query = query.filter(Meeting.starts_at >= since)
    if until:
        query = query.filter(Meeting.starts_at <= until)
    if status:
        query = query.filter(Meeting.status == status)
    return query.order_by(Meeting.starts_at.desc(), Meeting.id).all()


def get_contract(actor: AdminUser, meeting_id: str) -> Meeting:
    """One contract the actor's enterprise may see (404 otherwise); a rehearsal's meeting is none (409)."""
    meeting = _visible(actor).filter(Meeting.id == meeting_id).first()
    if not meeting:
        raise NotFound(_l("合同不存在"))
    if meeting.rehearsal:
        raise Conflict(_l("彩排不产生合同，请在我的预约中查看"),
                       code="rehearsal")
    return meeting


def signers_of(meeting: Meeting) -> list[dict]:
    """Who signed, when, through which channel and how they were verified."""
    records = {r.participant_id: r for r in SignatureRecord.query.filter_by(meeting_id=meeting.id)}
    out = []
    for p in meeting.participants:
        if p.role != "signer":
            continue
        r = records.get(p.id)
        out.append({"participant_id": p.id, "name": p.name, "name_masked": person_name.mask(p.name),
                    "enterprise_name": p.enterprise_name, "status": p.status,
                    "signed_at": r.signed_at.isoformat() if r else None, "channel": r.channel if r else None,
                    "verification_method": r.verification_method if r else None,
                    "decline_reason": p.decline_reason})
    return out


def signed_pdf(actor: AdminUser, meeting_id: str, document_id: str | None = None) -> tuple[Document, bytes]:
    """The newest revision of a contract document (final once completed), with its document."""
    meeting = get_contract(actor, meeting_id)
    docs = meeting.documents
    doc = next((d for d in docs if d.id == document_id), None) if document_id else (docs[0] if docs else None)
    if doc is None:
        raise NotFound(_l("文件不存在"))
    return doc, files().get(doc.current_key or doc.original_key)


def audit_pdf(actor: AdminUser, meeting_id: str) -> bytes:
    """The signed audit-trail PDF (written when the contract completes)."""
    meeting = get_contract(actor, meeting_id)
    if not meeting.audit_pdf_key:
        if meeting.completed_at:
            raise Conflict(_l("审计报告正在生成，请稍后再试"),
                           code="audit_trail_pending", extra={"retry_after": 2})
        raise Conflict(_l("合同尚未完成，审计报告在签署完成后生成"),
                       code="not_completed")
    return files().get(meeting.audit_pdf_key)


def audit_trail(actor: AdminUser, meeting_id: str) -> dict:
    """The audit trail as JSON, with the chain's check and the platform-signed checkpoints."""
    meeting = get_contract(actor, meeting_id)
    events = AuditEvent.query.filter_by(meeting_id=meeting.id).order_by(AuditEvent.seq).all()
    names = {p.id: p.name for p in meeting.participants}
    problems = verify_chain(meeting.id)
    return {
        "meeting_id": meeting.id, "chain_intact": not problems, "problems": problems,
        "checkpoints": checkpoints(meeting.id),
        "documents": [{"id": d.id, "filename": d.filename, "original_sha256": d.sha256,
                       "final_sha256": d.final_sha256} for d in meeting.documents],
        "events": [{"seq": e.seq, "kind": e.kind, "action": gettext(ACTIONS.get(e.kind, e.kind)),
                    "at": e.created_at.isoformat(), "actor": e.actor,
                    "subject": names.get((e.data or {}).get("participant_id")),
                    "ip": e.ip, "channel": e.channel, "method": (e.data or {}).get("method"), "hash": e.hash}
                   for e in events],
    }


def verify_upload(data: bytes) -> dict:
    """Verify any uploaded PDF: authentic, which meeting, who signed when, intact or modified.

    Anyone may call this: the verification runs in a child process within the configured time,
    memory, page and signature budgets (422 pdf_too_complex past them, 503 busy without a free slot).
    """
    cfg = current_app.config
    try:
        check_bytes(data, max_bytes=cfg["VERIFY_MAX_BYTES"])  # refused before a child is started
        report = run_budgeted(verify_pdf, data, [platform_ca().root_pem], max_bytes=cfg["VERIFY_MAX_BYTES"],
                              max_pages=cfg["VERIFY_MAX_PAGES"], max_signatures=cfg["VERIFY_MAX_SIGNATURES"])
    except PdfError as exc:
        raise pdf_error(exc) from None
    report = report.as_dict()
    # The rehearsal's problem is a catalogue msgid; the engine's other problems are English and stay so.
    report["problems"] = [gettext(p) for p in report["problems"]]

    sha256 = report["sha256"]
    doc = Document.query.filter(or_(Document.final_sha256 == sha256, Document.current_sha256 == sha256)).first()
    meeting = doc.meeting if doc else Meeting.query.filter_by(audit_pdf_sha256=sha256).first()
    report["meeting"] = ({"id": meeting.id, "name": meeting.name, "status": meeting.status,
                          "completed_at": meeting.completed_at.isoformat() if meeting.completed_at else None,
                          "rehearsal": meeting.rehearsal}
                         if meeting else None)
    report["known_document"] = meeting is not None
    # Which file this is: a contract (final, or a revision while signing) or a contract's audit trail.
    report["kind"] = "contract" if doc else "audit_trail" if meeting else None
    report["document"] = ({"filename": doc.filename, "final": doc.final_sha256 == sha256} if doc else None)
    if not report["signatures"]:
        report["problems"] = list(report["problems"]) + [_l("该文件没有数字签名")]
    return report
