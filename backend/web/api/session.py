"""Who is calling: bearer tokens (a login's, or an API key) for the API, the cookie session for admin pages."""
from flask import request, session
from flask_babel import lazy_gettext as _l

from backend.core.errors import NotSignedIn
from backend.core.extensions import db
from backend.models import AdminUser
from backend.services import api_keys
from backend.services.accounts import user_for_token
from backend.web.csrf import require_csrf_token
from backend.web.languages import use_language

# What a read-scope API key may send.
READING_METHODS = ("GET", "HEAD", "OPTIONS")


def bearer_token() -> str | None:
    """The token from `Authorization: Bearer ...`, if any."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def current_actor() -> AdminUser:
    """The signed-in admin user, by bearer token, API key or admin-page session; else 401."""
    # Cached on the request, not on g: g outlives requests when an app context is reused.
    if "signstage.actor" in request.environ:
        return request.environ["signstage.actor"]
    token = bearer_token()
    user = None
    if token and api_keys.is_api_key(token):
        user = api_keys.authenticate(token, writing=request.method not in READING_METHODS)
    elif token:
        user = user_for_token(token)
    elif session.get("user_id"):
        user = db.session.get(AdminUser, session["user_id"])
        if user and not user.active:
            user = None
        # A cookie rides along with forged cross-site requests; a header cannot.
        if user:
            require_csrf_token()
    if user is None:
        raise NotSignedIn(_l("请先登录"))
    request.environ["signstage.actor"] = user
    use_language(getattr(user, "language", None))  # an API key's actor has no language of its own
    return user
