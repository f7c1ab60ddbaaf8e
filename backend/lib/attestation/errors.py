"""Errors raised by backend.lib.attestation."""
from backend.lib.errors import N_, LibraryError


class AttestationError(LibraryError):
    """A signing key, certificate or timestamp token could not be used."""

    code = "attestation_error"
    message_zh = N_("签名声明无法处理")


class TimestampMismatch(AttestationError):
    """The timestamp token does not cover this signature, or its own signature is broken."""

    code = "timestamp_mismatch"
    message_zh = N_("时间戳与签名不符")
