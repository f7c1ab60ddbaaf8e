"""Who is signed in to the admin pages, the CSRF check of their forms, and role guards."""
from functools import wraps

from flask import abort, redirect, request, session, url_for
from flask_babel import gettext as _

from backend.core.extensions import db
from backend.models import AdminUser
from backend.web.admin import blp
from backend.web.csrf import require_csrf_token
from backend.web.languages import use_language

# The pages each role may open, in nav order; the home page sends a user to the first.
ROLE_HOME = {"operator": "admin.enterprises", "admin": "admin.employees", "organizer": "admin.meetings"}


def current_user() -> AdminUser | None:
    """The signed-in, active admin user of this request, if any."""
    # Cached on the request, not on g: g outlives requests when an app context is reused.
    if "signstage.admin_user" not in request.environ:
        user = db.session.get(AdminUser, session["user_id"]) if session.get("user_id") else None
        user = user if user is not None and user.active else None
        request.environ["signstage.admin_user"] = user
        if user is not None:
            use_language(user.language)  # their choice beats the browser's; None keeps Accept-Language
    return request.environ["signstage.admin_user"]


@blp.before_request
def _load_user():
    # Before anything is rendered or flashed, so every string of the page follows the user's language.
    current_user()


@blp.before_request
def _check_csrf():
    # Cookies ride along with forged cross-site form posts; the hidden token cannot.
    require_csrf_token()


@blp.context_processor
def _inject_user():
    return {"current_user": current_user()}


def roles_required(*roles: str):
    """Let only signed-in users with one of roles in; others go to sign-in or get 403."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
            if user.role not in roles:
                abort(403, description=_("您的角色无权访问此页面。"))
            return view(*args, **kwargs)
        return wrapper
    return decorate
