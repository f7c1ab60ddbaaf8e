"""Statements signed by a certificate's key: anyone holding the certificate PEM can check them."""
import hashlib
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from backend.lib.attestation.errors import AttestationError

CHECKPOINT_TYPE = "signstage.audit.checkpoint"


def canonical(values: dict) -> bytes:
    """The one byte form of a statement: JSON with sorted keys, no spaces, UTF-8."""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_statement(meeting_id: str, seq: int, head: str, reason: str, created_at: str,
                         digest: str | None = None) -> bytes:
    """The statement a checkpoint signs: at created_at, event `seq` of the meeting's chain had hash `head`.

    Version 2 (with `digest`) also names the event's public SHA-256 digest, which anyone can recompute from
    the events (backend.lib.evidence.chain); version 1 (no digest) sealed the keyed hash alone. The type
    tag keeps a checkpoint signature from being read as any other statement of the same key.
    """
    values = {"type": CHECKPOINT_TYPE, "v": 1, "meeting_id": meeting_id, "seq": seq, "head": head,
              "reason": reason, "created_at": created_at}
    if digest is not None:
        values.update(v=2, digest=digest)
    return canonical(values)


def sign_statement(key_pem: bytes, statement: bytes) -> bytes:
    """Sign with a PEM private key: ECDSA-SHA256 (DER), RSA PKCS#1 v1.5 SHA-256, or Ed25519."""
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise AttestationError(f"The signing key cannot be read: {exc}") from None
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(statement, ec.ECDSA(hashes.SHA256()))
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(statement, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(statement)
    raise AttestationError(f"Keys of type {type(key).__name__} cannot sign statements")


def verify_statement(cert_pem: bytes, statement: bytes, signature: bytes) -> bool:
    """True when `signature` over `statement` was made by the key of the certificate in cert_pem."""
    public_key = load_certificate(cert_pem).public_key()
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, statement, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, statement, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(public_key, ed25519.Ed25519PublicKey):
            public_key.verify(signature, statement)
        else:
            return False
    except InvalidSignature:
        return False
    return True


def load_certificate(cert_pem: bytes) -> x509.Certificate:
    """Parse a PEM certificate, with a library error for junk."""
    try:
        return x509.load_pem_x509_certificate(cert_pem)
    except ValueError as exc:
        raise AttestationError(f"Not a PEM certificate: {exc}") from None


def certificate_sha256(cert_pem: bytes) -> str:
    """SHA-256 fingerprint of the certificate's DER, lowercase hex (what browsers and openssl show)."""
    return hashlib.sha256(load_certificate(cert_pem).public_bytes(serialization.Encoding.DER)).hexdigest()
