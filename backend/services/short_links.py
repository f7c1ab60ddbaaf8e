"""Short links of ours (`/l/<code>`): an SMS variable may hold a short code, never a URL (Tencent's rule)."""
import secrets
import string

from flask import current_app

from backend.core.extensions import db
from backend.lib.sms.templates import SHORT_CODE_LENGTH
from backend.models import ShortLink

ALPHABET = string.digits + string.ascii_letters


def new_code() -> str:
    """A random code of [0-9A-Za-z] (62^8 codes: guessing one is as hard as guessing a 47-bit key)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def shorten(target: str) -> ShortLink:
    """Add a short link to `target` in the current transaction."""
    code = new_code()
    while db.session.get(ShortLink, code) is not None:
        code = new_code()
    link = ShortLink(code=code, target=target)
    db.session.add(link)
    return link


def short_url(code: str) -> str:
    """The full short URL of a code."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/l/{code}"


def target_of(code: str) -> str | None:
    """Where a short code leads, or None when no such code exists."""
    if not (len(code) == SHORT_CODE_LENGTH and code.isascii() and code.isalnum()):
        return None
    link = db.session.get(ShortLink, code)
    return link.target if link else None
