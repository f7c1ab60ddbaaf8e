"""Failed identity checks: who may try again, and when.

The big screen shows every signer's QR code to everyone in the video meeting, so failures must never
lock out the real signer. They count in two places:
- per session and scene: one session's wrong tries on one signer's scene lock that session out of that
  scene for a while. An onlooker locks only themselves; the signer's own session is untouched.
- per participant, only for tries that proved the registered phone but not the identity (the phone
  holder typing a wrong ID number): after a few, each further try waits longer, up to a cap. This
  bounds ID-number guessing over the whole meeting, yet the holder of the phone is only ever slowed.
The host sees the counts and can clear them. Request rates per address are Flask-Limiter's job.
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_

from backend.core.errors import LockedOut, TooManyRequests
from backend.core.extensions import db
from backend.models import FailedAttempt
from backend.models.base import utcnow
from backend.services import audit

SESSION_WINDOW = timedelta(minutes=15)
SESSION_MAX = 5
PHONE_PROVEN_FREE = 3
PHONE_PROVEN_MAX_WAIT = timedelta(minutes=15)
KEEP = timedelta(days=2)


def session_scope(session_id: str, participant_id: str) -> str:
    """The counter of one signer session's tries on one scene."""
    return f"session:{session_id}:{participant_id}"


def participant_scope(participant_id: str) -> str:
    """The counter of phone-proven tries on one participant."""
    return f"participant:{participant_id}"


def add(*scopes: str) -> None:
    """Count one failure in each scope (the caller commits)."""
    now = utcnow()
    db.session.add_all(FailedAttempt(scope=scope, created_at=now) for scope in scopes)


def check_session(session_id: str, participant_id: str) -> None:
    """423 when this session failed too often on this scene lately."""
    since = utcnow() - SESSION_WINDOW
    rows = (FailedAttempt.query.filter(FailedAttempt.scope == session_scope(session_id, participant_id),
                                       FailedAttempt.created_at > since)
            .order_by(FailedAttempt.created_at).all())
    if len(rows) >= SESSION_MAX:
        wait = rows[-SESSION_MAX].created_at + SESSION_WINDOW - utcnow()
        raise LockedOut(_l("验证失败次数过多，请稍后再试或联系主持人"),
                        extra={"retry_after": max(1, int(wait.total_seconds()) + 1)})


def participant_wait(participant_id: str) -> timedelta:
    """How long phone-proven tries on this participant must still wait (zero when they may go ahead)."""
    count, last = (db.session.query(func.count(FailedAttempt.id), func.max(FailedAttempt.created_at))
                   .filter(FailedAttempt.scope == participant_scope(participant_id)).one())
    if count < PHONE_PROVEN_FREE or last is None:
        return timedelta(0)
    pause = min(PHONE_PROVEN_MAX_WAIT, timedelta(minutes=2 ** (count - PHONE_PROVEN_FREE)))
    return max(timedelta(0), last.replace(tzinfo=None) + pause - utcnow().replace(tzinfo=None))


def check_participant(participant_id: str) -> None:
    """429 while phone-proven tries on this participant must wait."""
    wait = participant_wait(participant_id)
    if wait > timedelta(0):
        raise TooManyRequests(_l("多次身份信息不符，请稍后再试或联系主持人"),

                              code="verification_slowed", extra={"retry_after": int(wait.total_seconds()) + 1})


def _scopes_of(participant_id: str):
    return or_(FailedAttempt.scope == participant_scope(participant_id),
               FailedAttempt.scope.like(f"session:%:{participant_id}"))


def failures(participant_id: str) -> int:
    """Failed checks on this participant's scene in the session window, from any session."""
    since = utcnow() - SESSION_WINDOW
    return (db.session.query(func.count(FailedAttempt.id))
            .filter(FailedAttempt.scope.like(f"session:%:{participant_id}"), FailedAttempt.created_at > since)
            .scalar() or 0)


def reset(participant_id: str) -> int:
    """Forget every failure on this participant's scene (the host's button; the caller commits)."""
    return db.session.execute(delete(FailedAttempt).where(_scopes_of(participant_id))).rowcount or 0


def clear_for_host(participant) -> int:
    """The host's reset of a signer's scene: every counter cleared, and the reset in the audit trail."""
    cleared = reset(participant.id)
    audit.record(participant.meeting_id, "limits_reset", {"participant_id": participant.id, "cleared": cleared},
                 actor="host")
    db.session.commit()
    return cleared


def purge(now=None) -> int:
    """Delete failures old enough to count for nothing (the caller commits)."""
    cutoff = (now or utcnow()) - KEEP
    return db.session.execute(delete(FailedAttempt).where(FailedAttempt.created_at < cutoff)).rowcount or 0
