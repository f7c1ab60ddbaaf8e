"""One-time SMS codes: 6 digits, 5 minutes, single use, bound to whoever asked, dead after 3 wrong tries.

Why guessing is hopeless: a code only goes to the registered phone, only the session (or activation
link) that asked for it can use it, and it dies after MAX_WRONG wrong tries. A guesser who never sees
the phone wins with probability MAX_WRONG / 10**6 = 3 in a million per code, below 1 in 10,000, and
each further code costs them a request that the quotas below ration.

Why nobody else can use up a signer's codes: the hourly quota belongs to the requester (a signer
session, an activation link), not to the phone. The phone itself only gets a pause of COOLDOWN between
two codes, whoever asked: it slows a signer by seconds and never shuts them out.
"""
import hmac
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update

from backend.core.errors import TooManyRequests
from backend.core.extensions import db
from backend.core.security.tokens import numeric_code, token_digest
from backend.models import OneTimeCode
from backend.models.base import utcnow
from backend.services import outbox

TTL = timedelta(minutes=5)
DIGITS = 6
MAX_WRONG = 3
COOLDOWN = timedelta(seconds=30)
PER_REQUESTER_PER_HOUR = 5
KEEP = timedelta(days=1)


def _refuse(message: str, code: str, wait: timedelta):
    return TooManyRequests(message, code=code, extra={"retry_after": max(1, int(wait.total_seconds()) + 1)})


def send_code(purpose: str, subject_id: str, phone: str, *, requester: str, language: str | None = None,
              **links) -> None:
    """Create a code for requester and queue it to the subject's phone in their language; 429 past the quotas."""
    now = utcnow()
    mine = (OneTimeCode.query.filter(OneTimeCode.purpose == purpose, OneTimeCode.subject_id == subject_id,
                                     OneTimeCode.requester == requester,
                                     OneTimeCode.created_at > now - timedelta(hours=1))
            .order_by(OneTimeCode.created_at).all())
    if len(mine) >= PER_REQUESTER_PER_HOUR:
        raise _refuse(_l("验证码发送过于频繁，请稍后再试"), "sms_rate_limited",
                      mine[0].created_at + timedelta(hours=1) - now)
    newest = (OneTimeCode.query.filter(OneTimeCode.purpose == purpose, OneTimeCode.subject_id == subject_id)
              .order_by(OneTimeCode.created_at.desc()).first())
    if newest is not None and newest.created_at > now - COOLDOWN:
        raise _refuse(_l("验证码刚刚发出，请稍候再获取"), "sms_cooldown",
                      newest.created_at + COOLDOWN - now)
    code = numeric_code(DIGITS)
    db.session.add(OneTimeCode(purpose=purpose, subject_id=subject_id, requester=requester,
                               code_hash=token_digest(code), expires_at=now + TTL, created_at=now))
    outbox.enqueue(phone, "otp", {"code": code}, language=language, **links)


def consume_code(purpose: str, subject_id: str, code: str, *, requester: str) -> bool:
    """Use one of requester's live codes once; a wrong code counts against all of them (the caller commits)."""
    now = utcnow()
    digest = token_digest((code or "").strip())
    live = OneTimeCode.query.filter(OneTimeCode.purpose == purpose, OneTimeCode.subject_id == subject_id,
                                    OneTimeCode.requester == requester, OneTimeCode.used_at.is_(None),
                                    OneTimeCode.expires_at > now, OneTimeCode.wrong_tries < MAX_WRONG).all()
    for row in live:
        if hmac.compare_digest(row.code_hash, digest):
            row.used_at = now
            return True
    if live:
        # In SQL, so two wrong tries at once both count.
        db.session.execute(update(OneTimeCode).where(OneTimeCode.id.in_([r.id for r in live]))
                           .values(wrong_tries=OneTimeCode.wrong_tries + 1).execution_options(synchronize_session=False))
    return False


def purge(now=None) -> int:
    """Delete codes that expired more than a day ago (the caller commits)."""
    cutoff = (now or utcnow()) - KEEP
    return db.session.execute(delete(OneTimeCode).where(OneTimeCode.expires_at < cutoff)).rowcount or 0
