"""The audit trail: an append-only, hash-chained log per meeting; the live feed reads it."""
import hashlib
import json

from sqlalchemy import bindparam, insert, update

from ..extensions import db
from ..models import AuditEvent, Meeting
from ..models.base import utcnow

GENESIS = "0" * 64
# session.info key: meetings with events in the open transaction, announced to live streams on commit.
ANNOUNCE = "signstage_audit_meetings"
_MEETING, _EVENT = Meeting.__table__, AuditEvent.__table__


def _digest(meeting_id, seq, kind, data, actor, ip, channel, created_at, prev_hash) -> str:
    canonical = json.dumps([meeting_id, seq, kind, data, actor, ip, channel, created_at.isoformat(), prev_hash],
                           ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


_BUMP = (update(_MEETING).where(_MEETING.c.id == bindparam("m_id")).values(audit_seq=_MEETING.c.audit_seq + 1)
         .returning(_MEETING.c.audit_seq, _MEETING.c.audit_head))
_APPEND = insert(_EVENT)
_HEAD = update(_MEETING).where(_MEETING.c.id == bindparam("m_id")).values(audit_head=bindparam("m_head"))
_conditional_bumps: dict = {}


def _bump(only_if):
    if only_if is None:
        return _BUMP
    # Statements are built once per condition (the callers' conditions are module constants).
    key = id(only_if)
    if key not in _conditional_bumps:
        _conditional_bumps[key] = (only_if, _BUMP.where(only_if))
    return _conditional_bumps[key][1]


def record(meeting_id: str, kind: str, data: dict | None = None, *, actor: str | None = None,
           ip: str | None = None, channel: str | None = None, only_if=None,
           only_if_params: dict | None = None) -> str | None:
    """Append an event in the current transaction (the caller commits); returns the event's hash.

    only_if: a condition on the meeting row (its bind values in only_if_params), checked under
    the row's lock; when it fails nothing is appended and the answer is None.
    """
    # Core statements, not the unit of work: on SQLite the whole database is locked from the
    # first write to the commit, so the append is kept to three short statements.
    row = db.session.execute(_bump(only_if), {"m_id": meeting_id, **(only_if_params or {})}).one_or_none()
    if row is None:
        if only_if is None:
            raise LookupError(f"no meeting {meeting_id} to record {kind} for")
        return None
    seq, prev = row
    data = data or {}
    now = utcnow().replace(microsecond=0)
    digest = _digest(meeting_id, seq, kind, data, actor, ip, channel, now, prev)
    db.session.execute(_APPEND, {"meeting_id": meeting_id, "seq": seq, "kind": kind, "data": data, "actor": actor,
                                 "ip": ip, "channel": channel, "created_at": now, "prev_hash": prev, "hash": digest})
    db.session.execute(_HEAD, {"m_id": meeting_id, "m_head": digest})
    db.session.info.setdefault(ANNOUNCE, set()).add(meeting_id)
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
