"""The append-only, hash-chained audit log and the notification outbox."""
from backend.core.extensions import db
from backend.models.base import UTCDateTime, created_column, id_column


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (db.UniqueConstraint("meeting_id", "seq", name="uq_audit_event_meeting_seq"),)
    # An integer id doubles as the Server-Sent Events id: it only grows.
    id = db.Column(db.Integer, primary_key=True, autoincrement=True)
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), nullable=False, index=True)
    seq = db.Column(db.Integer, nullable=False)
    kind = db.Column(db.String(40), nullable=False)
    data = db.Column(db.JSON, nullable=False)
    actor = db.Column(db.String(100))
    ip = db.Column(db.String(64))
    channel = db.Column(db.String(16))
    created_at = created_column()
    prev_hash = db.Column(db.String(64), nullable=False)
    hash = db.Column(db.String(64), nullable=False)


class Notification(db.Model):
    __tablename__ = "notification"
    id = id_column()
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), index=True)
    participant_id = db.Column(db.String(16), db.ForeignKey("participant.id"))
    employee_id = db.Column(db.String(16), db.ForeignKey("employee.id"))
    channel = db.Column(db.String(16), nullable=False, default="sms")
    to_enc = db.Column(db.Text, nullable=False)
    to_masked = db.Column(db.String(20), nullable=False)
    template = db.Column(db.String(40), nullable=False)
    params = db.Column(db.JSON, nullable=False)
    text = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(16), nullable=False, default="queued", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(UTCDateTime(), nullable=False)
    last_error = db.Column(db.String(300))
    sent_at = db.Column(UTCDateTime())
    created_at = created_column()
