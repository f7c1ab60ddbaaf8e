"""CSRF checks for writes authenticated by the admin pages' cookie session (Flask-WTF)."""
from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from backend.core.errors import Forbidden
from backend.core.extensions import csrf

MESSAGE = _l("页面已过期或请求来源不明（CSRF校验失败），请刷新页面后重试")


def require_csrf_token() -> None:
    """Refuse a write that lacks this session's CSRF token (form field or X-CSRF-Token header)."""
    try:
        csrf.protect()
    except CSRFError:
        raise Forbidden(MESSAGE, code="csrf_failed") from None


def forget_cached_token() -> None:
    """Drop Flask-WTF's per-request token cache, kept on g.

    g outlives a request where an outer app context stays pushed (tests, CLI): a token cached for
    an earlier session would be rendered into this one's forms.
    """
    g.pop("csrf_token", None)
