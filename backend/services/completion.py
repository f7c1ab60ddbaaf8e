"""Completing a contract: the platform's final signature, the audit-trail PDF, status completed."""
import hashlib

from flask import current_app
from sqlalchemy import update

from backend.core.database import reading
from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.errors import N_
from backend.lib.pdf.audit import AuditDocument, AuditEntry, AuditParticipant, AuditTrail
from backend.lib.pdf.finish import audit_trail_pdf, seal_document
from backend.models import AuditEvent, Document, Meeting, SignatureRecord
from backend.models.base import utcnow
from backend.models.status import participant_label
from backend.services import audit, signed_copies
from backend.services.employees import masked_id_number, masked_phone

# What each audit event is called: catalogue msgids, translated for the contract page's timeline; the audit
# trail keeps the source language (it must not depend on whose request happened to finish the meeting).
ACTIONS = {
    "meeting_created": N_("创建会议"), "participant_added": N_("添加参与人"), "participant_updated": N_("修改参与人"),
    "participant_removed": N_("删除参与人"), "document_added": N_("上传文件"), "document_removed": N_("删除文件"),
    "controls_saved": N_("设置签署控件"), "layout_saved": N_("保存大屏布局"), "meeting_booked": N_("预约会议"),
    "meeting_updated": N_("修改会议"), "meeting_cancelled": N_("取消会议"), "scene_opened": N_("打开签署页"),
    "sms_sent": N_("发送短信验证码"), "verification_failed": N_("身份验证失败"), "verified": N_("身份验证通过"),
    "documents_viewed": N_("查看合同"), "signing_started": N_("确认签署"), "signed": N_("提交签署"),
    "signature_applied": N_("签名写入PDF"), "declined": N_("拒签"), "reopened": N_("重新开放签署"),
    "completed": N_("合同签署完成"), "copy_code_sent": N_("发送签署件验证码"), "copy_verification_failed": N_("签署件验证失败"),
    "copy_verified": N_("签署件验证通过"), "copy_downloaded": N_("下载签署件"), "counterparty_invited": N_("邀请相对方"),
    "counterparty_withdrawn": N_("撤回相对方邀请"), "rehearsal_reset": N_("重置彩排"),
}


def verify_url() -> str:
    return f"{current_app.config['PUBLIC_BASE_URL']}/verify"


def trail_for(meeting: Meeting) -> AuditTrail:
    """The audit trail of a meeting as plain values for the PDF engine."""
    names = {p.id: p for p in meeting.participants}
    methods = {r.participant_id: r.verification_method for r in SignatureRecord.query.filter_by(meeting_id=meeting.id)}
    entries = []
    for event in AuditEvent.query.filter_by(meeting_id=meeting.id).order_by(AuditEvent.seq).all():
        pid = (event.data or {}).get("participant_id")
        who = names[pid].name if pid in names else (event.actor or N_("系统"))
        entries.append(AuditEntry(time=event.created_at, actor=who, action=ACTIONS.get(event.kind, event.kind),
                                  ip=event.ip or "", channel=event.channel or "",
                                  verification_method=(event.data or {}).get("method") or methods.get(pid, "")
                                  if event.kind in ("verified", "signed") else "",
                                  detail=f"#{event.seq} {event.hash[:12]}"))
    return AuditTrail(
        meeting_name=meeting.name, meeting_id=meeting.id, organizer=meeting.enterprise.name,
        starts_at=meeting.starts_at, ends_at=meeting.ends_at, verify_url=verify_url(),
        documents=tuple(AuditDocument(d.filename, d.sha256, d.final_sha256 or "", d.page_count)
                        for d in meeting.documents),
        participants=tuple(AuditParticipant(p.name, p.role, p.enterprise_name, masked_id_number(p), masked_phone(p),
                                            participant_label(p)) for p in meeting.participants),
        events=tuple(entries), completed_at=meeting.completed_at, generated_at=utcnow(), rehearsal=meeting.rehearsal)


def finish_meeting(meeting_id: str) -> None:
    """Seal every document for the platform, then write and sign the audit trail (idempotent).

    The PDF work runs outside any transaction: on SQLite a transaction holds the whole database's
    write lock, and the finish used to hold it ~400 ms, stalling every signer of every meeting.
    Sealing ends in a short checked write (documents, the `completed` event, completed_at): from
    then on the meeting reads as completed (Meeting.status), and a retry after a crash carries on from
    there. The audit trail is left to the caller's commit, with the finished job and the completion SMS.
    """
    with reading():
        meeting = db.session.get(Meeting, meeting_id)
        status, sealed_at, has_trail = meeting.status, meeting.completed_at, bool(meeting.audit_pdf_key)
        documents, rehearsal = [(d.id, d.current_key) for d in meeting.documents], meeting.rehearsal
    if status in ("draft", "cancelled") or has_trail:
        return  # done already, or cancelled
    ca, tsa = platform_ca().signing_for(rehearsal), current_app.config.get("TSA_URL")
    if sealed_at is None and not _seal_and_record(meeting_id, documents, ca, tsa):
        return
    with reading():
        trail = trail_for(db.session.get(Meeting, meeting_id))
    trail_pdf = audit_trail_pdf(trail, ca, tsa_url=tsa)
    key = files().put(trail_pdf, prefix="audit", suffix=".pdf")
    db.session.execute(update(Meeting).where(Meeting.id == meeting_id)
                       .values(audit_pdf_key=key, audit_pdf_sha256=hashlib.sha256(trail_pdf).hexdigest()))
    # In the same commit as the audit trail: the copy is whole when the SMS goes, and a retry sends none twice.
    signed_copies.notify_completed(meeting_id)


def _seal_and_record(meeting_id: str, documents: list, ca, tsa) -> bool:
    sealed = []
    for doc_id, base_key in documents:
        pdf = seal_document(files().get(base_key), ca, tsa_url=tsa)
        sealed.append((doc_id, base_key, files().put(pdf, prefix="final", suffix=".pdf"),
                       hashlib.sha256(pdf).hexdigest()))
    for doc_id, base_key, final_key, sha in sealed:
        # Compare-and-set: a document that moved on meanwhile is sealed again on the retry.
        moved = db.session.execute(
            update(Document).where(Document.id == doc_id, Document.current_key == base_key)
            .values(current_key=final_key, current_sha256=sha, final_sha256=sha,
                    revision=Document.revision + 1)).rowcount
        if not moved:
            db.session.rollback()
            raise RuntimeError(f"document {doc_id} changed while it was sealed; retrying")
    if audit.record(meeting_id, "completed", {"documents": [{"id": d, "final_sha256": sha}
                                                            for d, _base, _final, sha in sealed]},
                    only_if=Meeting.status.in_(("scheduled", "in_progress", "expired"))) is None:
        db.session.rollback()  # cancelled meanwhile: nothing to complete
        return False
    db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(completed_at=utcnow()))
    db.session.commit()
    return True
