"""The audit chain's public half: the canonical bytes of an event and the SHA-256 digest chain over them.

Each event's canonical bytes are also what its keyed link (the HMAC in services/audit.py) covers; the
digest adds no secret, so anyone holding the events can recompute it. What makes it evidence is that the
platform signs the digest at each checkpoint (backend.lib.attestation.statements, version 2).
"""
import hashlib
import json

GENESIS = "0" * 64
# The events whose chain head the platform seals, and the reason the checkpoint gives.
SEALED_KINDS = {"meeting_booked": "booked", "signed": "signed", "completed": "completed"}


def canonical_event(meeting_id: str, seq: int, kind: str, data: dict, actor: str | None, ip: str | None,
                    channel: str | None, created_at: str, prev_hash: str) -> bytes:
    """The bytes an event's link and digest cover: a JSON array, keys sorted, no spaces, UTF-8.

    created_at is the event's time as ISO 8601 text (Python's isoformat of an aware UTC time).
    """
    return json.dumps([meeting_id, seq, kind, data, actor, ip, channel, created_at, prev_hash],
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def public_digest(prev_digest: str, canonical: bytes) -> str:
    """SHA-256 of the previous digest (64 hex characters, ASCII) followed by the canonical bytes, lowercase hex."""
    return hashlib.sha256(prev_digest.encode("ascii") + canonical).hexdigest()
