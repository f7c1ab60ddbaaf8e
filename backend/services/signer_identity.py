"""Who may sign: the scene a QR code names, and the signer proving they are that participant."""
import hmac
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from backend.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import cipher
from backend.lib.identity import mobile
from backend.models import AuditEvent, Employee, Participant, SignerSession
from backend.models.base import utcnow
from backend.models.meeting import FINISHED_STATUSES
from backend.services import attempts, audit, outbox
from backend.services.employees import document_lookup
from backend.services.otp import consume_code, send_code
from backend.services.signer_sessions import phone_from_wechat

VAGUE = _l("身份信息或验证码不正确")


def participant_for_scene(scene: str) -> Participant:
    """The signer a QR code invites; ended or cancelled meetings answer 409."""
    participant = (Participant.query.options(joinedload(Participant.meeting)).filter_by(scene_token=scene).first()
                   if scene and scene.isalnum() else None)
    check_scene(participant, participant.meeting if participant else None)
    return participant


def check_scene(participant, meeting) -> None:
    """A scene must name a signer (404) of a meeting neither cancelled nor over (409)."""
    if not participant or participant.role != "signer":
        raise NotFound(_l("二维码无效"), code="scene_not_found")
    status = meeting.status
    if status == "cancelled":
        raise Conflict(_l("签约仪式已取消"), code="meeting_cancelled")
    if status in ("expired",):
        raise Conflict(_l("签约仪式已结束"), code="meeting_ended")


def require_own_scene(session: SignerSession, participant: Participant) -> None:
    """A session verified for one signer cannot act on another signer's QR code."""
    if session.participant_id and session.participant_id != participant.id:
        raise Forbidden(_l("您已验证为其他签署人，不能使用此二维码"),
                        code="not_your_scene")


def require_verified(session: SignerSession, participant: Participant) -> None:
    """Refuse until this session has verified as this participant."""
    require_own_scene(session, participant)
    if session.participant_id != participant.id or not session.verified_at:
        raise Forbidden(_l("请先完成身份验证"), code="not_verified")


def require_open(meeting) -> None:
    """Signing is possible from 30 minutes before the start until the end."""
    if meeting.status == "completed":
        raise Conflict(_l("合同已签署完成"), code="meeting_completed")
    if not meeting.signing_open:
        raise Conflict(_l("签署尚未开始：开始前30分钟开放签署"),
                       code="signing_not_open", extra={"opens_at": meeting.signing_opens_at.isoformat()})


def _fail(session: SignerSession, participant: Participant, ip: str | None, *, phone_proven: bool) -> None:
    # Committed with what the check itself changed: a used code stays used, a wrong try stays counted.
    scopes = [attempts.session_scope(session.id, participant.id)]
    if phone_proven:
        scopes.append(attempts.participant_scope(participant.id))
    attempts.add(*scopes)
    audit.record(participant.meeting_id, "verification_failed",
                 {"participant_id": participant.id, "session": session.id,
                  "reason": "identity" if phone_proven else "phone"}, ip=ip, channel=session.channel)
    db.session.commit()


def send_sms(session: SignerSession, participant: Participant, ip: str | None) -> None:
    """Text a one-time code to the registered phone of the signer's employee record."""
    require_own_scene(session, participant)
    attempts.check_session(session.id, participant.id)
    employee = participant.employee
    if not employee or employee.status == "disabled":
        raise Forbidden(_l("签署人信息与登记信息不一致，请联系组织方"), code="signer_unmatched")
    send_code("signer", participant.id, mobile.normalize(cipher().decrypt(employee.phone_enc)), requester=session.id,
              language=participant.language, meeting_id=participant.meeting_id, participant_id=participant.id)
    audit.record(participant.meeting_id, "sms_sent", {"participant_id": participant.id}, ip=ip,
                 channel=session.channel)
    db.session.commit()
    outbox.deliver_due()


def _identity_matches(session: SignerSession, participant: Participant, name: str, id_number: str | None) -> bool:
    employee = participant.employee
    if not employee or employee.status != "active" or employee.enterprise_id != participant.enterprise_id:
        return False
    if (name or "").strip() != participant.name or participant.name != employee.name:
        return False
    if participant.phone_hmac != employee.phone_hmac:
        return False
    if not id_number and session.openid and employee.openid == session.openid:
        return True  # a bound openid stands in for retyping the ID number, never for the match
    # The number is read as the kind of document the participant was registered with.
    digest = document_lookup(participant.id_type, id_number or "", participant.id_country)
    return hmac.compare_digest(digest, participant.id_number_hmac or "") and \
        hmac.compare_digest(digest, employee.id_number_hmac)


def verify(session: SignerSession, participant: Participant, *, name: str, id_number: str | None,
           sms_code: str | None, phone_code: str | None, ip: str | None) -> None:
    """Check name + ID number against the registry and possession of the registered phone."""
    require_own_scene(session, participant)
    if participant.status in FINISHED_STATUSES:
        raise Conflict(_l("您已完成签署") if participant.status == "signed" else
                       _l("您已拒签"), code=f"already_{participant.status}")
    if not sms_code and not phone_code:
        raise ValidationFailed(_l("请填写短信验证码"),
                               fields={"sms_code": [_l("必填")]})
    attempts.check_session(session.id, participant.id)
    attempts.check_participant(participant.id)
    identity_ok = _identity_matches(session, participant, name, id_number)
    if phone_code:
        phone = mobile.normalize(phone_from_wechat(phone_code))
        possession_ok = bool(phone) and participant.employee is not None and \
            cipher().lookup(phone) == participant.employee.phone_hmac
        method = "wechat_phone"
    else:
        possession_ok = consume_code("signer", participant.id, sms_code, requester=session.id)
        method = "sms"
    if not (identity_ok and possession_ok):
        _fail(session, participant, ip, phone_proven=possession_ok)
        raise ValidationFailed(VAGUE, code="verification_failed")
    now = utcnow()
    session.participant_id, session.verified_at, session.verification_method = participant.id, now, method
    participant.verified_at = now
    employee = participant.employee
    if session.openid and not employee.openid and not Employee.query.filter_by(openid=session.openid).first():
        employee.openid = session.openid
    audit.record(participant.meeting_id, "verified", {"participant_id": participant.id, "method": method},
                 actor=participant.name, ip=ip, channel=session.channel)
    db.session.commit()


def record_opened(session: SignerSession, participant: Participant, ip: str | None) -> None:
    """Log that a signer opened their scene (once per session)."""
    recent = AuditEvent.query.filter(AuditEvent.meeting_id == participant.meeting_id,
                                     AuditEvent.kind == "scene_opened",
                                     AuditEvent.created_at > utcnow() - timedelta(minutes=5),
                                     AuditEvent.data["participant_id"].as_string() == participant.id).first()
    if recent is None:
        audit.record(participant.meeting_id, "scene_opened", {"participant_id": participant.id}, ip=ip,
                     channel=session.channel)
        db.session.commit()
