"""The signatures of a PDF as the evidence verifier judges them: pyHanko's validation against given roots only.

Imports pyHanko, asn1crypto and backend.lib.pdf.changes (pyHanko-only), so it runs without the app.
"""
import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from backend.lib.pdf.changes import shared_policy

# Changes after a signature that a signing workflow makes: more signatures, filled fields, validation data.
ALLOWED_LEVELS = ("NONE", "LTA_UPDATES", "FORM_FILLING")


@dataclass(frozen=True)
class SignatureFinding:
    """One signature of a PDF: who made it with which certificate, and what pyHanko found."""

    field: str
    kind: str  # "signature" | "timestamp"
    certificate_sha256: str
    common_name: str
    organisation: str
    signing_time: str | None
    intact: bool
    valid: bool
    trusted: bool
    modification_level: str
    coverage: str
    error: str | None = None

    @property
    def sound(self) -> bool:
        """Intact, valid, chained to a given root, and nothing but signing and form filling after it."""
        return (self.error is None and self.intact and self.valid and self.trusted
                and self.modification_level in ALLOWED_LEVELS)


def _reader(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(data), strict=False)


def _subject(cert) -> tuple[str, str]:
    native = cert.subject.native if cert is not None else {}
    org = native.get("organization_name", "")
    return str(native.get("common_name", "")), str(org[0] if isinstance(org, list) else org)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.timezone.utc).isoformat() if moment else None


def signer_certificates(data: bytes) -> dict[str, bytes]:
    """DER of the certificate that made each signature of a PDF, by field name (no validation)."""
    return {str(sig.field_name): sig.signer_cert.dump() for sig in _reader(data).embedded_signatures}


async def _status(sig, roots, policy):
    from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    # Event certificates live for days and the package is read for years: every certificate is judged
    # at the time its signature claims, and only the package's root can vouch for it. Nothing is fetched.
    moment = sig.self_reported_timestamp
    vc = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment)
    ts_vc = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment)
    if sig.sig_object_type == "/DocTimeStamp":
        return await async_validate_pdf_timestamp(sig, validation_context=ts_vc, diff_policy=policy)
    return await async_validate_pdf_signature(sig, signer_validation_context=vc, ts_validation_context=ts_vc,
                                              diff_policy=policy)


async def check_signatures(data: bytes, root_der: bytes) -> list[SignatureFinding]:
    """Every signature of `data`, in file order, validated against the one root certificate given (DER).

    Raises ValueError when the file cannot be read as a PDF at all.
    """
    from asn1crypto import x509 as asn1x509

    roots = [asn1x509.Certificate.load(root_der)]
    try:
        reader = _reader(data)
        sigs = reader.embedded_signatures
    except Exception as exc:  # pyHanko's parse errors have no common base worth naming
        raise ValueError(f"not a readable PDF ({exc})") from None
    policy = shared_policy(reader)
    found = []
    for sig in sigs:
        name = str(sig.field_name)
        cert = sig.signer_cert
        cn, org = _subject(cert)
        sha = hashlib.sha256(cert.dump()).hexdigest() if cert is not None else ""
        kind = "timestamp" if sig.sig_object_type == "/DocTimeStamp" else "signature"
        try:
            status = await _status(sig, roots, policy)
        except Exception as exc:  # a malformed signature is a finding, not a crash
            found.append(SignatureFinding(name, kind, sha, cn, org, None, False, False, False, "UNKNOWN",
                                          "UNKNOWN", error=str(exc) or type(exc).__name__))
            continue
        level = getattr(status, "modification_level", None)
        level_name = level.name if level is not None else "NONE"
        if getattr(status, "docmdp_ok", True) is False:
            level_name = "OTHER"
        found.append(SignatureFinding(
            name, kind, sha, cn, org, _iso(getattr(status, "signer_reported_dt", None) or sig.self_reported_timestamp),
            bool(status.intact), bool(status.valid), bool(status.trusted), level_name,
            status.coverage.name if getattr(status, "coverage", None) else "UNKNOWN"))
    return found
