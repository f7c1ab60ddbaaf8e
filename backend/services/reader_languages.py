"""The language of the person a link is for (a signer's QR code, an activation link, a signed-copy link).

Read-only and silent: an unknown or spent link has no language (None), and the page's API says what is
wrong with it later, in the request's language.
"""
from backend.core.security.tokens import token_digest
from backend.models import CopyLink, Employee, Participant


def _token_ok(token: str, longest: int) -> bool:
    return bool(token) and len(token) <= longest and token.isascii() and token.isalnum()


def scene_language(scene: str) -> str | None:
    """The language of the signer a QR code names."""
    if not _token_ok(scene, 64):
        return None
    participant = Participant.query.filter_by(scene_token=scene).first()
    return participant.language if participant else None


def activation_language(token: str) -> str | None:
    """The language of the employee an activation link invites: theirs, else their enterprise's."""
    if not token or len(token) > 128:
        return None
    employee = Employee.query.filter_by(activation_token_hash=token_digest(token)).first()
    return (employee.language or employee.enterprise.language) if employee else None


def copy_language(token: str) -> str | None:
    """The language of the signer a signed-copy link was sent to."""
    if not _token_ok(token, 64):
        return None
    link = CopyLink.query.filter_by(token_hash=token_digest(token)).first()
    return link.participant.language if link else None
