"""The reminder before a meeting: one SMS to each signer and host, REMINDER_MINUTES_BEFORE the start.

The worker's tick asks every second; the question is one read. A reminder is claimed by a
conditional UPDATE of the participant's `reminded_at` (NULL -> now) whose rowcount says which
worker won, in the same transaction as the message it queues: two workers never send it twice, and
a crash before the commit leaves it to send. A meeting booked after its reminder time got its
booking message moments ago and is not reminded again; one moved to a later start is reminded anew
(services/meetings.py clears `reminded_at`).
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, update

from backend.core.database import reading
from backend.core.extensions import db
from backend.models import Meeting, Participant
from backend.models.base import utcnow
from backend.models.meeting import FINISHED_STATUSES
from backend.services.notices import notify_participant, personal_link

ROLES = {"signer": "reminder", "host": "reminder_host"}


def lead_time() -> timedelta:
    """How long before the start the reminder goes (zero: reminders are off)."""
    return timedelta(minutes=max(0, current_app.config.get("REMINDER_MINUTES_BEFORE", 30)))


def _due(now, lead: timedelta) -> list[str]:
    """Participants whose reminder is due now: booked meeting still to start, its reminder time passed."""
    rows = (db.session.query(Participant.id, Meeting.starts_at, Meeting.booked_at)
            .join(Meeting, Participant.meeting_id == Meeting.id)
            .filter(Participant.reminded_at.is_(None), Participant.role.in_(tuple(ROLES)),
                    Participant.status.notin_(FINISHED_STATUSES),
                    Meeting.booked_at.isnot(None), Meeting.cancelled_at.is_(None), Meeting.completed_at.is_(None),
                    Meeting.starts_at > now, Meeting.starts_at <= now + lead)
            .order_by(Meeting.starts_at, Participant.position).all())
    return [pid for pid, starts_at, booked_at in rows if booked_at < starts_at - lead]


def send_due(now=None) -> int:
    """Queue every reminder that is due (each once) and return how many; the outbox sends them."""
    now, lead = now or utcnow(), lead_time()
    if not lead:
        return 0
    if db.session().in_transaction():
        due = _due(now, lead)
    else:
        with reading():  # on SQLite, no write lock for the usual answer: nothing due
            due = _due(now, lead)
    queued = 0
    for pid in due:
        won = db.session.execute(update(Participant).where(and_(Participant.id == pid, Participant.reminded_at.is_(None)))
                                 .values(reminded_at=now)).rowcount
        if won:
            participant = db.session.get(Participant, pid)
            meeting = participant.meeting
            notify_participant(meeting, participant, ROLES[participant.role], **personal_link(meeting, participant))
            queued += 1
        db.session.commit()
    return queued
