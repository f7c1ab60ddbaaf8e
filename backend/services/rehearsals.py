"""Rehearsals: a ceremony run for practice, and run again.

A rehearsal is a meeting like any other (QR codes, verification, signing, the screen, completion), with
three differences kept elsewhere: booking stamps its PDFs 彩排 — 无法律效力 (services/booking.py), they are
signed by the rehearsal identity (lib/pdf/ca.py), and contract management never lists it
(services/contracts.py). Here: a rehearsal run copied from a meeting, and the reset that lets it run again.
"""
import hashlib
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, update

from backend.core.errors import Conflict, ValidationFailed
from backend.core.extensions import db
from backend.core.resources import files
from backend.core.security.tokens import alnum_token
from backend.models import AdminUser, CopyLink, Meeting, OneTimeCode, SignatureRecord, SignerSession, SigningJob
from backend.models.base import utcnow
from backend.services import attempts, audit, outbox
from backend.services.clones import clone_meeting
from backend.services.meetings import MAX_LENGTH, check_details, get_meeting
from backend.services.notices import notify_booked

# A rehearsal run starts soon enough that signing is open as soon as it is booked (30 minutes before the start).
RUN_STARTS_IN = timedelta(minutes=30)
RETRY_AFTER_SECONDS = 2


def _soon(length: timedelta) -> tuple[datetime, datetime]:
    starts = (utcnow() + RUN_STARTS_IN).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return starts, starts + min(length, MAX_LENGTH)


def _new_times(starts_at: datetime | None, ends_at: datetime | None) -> bool:
    """True when both times are given, False for neither; one without the other is refused."""
    if starts_at is None and ends_at is None:
        return False
    if starts_at is None or ends_at is None:
        missing = "starts_at" if starts_at is None else "ends_at"
        raise ValidationFailed(_l("开始与结束时间须同时给出"),
                               fields={missing: [_l("与另一时间同时给出")]})
    return True


def rehearse(actor: AdminUser, meeting_id: str, starts_at: datetime | None = None,
             ends_at: datetime | None = None) -> Meeting:
    """A rehearsal draft copying one of the actor's meetings: by default it starts in half an hour, as long."""
    source = get_meeting(actor, meeting_id)
    if not _new_times(starts_at, ends_at):
        starts_at, ends_at = _soon(source.ends_at - source.starts_at)
    return clone_meeting(actor, meeting_id, starts_at, ends_at, rehearsal=True)


def _refuse_reset(meeting: Meeting) -> None:
    if not meeting.rehearsal:
        raise Conflict(_l("只有彩排可以重置，正式会议的签署不能撤销"), code="not_rehearsal")
    if meeting.booked_at is None:
        raise Conflict(_l("彩排尚未预约，无需重置"), code="rehearsal_not_booked")
    if meeting.cancelled_at is not None:
        raise Conflict(_l("彩排已取消"), code="meeting_cancelled")
    busy = SigningJob.query.filter(SigningJob.meeting_id == meeting.id,
                                   SigningJob.status.in_(("queued", "running"))).first()
    if busy is not None:
        raise Conflict(_l("签名正在写入文件，请稍后再重置"),
                       code="rehearsal_busy", extra={"retry_after": RETRY_AFTER_SECONDS})


def reset(actor: AdminUser, meeting_id: str, starts_at: datetime | None = None,
          ends_at: datetime | None = None) -> Meeting:
    """Return a booked rehearsal to its start: nobody verified or signed, the documents as booked, new QR codes.

    The audit trail keeps the earlier runs (a `rehearsal_reset` event between them); signatures, signing jobs
    and signed-copy links go. Every participant is told again, with their new link. Without new times, a
    rehearsal whose end has passed moves to half an hour from now, as long as before.
    """
    meeting = get_meeting(actor, meeting_id)
    _refuse_reset(meeting)
    now = utcnow()
    if not _new_times(starts_at, ends_at):
        starts_at, ends_at = ((meeting.starts_at, meeting.ends_at) if meeting.ends_at > now
                              else _soon(meeting.ends_at - meeting.starts_at))
    else:  # new times, checked as any meeting's
        check_details(meeting.name, starts_at, ends_at)
    people = meeting.participants
    ids = [p.id for p in people]
    # Participants first: a signature racing the reset holds its signer's row until it commits, and the
    # deletes below then see (and remove) what it wrote.
    for p in people:
        p.verified_at = p.signed_at = p.declined_at = p.decline_reason = p.reminded_at = p.notified_at = None
        if p.role == "signer":
            p.scene_token = alnum_token(24)  # the old QR codes and links die with the run
    db.session.flush()
    for model in (SignatureRecord, SigningJob, CopyLink):
        db.session.execute(delete(model).where(model.meeting_id == meeting.id))
    db.session.execute(update(SignerSession).where(SignerSession.participant_id.in_(ids))
                       .values(participant_id=None, verified_at=None, verification_method=None))
    # The run's codes go too (their quotas and pause with them): the next run verifies from the start.
    db.session.execute(delete(OneTimeCode).where(OneTimeCode.purpose == "signer", OneTimeCode.subject_id.in_(ids)))
    for pid in ids:
        attempts.reset(pid)
    for doc in meeting.documents:
        prepared = files().get(doc.prepared_key)
        doc.current_key, doc.current_sha256 = doc.prepared_key, hashlib.sha256(prepared).hexdigest()
        doc.final_sha256, doc.revision, doc.job_locked_by, doc.job_locked_until = None, 0, None, None
    meeting.completed_at = meeting.audit_pdf_key = meeting.audit_pdf_sha256 = None
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    # Booked again: what a run records once per signer (the first look at the documents) counts from here.
    meeting.booked_at = now.replace(microsecond=0)
    audit.record(meeting.id, "rehearsal_reset", {"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
                 actor=actor.username)
    for p in people:
        notify_booked(meeting, p)
    db.session.commit()
    outbox.deliver_due()
    return meeting
