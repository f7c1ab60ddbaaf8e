"""The audit trail: an append-only, hash-chained log per meeting; the live feed reads it."""
import hashlib
import json

from sqlalchemy import update

from backend.core.extensions import db
from backend.core.live.signals import announce_on_commit
from backend.models import AuditEvent, Meeting
from backend.models.base import utcnow

GENESIS = "0" * 64


def _digest(meeting_id, seq, kind, data, actor, ip, channel, created_at, prev_hash) -> str:
    canonical = json.dumps([meeting_id, seq, kind, data, actor, ip, channel, created_at.isoformat(), prev_hash],
                           ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(meeting_id: str, kind: str, data: dict | None = None, *, actor: str | None = None,
           ip: str | None = None, channel: str | None = None, only_if=None) -> str | None:
    """Append an event in the current transaction (the caller commits); returns the event's hash.

    only_if: a SQL condition on the meeting, checked under the meeting row's lock; when it fails
    nothing is appended and the answer is None.
    """
    # Bumping the sequence locks the meeting's row until commit: appends to one chain take turns.
    bump = (update(Meeting).where(Meeting.id == meeting_id).values(audit_seq=Meeting.audit_seq + 1)
            .returning(Meeting.audit_seq, Meeting.audit_head).execution_options(synchronize_session=False))
    if only_if is not None:
        bump = bump.where(only_if)
    row = db.session.execute(bump).one_or_none()
    if row is None:
        if only_if is None:
            raise LookupError(f"no meeting {meeting_id} to record {kind} for")
        return None
    seq, prev = row
    data = data or {}
    now = utcnow().replace(microsecond=0)
    digest = _digest(meeting_id, seq, kind, data, actor, ip, channel, now, prev)
    db.session.add(AuditEvent(meeting_id=meeting_id, seq=seq, kind=kind, data=data, actor=actor, ip=ip,
                              channel=channel, created_at=now, prev_hash=prev, hash=digest))
    db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(audit_head=digest)
                       .execution_options(synchronize_session=False))
    announce_on_commit(db.session, meeting_id)
    return digest


def events(meeting_id: str, after_id: int = 0) -> list[AuditEvent]:
    """The meeting's events with ids greater than after_id, oldest first."""
    return (AuditEvent.query.filter(AuditEvent.meeting_id == meeting_id, AuditEvent.id > after_id)
            .order_by(AuditEvent.id).all())


def verify_chain(meeting_id: str) -> list[str]:
    """Recompute the chain; return the problems found (empty when intact)."""
    problems, prev = [], GENESIS
    rows = AuditEvent.query.filter_by(meeting_id=meeting_id).order_by(AuditEvent.seq).all()
    for expected_seq, row in enumerate(rows, start=1):
        if row.seq != expected_seq:
            problems.append(f"event {expected_seq} is missing (found seq {row.seq})")
        if row.prev_hash != prev:
            problems.append(f"event {row.seq} does not follow the previous event")
        digest = _digest(row.meeting_id, row.seq, row.kind, row.data, row.actor, row.ip, row.channel,
                         row.created_at, row.prev_hash)
        if digest != row.hash:
            problems.append(f"event {row.seq} ({row.kind}) was altered")
        prev = row.hash
    meeting = db.session.get(Meeting, meeting_id)
    if meeting and rows and meeting.audit_head != prev:
        problems.append("the newest events were removed")
    return problems
