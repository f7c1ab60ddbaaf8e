"""The append-only, hash-chained audit log, its platform-signed checkpoints, and the notification outbox."""
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
    # The public chain: SHA-256 over the previous digest and the same canonical bytes (lib/evidence/chain.py).
    # Always written by audit.record(); empty only where migration 19c3d4e5f6a7 found a chain that did not check.
    digest = db.Column(db.String(64))


class AuditCheckpoint(db.Model):
    """The platform's signature over a chain's head at a moment that matters (booking, a signature, completion).

    A writer who holds SECRET_KEY can recompute every link, but not these signatures: the sealed past stays put.
    """

    __tablename__ = "audit_checkpoint"
    __table_args__ = (db.UniqueConstraint("meeting_id", "seq", name="uq_audit_checkpoint_meeting_seq"),)
    id = db.Column(db.Integer, primary_key=True, autoincrement=True)
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), nullable=False, index=True)
    seq = db.Column(db.Integer, nullable=False)  # the event whose hash is sealed
    head = db.Column(db.String(64), nullable=False)
    digest = db.Column(db.String(64))  # the sealed event's public digest (statement v2); empty in v1 checkpoints
    reason = db.Column(db.String(16), nullable=False)
    created_at = created_column()
    signature = db.Column(db.Text, nullable=False)  # base64 of the platform key's signature of the statement
    certificate_serial = db.Column(db.String(40), nullable=False)  # hex: finds a renewed certificate's predecessor
    certificate_sha256 = db.Column(db.String(64), nullable=False)
    timestamp_token = db.Column(db.Text)  # base64 DER of an RFC 3161 token over the signature, with TSA_URL


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
    # The sender that claimed the message (status "sending") and until when; see services/outbox.py.
    claimed_by = db.Column(db.String(120))
    claimed_until = db.Column(UTCDateTime())
    provider_id = db.Column(db.String(64))  # Tencent's SerialNo
    provider_answer = db.Column(db.JSON)
    created_at = created_column()
