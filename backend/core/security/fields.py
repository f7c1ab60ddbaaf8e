"""AES-GCM encryption and keyed HMAC for personal data stored in the database."""
import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class FieldCipher:
    """Encrypts personal fields; the same SECRET_KEY always derives the same keys."""

    def __init__(self, secret_key: str):
        self._aead = AESGCM(self._derive(secret_key, b"signstage field encryption v1"))
        self._mac_key = self._derive(secret_key, b"signstage lookup hmac v1")

    @staticmethod
    def _derive(secret: str, info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode())

    def encrypt(self, plaintext: str) -> str:
        """Return base64(nonce || ciphertext)."""
        nonce = os.urandom(12)
        return base64.b64encode(nonce + self._aead.encrypt(nonce, plaintext.encode(), None)).decode()

    def decrypt(self, token: str) -> str:
        """Reverse encrypt()."""
        raw = base64.b64decode(token)
        return self._aead.decrypt(raw[:12], raw[12:], None).decode()

    def lookup(self, value: str) -> str:
        """Return a keyed HMAC of a normalised value, for equality search and uniqueness."""
        return hmac.new(self._mac_key, value.encode(), hashlib.sha256).hexdigest()
