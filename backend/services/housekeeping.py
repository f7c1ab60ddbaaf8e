"""The worker's upkeep: old one-time codes, failure counters and signer sessions deleted once they count for nothing."""
import time
from datetime import timedelta

from sqlalchemy import delete

from backend.core.extensions import db
from backend.models import SignerSession
from backend.models.base import utcnow
from backend.services import attempts, otp

EVERY_SECONDS = 600
SESSIONS_KEPT = timedelta(days=2)
_last_run = [0.0]


def purge(now=None) -> dict:
    """Delete what has expired; returns how many rows of each kind went."""
    now = now or utcnow()
    gone = {"codes": otp.purge(now), "attempts": attempts.purge(now),
            "sessions": db.session.execute(delete(SignerSession)
                                           .where(SignerSession.expires_at < now - SESSIONS_KEPT)).rowcount or 0}
    db.session.commit()
    return gone


def purge_if_due() -> None:
    """Purge, at most every EVERY_SECONDS (called on each tick of the job worker's loop)."""
    if time.monotonic() - _last_run[0] >= EVERY_SECONDS:
        _last_run[0] = time.monotonic()
        purge()
