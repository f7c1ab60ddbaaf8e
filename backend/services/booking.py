"""Booking: check everything, prepare the PDFs, hand out tokens and tell every participant."""
import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l

from backend.core.errors import Conflict
from backend.core.extensions import db
from backend.core.resources import files
from backend.core.security.tokens import alnum_token
from backend.lib.pdf.controls import ControlSpec
from backend.lib.pdf.errors import PdfError
from backend.lib.pdf.prepare import prepare_pdf
from backend.lib.pdf.watermark import watermark_pdf
from backend.models import AdminUser, Meeting
from backend.models.base import utcnow
from backend.services import audit, outbox
from backend.services.counterparties import booking_problems as counterparty_problems
from backend.services.documents import pdf_error
from backend.services.enterprises import require_signing_approved
from backend.services.meetings import get_meeting, require_draft
from backend.services.notices import notify_booked
from backend.services.participants import match_problem, match_status, shown_name
from backend.services.seals import enterprise_seals

# What is wrong with an unmatched signer, at the level that leaks nothing (never which field of the person).
UNMATCHED = {
    "enterprise_unregistered": _l("签署人「%(name)s」：未找到名为「%(enterprise)s」的入驻企业，请核对企业全称"),
    "enterprise_not_approved": _l("签署人「%(name)s」：「%(enterprise)s」尚未开通战略签约"),
    "person_unmatched": _l("签署人「%(name)s」与「%(enterprise)s」登记的员工信息不一致"),
}


def check_booking(meeting: Meeting) -> tuple[list[dict], list[dict]]:
    """Return (problems, warnings) for booking this meeting as it stands."""
    problems, warnings = [], []
    people = meeting.participants
    signers = [p for p in people if p.role == "signer"]
    if not any(p.role == "host" for p in people):
        problems.append({"code": "no_host", "message": _l("请至少添加一位主持人")})
    if len({p.enterprise_name for p in signers}) < 2:
        problems.append({"code": "too_few_enterprises",
                         "message": _l("签署人须来自至少两家企业")})
    problems += counterparty_problems(meeting)
    for p in signers:
        status, name = match_status(p), shown_name(p)
        if status == "unmatched":
            reason = match_problem(p) or "person_unmatched"
            problems.append({"code": "signer_unmatched", "reason": reason, "participant": name,
                             "enterprise": p.enterprise_name,
                             "message": UNMATCHED[reason] % {"name": name, "enterprise": p.enterprise_name}})
        elif status == "not_activated":
            warnings.append({"code": "signer_not_activated", "participant": name,
                             "message": _l("签署人「%(name)s」尚未激活账号", name=name)})
    if not meeting.documents:
        problems.append({"code": "no_documents", "message": _l("请上传至少一份合同文件")})
    controls = [c for d in meeting.documents for c in d.controls]
    for p in signers:
        mine = [c for c in controls if c.participant_id == p.id]
        name = shown_name(p)
        if not mine:
            problems.append({"code": "signer_without_controls", "participant": name,
                             "message": _l("签署人「%(name)s」没有签署控件", name=name)})
        if any(c.kind == "seal" for c in mine) and p.employee_id:
            if not enterprise_seals(p.employee_id, p.enterprise_id):
                problems.append({"code": "signer_without_seal", "participant": name,
                                 "message": _l("签署人「%(name)s」没有可用的企业印章授权", name=name)})
    for enterprise in sorted({p.enterprise_name for p in signers}):
        has_seal = any(c.kind == "seal" and c.participant.enterprise_name == enterprise for c in controls)
        if not has_seal:
            warnings.append({"code": "enterprise_without_seal", "enterprise": enterprise,
                             "message": _l("%(enterprise)s：如未配置企业印章，可能会涉及到电子合同有效性的风险",
                                           enterprise=enterprise)})

    return problems, warnings


def book(actor: AdminUser, meeting_id: str) -> tuple[Meeting, list[dict]]:
    """Book a draft: prepare fields, create tokens, schedule and notify; return warnings."""
    require_signing_approved(actor)
    meeting = get_meeting(actor, meeting_id)
    require_draft(meeting)
    if meeting.starts_at <= utcnow():
        raise Conflict(_l("开始时间已过，请修改时间后再预约"), code="start_passed")
    problems, warnings = check_booking(meeting)
    if problems:
        raise Conflict(_l("预约前请先解决以下问题"), code="booking_incomplete",
                       extra={"problems": problems, "warnings": warnings})
    for doc in meeting.documents:
        specs = [ControlSpec(name=c.field_name, page=c.page, x=c.x, y=c.y, w=c.w, h=c.h, kind=c.kind)
                 for c in doc.controls]
        try:
            source = files().get(doc.original_key)
            if meeting.rehearsal:  # drawn into the pages now: after the first signature nothing may be
                source = watermark_pdf(source, max_bytes=current_app.config["PDF_MAX_BYTES"])
            prepared = prepare_pdf(source, specs, max_bytes=current_app.config["PDF_MAX_BYTES"])
        except PdfError as exc:
            raise pdf_error(exc) from None
        doc.prepared_key = doc.current_key = files().put(prepared, prefix="prepared", suffix=".pdf")
        doc.current_sha256 = hashlib.sha256(prepared).hexdigest()
    for p in meeting.participants:
        if p.role == "signer":
            p.scene_token = alnum_token(24)
    meeting.result_token, meeting.host_token = alnum_token(32), alnum_token(32)
    now = utcnow()
    meeting.booked_at = now
    audit.record(meeting.id, "meeting_booked", {"documents": [{"id": d.id, "sha256": d.sha256}
                                                              for d in meeting.documents]}, actor=actor.username)
    for p in meeting.participants:
        notify_booked(meeting, p)
    db.session.commit()
    outbox.deliver_due()
    return meeting, warnings
