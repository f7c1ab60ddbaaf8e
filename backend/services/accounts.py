"""Admin accounts: sign-in, bearer tokens, organizers."""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from backend.core.errors import Forbidden, NotSignedIn, ValidationFailed, field_error
from backend.core.extensions import db
from backend.core.security.passwords import check_password, hash_password
from backend.core.security.tokens import new_token, token_digest
from backend.models import AdminUser, ApiToken
from backend.models.base import utcnow


def create_user(username: str, password: str, role: str, enterprise_id: str | None) -> AdminUser:
    """Create an account; usernames are unique."""
    username = username.strip()
    if not 2 <= len(username) <= 64:
        raise field_error("username", _l("用户名应为2–64个字符"))
    if len(password) < 8:
        raise field_error("password", _l("密码至少8位"))
    if AdminUser.query.filter_by(username=username).first():
        raise ValidationFailed(_l("用户名已被使用"), code="username_taken",
                               fields={"username": [_l("用户名已被使用")]})
    user = AdminUser(username=username, password_hash=hash_password(password), role=role,
                     enterprise_id=enterprise_id)
    db.session.add(user)
    db.session.flush()
    return user


def create_organizer(actor: AdminUser, username: str, password: str) -> AdminUser:
    """An enterprise admin adds an organizer to their own enterprise."""
    require_role(actor, "admin")
    user = create_user(username, password, "organizer", actor.enterprise_id)
    db.session.commit()
    return user


def authenticate(username: str, password: str) -> AdminUser:
    """Return the user for valid credentials; one message whatever was wrong."""
    user = AdminUser.query.filter_by(username=username.strip()).first()
    if not user or not user.active or not check_password(user.password_hash, password):
        raise NotSignedIn(_l("用户名或密码错误"), code="bad_credentials")
    return user


def issue_token(user: AdminUser) -> str:
    """Create an expiring, revocable bearer token."""
    token = new_token()
    ttl = timedelta(hours=current_app.config["TOKEN_TTL_HOURS"])
    db.session.add(ApiToken(user_id=user.id, token_hash=token_digest(token), expires_at=utcnow() + ttl))
    db.session.commit()
    return token


def user_for_token(token: str) -> AdminUser:
    """Resolve a bearer token, refusing expired or revoked ones."""
    row = ApiToken.query.filter_by(token_hash=token_digest(token)).first()
    if not row or row.revoked_at or row.expires_at <= utcnow() or not row.user.active:
        raise NotSignedIn(_l("登录已失效，请重新登录"), code="invalid_token")
    return row.user


def revoke_token(token: str) -> None:
    """Revoke a bearer token (sign out)."""
    row = ApiToken.query.filter_by(token_hash=token_digest(token)).first()
    if row and not row.revoked_at:
        row.revoked_at = utcnow()
        db.session.commit()


def require_role(actor: AdminUser, *roles: str) -> None:
    """Refuse actors whose role is not one of roles."""
    if actor.role not in roles:
        raise Forbidden(_l("您的角色无权执行此操作"))


def list_organizers(actor: AdminUser) -> list[AdminUser]:
    """The accounts of the actor's enterprise."""
    require_role(actor, "admin")
    return AdminUser.query.filter_by(enterprise_id=actor.enterprise_id).order_by(AdminUser.created_at).all()


def choose_language(user: AdminUser, language: str | None) -> AdminUser:
    """Set the language a user reads the admin pages and API messages in (None: the browser's)."""
    user.language = language
    db.session.commit()
    return user
