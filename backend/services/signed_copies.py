"""Signed copies: every signer's copy of the completed contract, by the link their completion SMS carries.

Who gets what: a link names one signer and the phone it was sent to. Opening it asks for a one-time
code, and the code goes to that phone only, so a link forwarded to someone else shows them nothing
but a masked number. A proven phone gets a short-lived bearer token for the summary and the files;
every download is an audit event. Links expire after COPY_LINK_DAYS (410 copy_link_expired).
"""
import hmac
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from backend.core.errors import Gone, NotFound, NotSignedIn, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import cipher, files
from backend.core.security.tokens import alnum_token, new_token, token_digest
from backend.lib.identity import mobile, person_name
from backend.lib.sms.templates import GREETINGS
from backend.models import CopyLink, Document, Meeting, Participant
from backend.models.base import utcnow
from backend.services import audit, outbox
from backend.services.download_names import audit_pdf_name, signed_name
from backend.services.notices import marked
from backend.services.otp import consume_code, send_code
from backend.services.signer_sessions import phone_from_wechat

PURPOSE = "copy"
ACCESS_TTL = timedelta(minutes=30)
TOKEN_LENGTH = 32
WRONG = _l("验证码错误或已过期")


def copy_url(token: str) -> str:
    """The H5 page a signer's completion SMS leads to."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/h5/copy/{token}"


def _registered_phone(participant: Participant) -> str:
    # The employee record's phone (the one the signer proved when signing); the entered one without a record.
    source = participant.employee or participant
    return mobile.normalize(cipher().decrypt(source.phone_enc))


def _contact_phone(meeting: Meeting) -> str | None:
    enterprise = meeting.enterprise
    if not enterprise or not enterprise.signing_contact_phone_enc:
        return None
    return mobile.normalize(cipher().decrypt(enterprise.signing_contact_phone_enc))


def notify_completed(meeting_id: str) -> int:
    """Queue the completion SMS: every signer's copy link, and the organizer's notice (the caller commits).

    Once per signer: a signer who already has a link gets no second one. Returns the links made.
    """
    meeting = db.session.get(Meeting, meeting_id)
    expires = utcnow() + timedelta(days=current_app.config["COPY_LINK_DAYS"])
    have = {pid for (pid,) in db.session.query(CopyLink.participant_id).filter_by(meeting_id=meeting_id)}
    made = 0
    for p in meeting.participants:
        if p.role != "signer" or p.status != "signed" or p.id in have:
            continue
        token, phone = alnum_token(TOKEN_LENGTH), _registered_phone(p)
        db.session.add(CopyLink(meeting_id=meeting_id, participant_id=p.id, token_hash=token_digest(token),
                                phone_enc=cipher().encrypt(phone), phone_hmac=cipher().lookup(phone),
                                expires_at=expires))
        outbox.enqueue(phone, "completed", {"name": marked(meeting, p.name, p.language), "meeting": meeting.name,
                                            "link": copy_url(token)},
                       language=p.language, meeting_id=meeting_id, participant_id=p.id)
        made += 1
    contact = _contact_phone(meeting)
    if made and contact:
        # The organizing enterprise's signing contact (admin users have no phone): a link to the contract page.
        base = current_app.config["PUBLIC_BASE_URL"]
        page = "meetings" if meeting.rehearsal else "contracts"  # a rehearsal is never under 合同管理
        language = meeting.enterprise.language
        name = meeting.enterprise.signing_contact_name or GREETINGS.get(language, GREETINGS["zh"])
        outbox.enqueue(contact, "completed", {"name": marked(meeting, name, language), "meeting": meeting.name,
                                              "link": f"{base}/admin/{page}/{meeting_id}"},
                       language=language, meeting_id=meeting_id)
    return made


def link_for(token: str) -> CopyLink:
    """The live link behind a token: 404 for none, 410 once it has expired."""
    ok = bool(token) and len(token) <= 64 and token.isascii() and token.isalnum()
    link = CopyLink.query.filter_by(token_hash=token_digest(token)).first() if ok else None
    if link is None:
        raise NotFound(_l("签署件链接无效"), code="copy_link_not_found")
    if link.expires_at <= utcnow():
        raise Gone(_l("签署件链接已过期，请联系会议组织方获取合同"),
                   code="copy_link_expired", extra={"expired_at": link.expires_at.isoformat()})
    return link


def masked_phone(link: CopyLink) -> str:
    """The masked phone a link's code goes to."""
    return mobile.mask(cipher().decrypt(link.phone_enc))


def _requester(link: CopyLink) -> str:
    # The link itself asks: its quotas and codes are its own, whoever holds it.
    return f"copy:{link.id}"


def send_link_code(token: str, ip: str | None) -> CopyLink:
    """Text a one-time code to the phone the link was sent to (quotas as for every code)."""
    link = link_for(token)
    send_code(PURPOSE, link.id, cipher().decrypt(link.phone_enc), requester=_requester(link),
              language=link.participant.language, meeting_id=link.meeting_id, participant_id=link.participant_id)
    audit.record(link.meeting_id, "copy_code_sent", {"participant_id": link.participant_id}, ip=ip, channel="h5")
    db.session.commit()
    outbox.deliver_due()
    return link


def prove_phone(token: str, *, sms_code: str | None, phone_code: str | None, ip: str | None) -> tuple[str, CopyLink]:
    """Check the code (or WeChat's phone-number proof) against the link's phone; a bearer token for the copy."""
    link = link_for(token)
    if not sms_code and not phone_code:
        raise ValidationFailed(_l("请填写短信验证码"),
                               fields={"sms_code": [_l("必填")]})
    if phone_code:
        phone = mobile.normalize(phone_from_wechat(phone_code))
        proven, method, channel = bool(phone) and cipher().lookup(phone) == link.phone_hmac, "wechat_phone", "wechat"
    else:
        proven = consume_code(PURPOSE, link.id, sms_code, requester=_requester(link))
        method, channel = "sms", "h5"
    if not proven:
        audit.record(link.meeting_id, "copy_verification_failed", {"participant_id": link.participant_id},
                     ip=ip, channel=channel)
        db.session.commit()
        raise ValidationFailed(WRONG, code="verification_failed", fields={"sms_code": [WRONG]})
    access = new_token()
    link.access_hash = token_digest(access)
    link.access_expires_at = min(utcnow() + ACCESS_TTL, link.expires_at)
    audit.record(link.meeting_id, "copy_verified", {"participant_id": link.participant_id, "method": method},
                 actor=link.participant.name, ip=ip, channel=channel)
    db.session.commit()
    return access, link


def opened(token: str, access: str | None) -> CopyLink:
    """The link, for a bearer token its phone proof issued (401 otherwise)."""
    link = link_for(token)
    if not access or not link.access_hash or not hmac.compare_digest(token_digest(access), link.access_hash) \
            or link.access_expires_at <= utcnow():
        raise NotSignedIn(_l("请先验证手机号"), code="copy_not_verified")
    return link


def summary(meeting: Meeting, participant: Participant) -> dict:
    """What a signer's copy shows: the meeting, the parties, when it was signed, and each file's SHA-256."""
    signers = [p for p in meeting.participants if p.role == "signer"]
    parties = list(dict.fromkeys([meeting.enterprise.name] + [p.enterprise_name for p in signers]))
    return {
        "meeting": {"id": meeting.id, "name": meeting.name, "organizer": meeting.enterprise.name,
                    "rehearsal": meeting.rehearsal,
                    "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "completed_at": meeting.completed_at},
        "parties": parties,
        "signer": {"name": participant.name, "enterprise_name": participant.enterprise_name,
                   "signed_at": participant.signed_at},
        "signers": [{"name_masked": person_name.mask(p.name), "enterprise_name": p.enterprise_name,
                     "signed_at": p.signed_at} for p in signers],
        "documents": [{"id": d.id, "filename": d.filename, "signed_filename": signed_name(d),
                       "page_count": d.page_count, "original_sha256": d.sha256, "sha256": d.final_sha256}
                      for d in meeting.documents],
        "audit_trail": {"filename": audit_pdf_name(meeting), "sha256": meeting.audit_pdf_sha256},
    }


def download(meeting: Meeting, participant: Participant, what: str, *, ip: str | None, channel: str,
             via: str) -> tuple[str, bytes]:
    """A sealed document (by id) or the audit trail ("audit"), recorded as an audit event (committed)."""
    if what == "audit":
        filename, key, sha = audit_pdf_name(meeting), meeting.audit_pdf_key, meeting.audit_pdf_sha256
    else:
        doc = db.session.get(Document, what)
        if doc is None or doc.meeting_id != meeting.id:
            raise NotFound(_l("文件不存在"))
        filename, key, sha = signed_name(doc), doc.current_key, doc.final_sha256
    data = files().get(key)
    audit.record(meeting.id, "copy_downloaded", {"participant_id": participant.id, "file": what, "sha256": sha,
                                                 "via": via}, actor=participant.name, ip=ip, channel=channel)
    db.session.commit()
    return filename, data
