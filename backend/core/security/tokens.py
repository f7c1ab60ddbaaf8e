"""Random tokens: bearer tokens are stored only as their SHA-256."""
import hashlib
import secrets
import string

_ALNUM = string.ascii_letters + string.digits


def new_token() -> str:
    """Return a fresh bearer token."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256 of a token, the only form that is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def alnum_token(length: int = 24) -> str:
    """Return an unguessable token of [0-9A-Za-z] (fits WeChat's 32-character scene)."""
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


def numeric_code(digits: int = 6) -> str:
    """Return a one-time numeric code."""
    return "".join(secrets.choice(string.digits) for _ in range(digits))
