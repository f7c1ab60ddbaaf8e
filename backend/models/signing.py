"""What a signer submitted, the jobs that put it on the PDF, and the signer's sessions."""
from backend.core.extensions import db
from backend.models.base import UTCDateTime, created_column, id_column


class SignatureRecord(db.Model):
    __tablename__ = "signature"
    id = id_column()
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), nullable=False, index=True)
    participant_id = db.Column(db.String(16), db.ForeignKey("participant.id"), nullable=False, unique=True)
    idempotency_key = db.Column(db.String(100))
    handwriting_key = db.Column(db.String(200), nullable=False)
    seal_choices = db.Column(db.JSON, nullable=False)  # {control_id: seal_id}
    date_text = db.Column(db.String(40), nullable=False)
    channel = db.Column(db.String(16), nullable=False)
    verification_method = db.Column(db.String(32), nullable=False)
    ip = db.Column(db.String(64))
    user_agent = db.Column(db.String(300))
    signed_at = created_column()

    participant = db.relationship("Participant")


class SigningJob(db.Model):
    """One unit of PDF work; one document's jobs run one at a time, in order."""

    __tablename__ = "signing_job"
    id = id_column()
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), nullable=False, index=True)
    document_id = db.Column(db.String(16), db.ForeignKey("document.id"), index=True)
    participant_id = db.Column(db.String(16), db.ForeignKey("participant.id"))
    kind = db.Column(db.String(16), nullable=False)  # apply | finish
    status = db.Column(db.String(16), nullable=False, default="queued", index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    run_after = db.Column(UTCDateTime(), nullable=False)
    locked_by = db.Column(db.String(64))
    locked_until = db.Column(UTCDateTime())
    last_error = db.Column(db.Text)
    request_id = db.Column(db.String(64))  # of the request that queued the job: its log lines carry it too
    created_at = created_column()
    done_at = db.Column(UTCDateTime())


class SignerSession(db.Model):
    __tablename__ = "signer_session"
    id = id_column()
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    channel = db.Column(db.String(16), nullable=False)
    openid = db.Column(db.String(64))
    unionid = db.Column(db.String(64))
    participant_id = db.Column(db.String(16), db.ForeignKey("participant.id"))
    verification_method = db.Column(db.String(32))
    verified_at = db.Column(UTCDateTime())
    client_ip = db.Column(db.String(64))
    created_at = created_column()
    expires_at = db.Column(UTCDateTime(), nullable=False)


class OneTimeCode(db.Model):
    __tablename__ = "one_time_code"
    id = id_column()
    purpose = db.Column(db.String(32), nullable=False)  # signer | activation
    subject_id = db.Column(db.String(16), nullable=False, index=True)
    # The signer session or activation link that asked: only it may use the code.
    requester = db.Column(db.String(64), nullable=False, index=True, server_default="")
    wrong_tries = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    code_hash = db.Column(db.String(64), nullable=False)
    created_at = created_column()
    expires_at = db.Column(UTCDateTime(), nullable=False)
    used_at = db.Column(UTCDateTime())


class FailedAttempt(db.Model):
    __tablename__ = "failed_attempt"
    id = db.Column(db.Integer, primary_key=True, autoincrement=True)
    # session:<session id>:<participant id> (one session's tries on one scene) | participant:<id>
    # (tries that proved the phone but not the identity) | activation:<employee id>
    scope = db.Column(db.String(100), nullable=False, index=True)
    created_at = created_column()
