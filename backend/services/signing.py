"""Signing: record the signer's values durably and announce them; jobs put them on the PDF."""
import base64
import binascii
import hashlib

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from backend.core.database import reading
from backend.core.errors import Conflict, Forbidden, ValidationFailed
from backend.core.extensions import db
from backend.core.live.signals import announce_jobs
from backend.core.logs import current_request_id
from backend.core.resources import files
from backend.lib.imaging.errors import ImageError
from backend.lib.imaging.handwriting import check_handwriting
from backend.models import (
    AuditEvent,
    Control,
    Document,
    Meeting,
    Participant,
    SignatureRecord,
    SignerSession,
    SigningJob,
)
from backend.models.base import utcnow
from backend.models.meeting import FINISHED_STATUSES, OPEN_STATUSES
from backend.services import audit, typed_signatures
from backend.services.meeting_languages import contract_date
from backend.services.seals import enterprise_seals, image_error
from backend.services.signer_identity import participant_for_scene, require_open, require_verified
from backend.services.signer_sessions import session_for

MAX_HANDWRITING_BYTES = 500_000


def readable_documents(session: SignerSession, participant: Participant) -> list:
    """The meeting's documents, once this session has verified as the signer and while signing is open."""
    require_verified(session, participant)
    require_open(participant.meeting)
    return participant.meeting.documents


def documents_for(session: SignerSession, participant: Participant, ip: str | None) -> list:
    """The documents to read and sign; the first look is an audit event."""
    documents = readable_documents(session, participant)
    # Since the latest booking or rehearsal reset, by the chain's order: events keep whole seconds, so a look
    # in the same second as a reset would otherwise count for the new run.
    run_start = db.session.query(db.func.max(AuditEvent.seq)).filter(
        AuditEvent.meeting_id == participant.meeting_id,
        AuditEvent.kind.in_(("meeting_booked", "rehearsal_reset"))).scalar_subquery()
    seen = db.session.query(AuditEvent.query.filter(
        AuditEvent.meeting_id == participant.meeting_id, AuditEvent.kind == "documents_viewed",
        AuditEvent.seq > run_start,
        AuditEvent.data["participant_id"].as_string() == participant.id).exists()).scalar()
    if not seen:
        audit.record(participant.meeting_id, "documents_viewed", {"participant_id": participant.id},
                     ip=ip, channel=session.channel)
        db.session.commit()
    return documents


def start_signing(session: SignerSession, participant: Participant, ip: str | None) -> None:
    """Log that the signer has confirmed and their sign request is on its way (the big screen says so)."""
    require_verified(session, participant)
    require_open(participant.meeting)
    if participant.status in FINISHED_STATUSES:
        return  # a retry after the signature landed: nothing is in flight any more
    audit.record(participant.meeting_id, "signing_started", {"participant_id": participant.id},
                 ip=ip, channel=session.channel)
    db.session.commit()


def seals_for(session: SignerSession, participant: Participant) -> list:
    """The seals of the signer's enterprise they hold a live grant for."""
    require_verified(session, participant)
    if not participant.employee_id:
        return []
    return enterprise_seals(participant.employee_id, participant.enterprise_id)


def _decode_png(signature_png: str) -> bytes:
    data = signature_png.split(",", 1)[1] if signature_png.startswith("data:") else signature_png
    if len(data) > MAX_HANDWRITING_BYTES * 4 // 3 + 8:
        raise ValidationFailed(_l("手写签名图片过大"), code="image_too_large",
                               fields={"signature_png": [_l("至多500KB")]}, status=413)
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed(_l("手写签名不是有效的base64图片"),
                               fields={"signature_png": ["invalid base64"]}) from None


def _check_seals(participant: Participant, controls: list, choices: dict) -> None:
    seal_controls = {c.id for c in controls if c.kind == "seal"}
    unknown = set(choices) - seal_controls
    if unknown:
        raise ValidationFailed(_l("存在不属于您的印章控件"),
                               fields={"seals": [f"not your seal control: {', '.join(sorted(unknown))}"]})
    missing = seal_controls - set(choices)
    if missing:
        raise ValidationFailed(_l("请为每个印章位置选择印章"),
                               fields={"seals": [f"missing: {', '.join(sorted(missing))}"]})
    chosen = set(choices.values())
    if chosen and (not participant.employee_id or not chosen <= {
            s.id for s in enterprise_seals(participant.employee_id, participant.enterprise_id)}):
        raise Forbidden(_l("您无权使用所选印章"), code="seal_not_granted")


def _repeat_or_conflict(participant: Participant, idempotency_key: str | None) -> dict:
    """The answer for a signer who has already signed or declined: a retried request gets the first answer."""
    if participant.status == "declined":
        raise Conflict(_l("您已拒签"), code="already_declined")
    record = SignatureRecord.query.filter_by(participant_id=participant.id).first()
    if record is not None and idempotency_key and record.idempotency_key == idempotency_key:
        return {"status": "signed", "meeting_status": participant.meeting.status}
    raise Conflict(_l("您已完成签署"), code="already_signed")


def _own_controls(participant: Participant) -> list[Control]:
    """A signer's controls across the meeting's documents, in document and placement order."""
    return (Control.query.join(Document).filter(Control.participant_id == participant.id)
            .order_by(Document.position, Control.position).all())


def _plan(token: str | None, scene: str, seals: dict, idempotency_key: str | None,
          signature_typed: str | None) -> dict:
    """Every check that needs no lock, in one read-only transaction: the values the write will store."""
    session = session_for(token)
    participant = participant_for_scene(scene)
    require_verified(session, participant)
    if participant.status in FINISHED_STATUSES:
        return {"repeat": _repeat_or_conflict(participant, idempotency_key)}
    meeting = participant.meeting
    require_open(meeting)
    controls = _own_controls(participant)
    _check_seals(participant, controls, seals)
    typed_png = None
    if signature_typed is not None:
        typed_signatures.require_allowed(meeting)
        typed_png = typed_signatures.typed_png(participant, signature_typed)
    return {"participant_id": participant.id, "meeting_id": participant.meeting_id, "name": participant.name,
            "enterprise_name": participant.enterprise_name, "typed_png": typed_png,
            "channel": session.channel, "method": session.verification_method or "sms",
            "meeting_status": meeting.status, "screen_language": meeting.screen_language,
            "marks": [{"control_id": c.id, "document_id": c.document_id, "kind": c.kind, "field": c.field_name,
                       "page": c.page, "x": c.x, "y": c.y, "w": c.w, "h": c.h, "seal_id": seals.get(c.id)}
                      for c in controls]}


def _handwriting(signature_png: str) -> bytes:
    data = _decode_png(signature_png)
    try:
        check_handwriting(data, max_bytes=MAX_HANDWRITING_BYTES, max_side=2000)
    except ImageError as exc:
        raise image_error(exc, "signature_png") from None
    return data


def _answer_again(participant_id: str, idempotency_key: str | None) -> dict:
    db.session.rollback()
    return _repeat_or_conflict(db.session.get(Participant, participant_id), idempotency_key)


def _one_signature(signature_png: str | None, signature_typed: str | None) -> None:
    if (signature_png is None) == (signature_typed is None):
        message = _l("请手写签名，或输入姓名代替手写（二者选一）")
        raise ValidationFailed(message, fields={"signature_png": [message], "signature_typed": [message]})


def sign(token: str | None, scene: str, *, signature_png: str | None = None, signature_typed: str | None = None,
         seals: dict, idempotency_key: str | None, ip: str | None, user_agent: str | None) -> dict:
    """Store the handwriting (drawn, or a typed name drawn by us) and seal choices with their audit event in one
    transaction, then queue jobs."""
    _one_signature(signature_png, signature_typed)
    # The checks read without the write lock, and the image is checked and stored before the
    # write begins: on SQLite the write lock is held only to store.
    with reading():
        plan = _plan(token, scene, seals, idempotency_key, signature_typed)
    if "repeat" in plan:
        return plan["repeat"]
    png = plan["typed_png"] or _handwriting(signature_png)
    # The exact bytes the signer sent (or we drew from their typed name) are the evidence; the trimmed image
    # on the PDF derives from them.
    handwriting_key = files().put(png, prefix="handwriting", suffix=".png")

    participant_id, meeting_id, channel = plan["participant_id"], plan["meeting_id"], plan["channel"]
    now = utcnow()
    date_text = contract_date(now, plan["screen_language"])
    # The participant's signature moves first and only if none is there, so a double tap signs once.
    claimed = db.session.execute(
        update(Participant).where(Participant.id == participant_id, Participant.status.notin_(FINISHED_STATUSES))
        .values(signed_at=now).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        return _answer_again(participant_id, idempotency_key)
    db.session.add(SignatureRecord(
        meeting_id=meeting_id, participant_id=participant_id, idempotency_key=idempotency_key,
        seal_choices=dict(seals), handwriting_key=handwriting_key, date_text=date_text, channel=channel,
        verification_method=plan["method"], ip=ip, user_agent=(user_agent or "")[:300], signed_at=now))
    db.session.add_all(SigningJob(meeting_id=meeting_id, document_id=doc_id, participant_id=participant_id,
                                  kind="apply", run_after=now, request_id=current_request_id())
                       for doc_id in sorted({m["document_id"] for m in plan["marks"]}))
    event = {"participant_id": participant_id, "enterprise_name": plan["enterprise_name"], "channel": channel,
             "date_text": date_text, "signature_method": "typed" if plan["typed_png"] else "drawn",
             "handwriting_sha256": hashlib.sha256(png).hexdigest(), "marks": plan["marks"]}
    # Checked under the meeting's row lock: it was not cancelled, sealed or ended meanwhile.
    if audit.record(meeting_id, "signed", event, actor=plan["name"], ip=ip, channel=channel,
                    only_if=Meeting.status_at(now).in_(OPEN_STATUSES)) is None:
        db.session.rollback()
        raise Conflict(_l("签约仪式已取消或已结束"), code="signing_closed")
    try:
        db.session.commit()
    except IntegrityError:
        return _answer_again(participant_id, idempotency_key)  # a double tap raced us; its record wins
    announce_jobs()  # the worker, in this process or (with Redis) another, starts at once
    return {"status": "signed", "meeting_status": plan["meeting_status"]}


MAX_REASON = 200


def decline(session: SignerSession, participant: Participant, reason: str | None, ip: str | None) -> None:
    """Record a refusal with its reason; the meeting waits for the organizer to re-open the signer or cancel.

    The other signers' signatures stay; the meeting completes only once every signer has signed.
    """
    require_verified(session, participant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_l("请填写拒签原因"), fields={"reason": [_l("必填")]})
    if len(reason) > MAX_REASON:
        raise ValidationFailed(_l("拒签原因至多200字"),
                               fields={"reason": [_l("至多200字")]})
    if participant.status == "declined":
        return  # a retried request: the first reason stands
    if participant.status == "signed":
        raise Conflict(_l("您已完成签署，不能拒签"), code="already_signed")
    now = utcnow()
    # Moved only if neither signed nor declined meanwhile: a decline racing a signature never wins both.
    claimed = db.session.execute(
        update(Participant).where(Participant.id == participant.id, Participant.signed_at.is_(None),
                                  Participant.declined_at.is_(None))
        .values(declined_at=now, decline_reason=reason).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        db.session.rollback()
        if db.session.get(Participant, participant.id).status == "signed":
            raise Conflict(_l("您已完成签署，不能拒签"), code="already_signed")
        return
    if audit.record(participant.meeting_id, "declined", {"participant_id": participant.id, "reason": reason},
                    actor=participant.name, ip=ip, channel=session.channel,
                    only_if=Meeting.status_at(now).in_(OPEN_STATUSES)) is None:
        db.session.rollback()
        raise Conflict(_l("签约仪式已取消或已结束"), code="signing_closed")
    db.session.commit()
