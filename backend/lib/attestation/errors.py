"""Errors raised by backend.lib.attestation."""
from backend.lib.errors import LibraryError


class AttestationError(LibraryError):
    """A signing key, certificate or timestamp token could not be used."""

    code = "attestation_error"
    message_zh = "签名声明无法处理"


class TimestampMismatch(AttestationError):
    """The timestamp token does not cover this signature, or its own signature is broken."""

    code = "timestamp_mismatch"
    message_zh = "时间戳与签名不符"
