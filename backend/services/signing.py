"""Signing: record the signer's values durably and announce them; jobs put them on the PDF."""
import base64
import binascii

from sqlalchemy.exc import IntegrityError

from ..errors import Conflict, Forbidden, ValidationFailed
from ..extensions import db
from ..imaging.errors import ImageError
from ..imaging.handwriting import clean_handwriting
from ..infra import files
from ..models import AuditEvent, Participant, Seal, SignatureRecord, SignerSession, SigningJob
from ..models.base import utcnow
from ..pdf.sign import chinese_date
from . import audit, jobs
from .meetings import status_of
from .seals import active_grant, image_error, usable_seals
from .signer_identity import require_open, require_verified

MAX_HANDWRITING_BYTES = 500_000


def own_controls(participant: Participant) -> list:
    """This signer's controls across the meeting's documents."""
    return [c for d in participant.meeting.documents for c in d.controls if c.participant_id == participant.id]


def readable_documents(session: SignerSession, participant: Participant) -> list:
    """The meeting's documents, once this session has verified as the signer and while signing is open."""
    require_verified(session, participant)
    require_open(participant)
    return participant.meeting.documents


def documents_for(session: SignerSession, participant: Participant, ip: str | None) -> list:
    """The documents to read and sign; the first look is an audit event."""
    documents = readable_documents(session, participant)
    seen = db.session.query(AuditEvent.query.filter(
        AuditEvent.meeting_id == participant.meeting_id, AuditEvent.kind == "documents_viewed",
        AuditEvent.data["participant_id"].as_string() == participant.id).exists()).scalar()
    if not seen:
        audit.record(participant.meeting_id, "documents_viewed", {"participant_id": participant.id},
                     ip=ip, channel=session.channel)
        db.session.commit()
    return documents


def seals_for(session: SignerSession, participant: Participant) -> list:
    """The seals of the signer's enterprise they hold a live grant for."""
    require_verified(session, participant)
    if not participant.employee_id:
        return []
    return [s for s in usable_seals(participant.employee_id) if s.enterprise_id == participant.enterprise_id]


def _decode_png(signature_png: str) -> bytes:
    data = signature_png.split(",", 1)[1] if signature_png.startswith("data:") else signature_png
    if len(data) > MAX_HANDWRITING_BYTES * 4 // 3 + 8:
        raise ValidationFailed("手写签名图片过大 (handwriting image too large)", code="image_too_large",
                               fields={"signature_png": ["至多500KB (at most 500 KB)"]}, status=413)
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed("手写签名不是有效的base64图片 (not base64)",
                               fields={"signature_png": ["invalid base64"]}) from None


def _check_seals(participant: Participant, controls: list, choices: dict) -> None:
    seal_controls = {c.id for c in controls if c.kind == "seal"}
    unknown = set(choices) - seal_controls
    if unknown:
        raise ValidationFailed("存在不属于您的印章控件 (unknown seal controls)",
                               fields={"seals": [f"not your seal control: {', '.join(sorted(unknown))}"]})
    missing = seal_controls - set(choices)
    if missing:
        raise ValidationFailed("请为每个印章位置选择印章 (choose a seal for every seal control)",
                               fields={"seals": [f"missing: {', '.join(sorted(missing))}"]})
    for seal_id in set(choices.values()):
        seal = db.session.get(Seal, seal_id)
        if not seal or seal.enterprise_id != participant.enterprise_id or not seal.active \
                or not participant.employee_id or not active_grant(seal.id, participant.employee_id):
            raise Forbidden("您无权使用所选印章 (you may not use this seal)", code="seal_not_granted")


def _same_request(participant: Participant, idempotency_key: str | None) -> dict | None:
    record = SignatureRecord.query.filter_by(participant_id=participant.id).first()
    if record is None:
        return None
    if idempotency_key and record.idempotency_key == idempotency_key:
        return {"status": "signed", "meeting_status": status_of(participant.meeting)}
    raise Conflict("您已完成签署 (already signed)", code="already_signed")


def sign(session: SignerSession, participant: Participant, *, signature_png: str, seals: dict,
         idempotency_key: str | None, ip: str | None, user_agent: str | None) -> dict:
    """Store the handwriting and seal choices with their audit event in one transaction, then queue jobs."""
    require_verified(session, participant)
    if (repeat := _same_request(participant, idempotency_key)) is not None:
        return repeat
    if participant.status == "declined":
        raise Conflict("您已拒签 (already declined)", code="already_declined")
    require_open(participant)
    controls = own_controls(participant)
    _check_seals(participant, controls, seals)
    participant_id, meeting_id = participant.id, participant.meeting_id
    channel, method = session.channel, session.verification_method or "sms"
    marks = [{"control_id": c.id, "document_id": c.document_id, "kind": c.kind, "page": c.page, "x": c.x, "y": c.y,
              "w": c.w, "h": c.h, "seal_id": seals.get(c.id)} for c in controls]
    # The image work and the file write happen outside any transaction: on SQLite every
    # transaction holds the write lock, on PostgreSQL the meeting row is the queue everyone shares.
    db.session.rollback()
    try:
        png = clean_handwriting(_decode_png(signature_png), max_bytes=MAX_HANDWRITING_BYTES, max_side=2000)
    except ImageError as exc:
        raise image_error(exc, "signature_png") from None
    handwriting_key = files().put(png, prefix="handwriting", suffix=".png")

    participant = db.session.get(Participant, participant_id)
    if (repeat := _same_request(participant, idempotency_key)) is not None:
        return repeat  # another tap of the same signer finished while we cleaned the image
    if participant.status == "declined":
        raise Conflict("您已拒签 (already declined)", code="already_declined")
    now = utcnow()
    record = SignatureRecord(meeting_id=meeting_id, participant_id=participant_id,
                             idempotency_key=idempotency_key, seal_choices=dict(seals),
                             handwriting_key=handwriting_key, date_text=chinese_date(now), channel=channel,
                             verification_method=method, ip=ip, user_agent=(user_agent or "")[:300], signed_at=now)
    db.session.add(record)
    participant.status, participant.signed_at = "signed", now
    for doc_id in sorted({m["document_id"] for m in marks}):
        db.session.add(SigningJob(meeting_id=meeting_id, document_id=doc_id, participant_id=participant_id,
                                  kind="apply", run_after=now))
    meeting_status = status_of(participant.meeting)
    # Last before commit: the audit append locks the meeting row for the shortest time.
    audit.record(meeting_id, "signed", {"participant_id": participant_id, "channel": channel,
                                        "date_text": record.date_text, "marks": marks},
                 actor=participant.name, ip=ip, channel=channel)
    try:
        db.session.commit()
    except IntegrityError:
        # A double tap raced us: the other request's record wins; answer as it did.
        db.session.rollback()
        return _same_request(db.session.get(Participant, participant_id), idempotency_key)
    jobs.wake()
    return {"status": "signed", "meeting_status": meeting_status}


def decline(session: SignerSession, participant: Participant, reason: str, ip: str | None) -> None:
    """Record a refusal; the meeting can no longer complete."""
    require_verified(session, participant)
    if participant.status == "signed":
        raise Conflict("您已完成签署，不能拒签 (already signed)", code="already_signed")
    if participant.status == "declined":
        return
    participant.status, participant.declined_at = "declined", utcnow()
    participant.decline_reason = (reason or "").strip()[:200] or None
    audit.record(participant.meeting_id, "declined", {"participant_id": participant.id,
                                                      "reason": participant.decline_reason},
                 actor=participant.name, ip=ip, channel=session.channel)
    db.session.commit()
