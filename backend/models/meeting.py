"""Signing meetings, their participants, documents and the controls placed on them."""
from datetime import timedelta

from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property

from backend.core.extensions import db
from backend.models.base import UTCDateTime, created_column, id_column, utcnow
from backend.models.status import first_match, is_set, is_unset

MEETING_STATUSES = ("draft", "scheduled", "in_progress", "completed", "expired", "cancelled")
PARTICIPANT_ROLES = ("host", "signer", "observer")
CONTROL_KINDS = ("seal", "signature", "date")
SIGNING_OPENS_BEFORE = timedelta(minutes=30)
# Booked, neither sealed, cancelled nor over: signers may still sign.
OPEN_STATUSES = ("scheduled", "in_progress")
# A signer with nothing more to do.
FINISHED_STATUSES = ("signed", "declined")


class Meeting(db.Model):
    __tablename__ = "meeting"
    id = id_column()
    enterprise_id = db.Column(db.String(16), db.ForeignKey("enterprise.id"), nullable=False, index=True)
    created_by_id = db.Column(db.String(16), db.ForeignKey("admin_user.id"))
    name = db.Column(db.String(60), nullable=False)
    starts_at = db.Column(UTCDateTime(), nullable=False)
    ends_at = db.Column(UTCDateTime(), nullable=False)
    layout = db.Column(db.JSON)
    result_token = db.Column(db.String(32), unique=True)
    host_token = db.Column(db.String(32), unique=True)
    # The video meeting (Tencent Meeting, ...) the ceremony runs in: every notice carries it.
    video_url = db.Column(db.String(500))
    # A rehearsal runs the whole ceremony but makes no contract: watermarked PDFs, the rehearsal certificate.
    rehearsal = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # The big screen's, the audit trail's and the poster's language: zh, en or bilingual (both, stacked).
    screen_language = db.Column(db.String(9), nullable=False, default="zh", server_default="zh")
    # The organizer may let signers type their name (drawn in a handwriting font) instead of writing it.
    allow_typed_signature = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # Head of the audit hash chain; bumping it serialises appends per meeting.
    audit_seq = db.Column(db.Integer, nullable=False, default=0)
    audit_head = db.Column(db.String(64), nullable=False, default="0" * 64)
    audit_digest = db.Column(db.String(64), nullable=False, default="0" * 64, server_default="0" * 64)  # public chain's head
    audit_pdf_key = db.Column(db.String(200))
    audit_pdf_sha256 = db.Column(db.String(64), index=True)
    booked_at = db.Column(UTCDateTime())
    completed_at = db.Column(UTCDateTime())
    cancelled_at = db.Column(UTCDateTime())
    created_at = created_column()

    enterprise = db.relationship("Enterprise")
    participants = db.relationship("Participant", back_populates="meeting", order_by="Participant.position",
                                   cascade="all, delete-orphan")
    documents = db.relationship("Document", back_populates="meeting", order_by="Document.position",
                                cascade="all, delete-orphan")
    counterparties = db.relationship("Counterparty", back_populates="meeting", order_by="Counterparty.invited_at",
                                     cascade="all, delete-orphan")

    @hybrid_method
    def status_at(self, now):
        """draft, scheduled, in_progress, completed (sealed), expired or cancelled at a moment."""
        return first_match([(is_set(self.cancelled_at), "cancelled"), (is_set(self.completed_at), "completed"),
                            (is_unset(self.booked_at), "draft"), (self.ends_at <= now, "expired"),
                            (self.starts_at <= now, "in_progress")], "scheduled")

    @hybrid_property
    def status(self):
        """The status now."""
        return self.status_at(utcnow())

    @property
    def signing_opens_at(self):
        """When signers may begin: 30 minutes before the start."""
        return self.starts_at - SIGNING_OPENS_BEFORE

    def signing_open_at(self, now) -> bool:
        """Signing runs from 30 minutes before the start until the end of a booked meeting not yet sealed."""
        return self.status_at(now) in OPEN_STATUSES and now >= self.signing_opens_at

    @property
    def signing_open(self) -> bool:
        """Whether a signer may sign now."""
        return self.signing_open_at(utcnow())


class Participant(db.Model):
    __tablename__ = "participant"
    id = id_column()
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    role = db.Column(db.String(16), nullable=False)
    name = db.Column(db.String(50), nullable=False)
    title = db.Column(db.String(50))  # 职务, shown under the name on the big screen
    # Their SMS and signer pages speak it; defaults to the employee's, else their enterprise's.
    language = db.Column(db.String(2), nullable=False, default="zh", server_default="zh")
    id_type = db.Column(db.String(24), nullable=False, default="resident_id", server_default="resident_id")
    id_country = db.Column(db.String(2))  # a passport's issuing country (ISO 3166 alpha-2)
    id_number_enc = db.Column(db.Text)
    id_number_hmac = db.Column(db.String(64))
    phone_enc = db.Column(db.Text, nullable=False)
    phone_hmac = db.Column(db.String(64), nullable=False)
    enterprise_name = db.Column(db.String(100), nullable=False)
    enterprise_id = db.Column(db.String(16), db.ForeignKey("enterprise.id"))
    employee_id = db.Column(db.String(16), db.ForeignKey("employee.id"))
    # Set when the counterparty's own admin picked this person from their registry.
    counterparty_id = db.Column(db.String(16), db.ForeignKey("counterparty.id"), index=True)
    scene_token = db.Column(db.String(32), unique=True)
    notified_at = db.Column(UTCDateTime())
    reminded_at = db.Column(UTCDateTime())  # set when the one reminder before the start was queued
    verified_at = db.Column(UTCDateTime())
    signed_at = db.Column(UTCDateTime())
    declined_at = db.Column(UTCDateTime())
    decline_reason = db.Column(db.String(200))
    created_at = created_column()

    meeting = db.relationship("Meeting", back_populates="participants")
    enterprise = db.relationship("Enterprise")
    employee = db.relationship("Employee")
    counterparty = db.relationship("Counterparty", back_populates="participants")

    @hybrid_property
    def status(self):
        """pending, notified, verified, signed or declined, from the participant's timestamps."""
        return first_match([(is_set(self.declined_at), "declined"), (is_set(self.signed_at), "signed"),
                            (is_set(self.verified_at), "verified"), (is_set(self.notified_at), "notified")],
                           "pending")


class Counterparty(db.Model):
    """An enterprise the organizer invited to name its own signers and observers for a meeting."""
    __tablename__ = "counterparty"
    __table_args__ = (db.UniqueConstraint("meeting_id", "enterprise_id", name="uq_counterparty_meeting_enterprise"),)
    id = id_column()
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), nullable=False, index=True)
    enterprise_id = db.Column(db.String(16), db.ForeignKey("enterprise.id"), nullable=False, index=True)
    invited_by_id = db.Column(db.String(16), db.ForeignKey("admin_user.id"))
    invited_at = db.Column(UTCDateTime(), nullable=False, default=utcnow)
    created_at = created_column()

    meeting = db.relationship("Meeting", back_populates="counterparties")
    enterprise = db.relationship("Enterprise")
    participants = db.relationship("Participant", back_populates="counterparty", order_by="Participant.position")


class Document(db.Model):
    __tablename__ = "document"
    id = id_column()
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    filename = db.Column(db.String(200), nullable=False)
    sha256 = db.Column(db.String(64), nullable=False)
    page_count = db.Column(db.Integer, nullable=False)
    pages = db.Column(db.JSON, nullable=False)
    original_key = db.Column(db.String(200), nullable=False)
    prepared_key = db.Column(db.String(200))
    current_key = db.Column(db.String(200))
    current_sha256 = db.Column(db.String(64))
    revision = db.Column(db.Integer, nullable=False, default=0)
    # A lease, not a held row lock: one signing job per document, without a transaction open while it signs.
    job_locked_by = db.Column(db.String(100))
    job_locked_until = db.Column(UTCDateTime())
    final_sha256 = db.Column(db.String(64))
    created_at = created_column()

    meeting = db.relationship("Meeting", back_populates="documents")
    controls = db.relationship("Control", back_populates="document", order_by="Control.position",
                               cascade="all, delete-orphan")


class Control(db.Model):
    __tablename__ = "control"
    id = id_column()
    document_id = db.Column(db.String(16), db.ForeignKey("document.id"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    page = db.Column(db.Integer, nullable=False)
    x = db.Column(db.Float, nullable=False)
    y = db.Column(db.Float, nullable=False)
    w = db.Column(db.Float, nullable=False)
    h = db.Column(db.Float, nullable=False)
    kind = db.Column(db.String(16), nullable=False)
    participant_id = db.Column(db.String(16), db.ForeignKey("participant.id"), nullable=False, index=True)

    document = db.relationship("Document", back_populates="controls")
    participant = db.relationship("Participant")

    @property
    def field_name(self) -> str:
        return f"{self.kind}_{self.id}"
