"""The audit chain's link key: HMAC-SHA256 derived from SECRET_KEY, never stored in the database."""
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Its own HKDF label: the same SECRET_KEY derives unrelated keys for fields, lookups and the chain.
INFO = b"signstage audit chain v1"


class AuditKey:
    """Keys the links of every meeting's audit chain; a database writer without SECRET_KEY cannot forge one."""

    def __init__(self, secret_key: str):
        self._key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret_key.encode())

    def link(self, canonical: bytes) -> str:
        """HMAC-SHA256 of an event's canonical form, lowercase hex."""
        return hmac.new(self._key, canonical, hashlib.sha256).hexdigest()

    def matches(self, canonical: bytes, link: str) -> bool:
        """True when `link` is this key's link of `canonical` (compared in constant time)."""
        return hmac.compare_digest(self.link(canonical), link or "")
