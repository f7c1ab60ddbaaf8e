"""RFC 3161 timestamp tokens over a signature: proof that it existed at a given time."""
import hashlib
from datetime import datetime

from backend.lib.attestation.errors import AttestationError, TimestampMismatch
from backend.lib.coroutines import run_sync


def timestamp_token(timestamper, data: bytes) -> bytes:
    """DER of a timestamp token over SHA-256(data) from a pyHanko TimeStamper (e.g. HTTPTimeStamper)."""
    try:
        token = run_sync(timestamper.async_timestamp(hashlib.sha256(data).digest(), "sha256"))
    except Exception as exc:  # network, HTTP status or a refused request: all mean "no token"
        raise AttestationError(f"No timestamp: {exc}") from exc
    return token.dump()


def read_timestamp(token: bytes, data: bytes) -> datetime:
    """The time a token vouches for `data`; TimestampMismatch when it covers other data or is broken.

    Whether the authority itself is trusted is the reader's choice: the token names it.
    """
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    try:
        signed_data = cms.ContentInfo.load(token)["content"]
        # Trust is not decided here: anchoring the path at the token's own certificates checks only
        # that the token is intact and its signature sound (and keeps the validator from logging).
        embedded = [c.chosen for c in signed_data["certificates"] or ()]
        context = ValidationContext(trust_roots=embedded, allow_fetching=False)
        status = run_sync(validate_tst_signed_data(signed_data, context, lambda algo: hashlib.new(algo, data).digest()))
    except Exception as exc:  # any parse or validation failure: the token does not vouch for anything
        raise TimestampMismatch(f"The timestamp token cannot be read: {exc}") from None
    if not (status.get("intact") and status.get("valid")):
        raise TimestampMismatch("The timestamp token does not cover this signature")
    return status["timestamp"]
