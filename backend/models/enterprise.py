"""Enterprises, their registered employees, seals and seal grants."""
from backend.core.extensions import db
from backend.models.base import UTCDateTime, created_column, id_column

SIGNING_STATUSES = ("none", "pending", "approved", "rejected")
EMPLOYEE_STATUSES = ("invited", "active", "disabled")
SEAL_KINDS = ("official", "contract", "finance", "personnel", "invoice", "other")


class Enterprise(db.Model):
    __tablename__ = "enterprise"
    id = id_column()
    name = db.Column(db.String(100), nullable=False, unique=True)
    credit_code = db.Column(db.String(18), nullable=False, unique=True)
    signing_status = db.Column(db.String(16), nullable=False, default="none")
    # Its people's language unless they choose otherwise: SMS, signer pages (zh or en).
    language = db.Column(db.String(2), nullable=False, default="zh", server_default="zh")
    signing_contact_name = db.Column(db.String(50))
    signing_contact_phone_enc = db.Column(db.Text)
    signing_reason = db.Column(db.String(200))
    signing_applied_at = db.Column(UTCDateTime())
    signing_decided_at = db.Column(UTCDateTime())
    created_at = created_column()


class Employee(db.Model):
    __tablename__ = "employee"
    __table_args__ = (
        db.UniqueConstraint("enterprise_id", "id_number_hmac", name="uq_employee_enterprise_id_number"),
    )
    id = id_column()
    enterprise_id = db.Column(db.String(16), db.ForeignKey("enterprise.id"), nullable=False, index=True)
    name = db.Column(db.String(50), nullable=False)
    # The identity document (lib/identity/documents.py); a passport also names its issuing country.
    id_type = db.Column(db.String(24), nullable=False, default="resident_id", server_default="resident_id")
    id_country = db.Column(db.String(2))
    id_number_enc = db.Column(db.Text, nullable=False)
    id_number_hmac = db.Column(db.String(64), nullable=False, index=True)
    phone_enc = db.Column(db.Text, nullable=False)
    phone_hmac = db.Column(db.String(64), nullable=False, index=True)
    language = db.Column(db.String(2))  # None: the enterprise's
    status = db.Column(db.String(16), nullable=False, default="invited")
    openid = db.Column(db.String(64), unique=True)
    activation_token_hash = db.Column(db.String(64), unique=True)
    invited_at = db.Column(UTCDateTime())
    activated_at = db.Column(UTCDateTime())
    created_at = created_column()

    enterprise = db.relationship("Enterprise")


class Seal(db.Model):
    __tablename__ = "seal"
    id = id_column()
    enterprise_id = db.Column(db.String(16), db.ForeignKey("enterprise.id"), nullable=False, index=True)
    name = db.Column(db.String(50), nullable=False)
    kind = db.Column(db.String(16), nullable=False)
    source = db.Column(db.String(16), nullable=False)  # generated | uploaded
    image_key = db.Column(db.String(200), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_at = created_column()

    enterprise = db.relationship("Enterprise")


class SealGrant(db.Model):
    __tablename__ = "seal_grant"
    id = id_column()
    seal_id = db.Column(db.String(16), db.ForeignKey("seal.id"), nullable=False, index=True)
    employee_id = db.Column(db.String(16), db.ForeignKey("employee.id"), nullable=False, index=True)
    expires_at = db.Column(UTCDateTime())
    revoked_at = db.Column(UTCDateTime())
    created_at = created_column()

    seal = db.relationship("Seal")
    employee = db.relationship("Employee")
