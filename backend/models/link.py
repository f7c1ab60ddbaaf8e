"""Short links: the links an SMS carries, since Tencent allows only a short code as a template variable."""
from backend.core.extensions import db
from backend.models.base import created_column


class ShortLink(db.Model):
    __tablename__ = "short_link"
    code = db.Column(db.String(16), primary_key=True)
    target = db.Column(db.Text, nullable=False)
    created_at = created_column()
