"""Signed-copy links: what a signer's completion SMS opens, and the short access a proven phone gets."""
from backend.core.extensions import db
from backend.models.base import UTCDateTime, created_column, id_column


class CopyLink(db.Model):
    """One signer's link to their signed copy of a completed contract; it expires (COPY_LINK_DAYS)."""

    __tablename__ = "copy_link"
    id = id_column()
    meeting_id = db.Column(db.String(16), db.ForeignKey("meeting.id"), nullable=False, index=True)
    participant_id = db.Column(db.String(16), db.ForeignKey("participant.id"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    # The phone the link was sent to: its code goes there and nowhere else, whoever opens the link.
    phone_enc = db.Column(db.Text, nullable=False)
    phone_hmac = db.Column(db.String(64), nullable=False)
    expires_at = db.Column(UTCDateTime(), nullable=False)
    # Proving the phone opens the copy for a while to one bearer token (the newest proof wins).
    access_hash = db.Column(db.String(64), unique=True)
    access_expires_at = db.Column(UTCDateTime())
    created_at = created_column()

    meeting = db.relationship("Meeting")
    participant = db.relationship("Participant")
