"""API keys: an enterprise admin's credentials for other systems, acting as the enterprise's organizer.

A key is `ssk_live_<id part>_<secret>`: the prefix (`ssk_live_` and the id part) is stored and shown in
lists, the whole key only as its SHA-256, compared in constant time. A read key may only GET (and
HEAD); a write key may do whatever an organizer may. Revoking takes effect on the next request.
"""
import hashlib
import hmac
import re
import secrets
import string
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update

from backend.core.errors import Forbidden, NotFound, NotSignedIn, field_error
from backend.core.extensions import db
from backend.models import AdminUser, ApiKey, Enterprise
from backend.models.base import utcnow
from backend.models.integration import API_KEY_SCOPES
from backend.services.accounts import require_role

PREFIX = "ssk_live_"
ID_PART_LENGTH = 12
_ID_ALPHABET = string.ascii_lowercase + string.digits
_SECRET_ALPHABET = string.ascii_letters + string.digits
_KEY = re.compile(rf"^({re.escape(PREFIX)}[a-z0-9]{{{ID_PART_LENGTH}}})_([A-Za-z0-9_-]{{43}})$")
# Last use is written at most this often per key: a busy integration's reads stay reads.
LAST_USE_RESOLUTION = timedelta(minutes=1)
INVALID = _l("API密钥无效或已撤销")


@dataclass(frozen=True)
class KeyActor:
    """Who acts when an API key calls: the enterprise's organizer role, named after the key in the audit trail."""

    id: str  # the admin who issued the key: what the key creates names them as its creator
    username: str
    enterprise_id: str
    key_id: str
    scope: str
    role: str = "organizer"
    active: bool = True

    @property
    def enterprise(self) -> Enterprise:
        return db.session.get(Enterprise, self.enterprise_id)


def is_api_key(token: str) -> bool:
    """Whether a bearer token is meant as an API key (it carries the prefix)."""
    return token.startswith(PREFIX)


def digest(key: str) -> str:
    """SHA-256 of a key, the only form that is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(actor: AdminUser, name: str, scope: str) -> tuple[ApiKey, str]:
    """An enterprise admin makes a key; returns the row and the key, which is never shown again."""
    require_role(actor, "admin")
    name = (name or "").strip()
    if not 1 <= len(name) <= 60:
        raise field_error("name", _l("名称应为1–60个字符"))
    if scope not in API_KEY_SCOPES:
        raise field_error("scope", _l("权限应为 read 或 write"))
    prefix = PREFIX + "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_PART_LENGTH))
    # Letters and digits only (43 of them: 256 bits): the prefix is then everything before the last "_".
    key = f"{prefix}_{''.join(secrets.choice(_SECRET_ALPHABET) for _ in range(43))}"
    row = ApiKey(enterprise_id=actor.enterprise_id, created_by_id=actor.id, name=name, scope=scope, prefix=prefix,
                 key_hash=digest(key))
    db.session.add(row)
    db.session.commit()
    return row, key


def list_keys(actor: AdminUser) -> list[ApiKey]:
    """The enterprise's keys, revoked ones too, newest first."""
    require_role(actor, "admin")
    return (ApiKey.query.filter_by(enterprise_id=actor.enterprise_id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id).all())


def revoke_key(actor: AdminUser, key_id: str) -> ApiKey:
    """Revoke one of the enterprise's keys (again: nothing changes)."""
    require_role(actor, "admin")
    row = db.session.get(ApiKey, key_id)
    if row is None or row.enterprise_id != actor.enterprise_id:
        raise NotFound(_l("API密钥不存在"))
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.commit()
    return row


def authenticate(key: str, *, writing: bool) -> KeyActor:
    """The actor for a live key; 401 for an unknown or revoked one, 403 when a read key would write."""
    match = _KEY.fullmatch(key)
    row = ApiKey.query.filter_by(prefix=match.group(1)).first() if match else None
    # The digest comparison takes the same time whatever the stored digest: it reveals nothing of it.
    if row is None or not hmac.compare_digest(row.key_hash, digest(key)) or row.revoked_at is not None:
        raise NotSignedIn(INVALID, code="invalid_api_key")
    if writing and row.scope != "write":
        raise Forbidden(_l("只读API密钥不能修改数据"), code="api_key_read_only")
    # The audit chain records this once for readers of either language: "API", the key's name and its prefix.
    actor = KeyActor(id=row.created_by_id, username=f"API {row.name} ({row.prefix})"[:100],
                     enterprise_id=row.enterprise_id, key_id=row.id, scope=row.scope)
    _record_use(row.id)
    return actor


def _record_use(key_id: str) -> None:
    now = utcnow()
    stale = or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= now - LAST_USE_RESOLUTION)
    if db.session.execute(update(ApiKey).where(ApiKey.id == key_id, stale).values(last_used_at=now)
                          .execution_options(synchronize_session=False)).rowcount:
        # Its own commit: a request that only reads commits nothing, and its last use must still show.
        db.session.commit()
