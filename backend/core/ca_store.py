"""The configured platform CA's records in the object store, so every node sees the same registry and credentials."""
import contextlib
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from backend.core.storage import Store

PREFIX = "ca"


class StoreRecords:
    """CaRecords in a Store: ca/issued/<serial>.pem in the clear, ca/credentials/<stem>.bin sealed with SECRET_KEY.

    A credential's certificate and key are one object, so a reader never pairs one node's key with another
    node's certificate. Two nodes renewing at once both issue; the last write wins and both certificates
    stay in the registry, so whatever either signed still verifies. No lock is needed for that.
    """

    def __init__(self, store: Store, secret_key: str):
        self.store = store
        # Its own HKDF label: unrelated to the keys SECRET_KEY derives for fields and the audit chain.
        self._aead = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                                 info=b"signstage ca credentials v1").derive(secret_key.encode()))

    def lock(self):
        """Nothing to hold: see the class docstring."""
        return contextlib.nullcontext()

    def issued(self, serial_hex: str) -> bytes | None:
        """The registry entry, or None."""
        return self.store.find(f"{PREFIX}/issued/{serial_hex}.pem")

    def record_issued(self, serial_hex: str, cert_pem: bytes) -> None:
        """Keep a certificate by serial."""
        self.store.write(f"{PREFIX}/issued/{serial_hex}.pem", cert_pem)

    def credential(self, stem: str) -> tuple[bytes, bytes] | None:
        """The credential, or None when it is missing or sealed with another SECRET_KEY (then it is re-issued)."""
        blob = self.store.find(self._key(stem))
        if blob is None or len(blob) < 13:
            return None
        try:
            plain = json.loads(self._aead.decrypt(blob[:12], blob[12:], stem.encode()))
        except (InvalidTag, ValueError):
            return None
        return plain["certificate"].encode(), plain["key"].encode()

    def save_credential(self, stem: str, cert_pem: bytes, key_pem: bytes) -> None:
        """Seal certificate and key together (AES-GCM; the stem is bound in as associated data)."""
        nonce = os.urandom(12)
        plain = json.dumps({"certificate": cert_pem.decode(), "key": key_pem.decode()}).encode()
        self.store.write(self._key(stem), nonce + self._aead.encrypt(nonce, plain, stem.encode()))

    def forget_credential(self, stem: str) -> None:
        """Delete the credential."""
        self.store.delete(self._key(stem))

    @staticmethod
    def _key(stem: str) -> str:
        return f"{PREFIX}/credentials/{stem}.bin"
