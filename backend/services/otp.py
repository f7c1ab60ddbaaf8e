"""One-time SMS codes: 6 digits, 5 minutes, single use, rate-limited per subject."""
import hmac
from datetime import timedelta

from backend.core.errors import TooManyRequests
from backend.core.extensions import db
from backend.core.security.tokens import numeric_code, token_digest
from backend.models import OneTimeCode
from backend.models.base import utcnow
from backend.services import outbox

TTL = timedelta(minutes=5)
PER_MINUTE, PER_HOUR = 1, 5


def send_code(purpose: str, subject_id: str, phone: str, **links) -> None:
    """Create a code and queue it to the phone; refuse past 1 a minute or 5 an hour."""
    now = utcnow()
    recent = OneTimeCode.query.filter(OneTimeCode.purpose == purpose, OneTimeCode.subject_id == subject_id,
                                      OneTimeCode.created_at > now - timedelta(hours=1)).all()
    last_minute = [c for c in recent if c.created_at > now - timedelta(minutes=1)]
    if len(last_minute) >= PER_MINUTE or len(recent) >= PER_HOUR:
        wait = 60 if len(recent) < PER_HOUR else 3600
        raise TooManyRequests("验证码发送过于频繁，请稍后再试 (too many codes, try again later)",
                              code="sms_rate_limited", extra={"retry_after": wait})
    code = numeric_code()
    db.session.add(OneTimeCode(purpose=purpose, subject_id=subject_id, code_hash=token_digest(code),
                               expires_at=now + TTL))
    outbox.enqueue(phone, "otp", {"code": code}, **links)


def consume_code(purpose: str, subject_id: str, code: str) -> bool:
    """Use a valid code once; False when wrong, expired or already used."""
    now = utcnow()
    digest = token_digest((code or "").strip())
    candidates = OneTimeCode.query.filter(OneTimeCode.purpose == purpose, OneTimeCode.subject_id == subject_id,
                                          OneTimeCode.used_at.is_(None), OneTimeCode.expires_at > now).all()
    for row in candidates:
        if hmac.compare_digest(row.code_hash, digest):
            row.used_at = now
            return True
    return False
