"""Platform operators, enterprise admins and organizers, and their API tokens."""
from backend.core.extensions import db
from backend.models.base import UTCDateTime, created_column, id_column

ROLES = ("operator", "admin", "organizer")


class AdminUser(db.Model):
    __tablename__ = "admin_user"
    id = id_column()
    username = db.Column(db.String(64), nullable=False, unique=True)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(16), nullable=False)
    enterprise_id = db.Column(db.String(16), db.ForeignKey("enterprise.id"), index=True)
    active = db.Column(db.Boolean, nullable=False, default=True)
    language = db.Column(db.String(2))  # None: follow the browser's Accept-Language
    created_at = created_column()

    enterprise = db.relationship("Enterprise")


class ApiToken(db.Model):
    __tablename__ = "api_token"
    id = id_column()
    user_id = db.Column(db.String(16), db.ForeignKey("admin_user.id"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    created_at = created_column()
    expires_at = db.Column(UTCDateTime(), nullable=False)
    revoked_at = db.Column(UTCDateTime())

    user = db.relationship("AdminUser")
