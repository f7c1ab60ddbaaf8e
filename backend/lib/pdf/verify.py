"""Verifying a PDF: every signature, the chain to our CA, and changes made after signing."""

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field

from backend.lib.coroutines import run_sync
from backend.lib.errors import N_
from backend.lib.pdf.ca import LOCAL_TSA_CN, is_rehearsal_subject
from backend.lib.pdf.changes import shared_policy
from backend.lib.pdf.errors import EmptyPdf, PdfError, TooManySignatures, parsing
from backend.lib.pdf.fields import count_signed_fields
from backend.lib.pdf.inspect import open_reader, page_geometries
from backend.lib.pdf.sign import SIGNED_MAX_BYTES

# Changes after a signature that a signing workflow legitimately makes: more
# signatures, filled fields, validation data. Anything above is a tampering signal.
_ALLOWED_LEVELS = ("NONE", "LTA_UPDATES", "FORM_FILLING")
DEFAULT_MAX_PAGES = 1000
# Verification time grows with the square of the signatures (every revision's comparison walks every
# field): measured here 10 s of CPU for 100, 46 s for 200. 120 fits a 30 s CPU budget twice over.
DEFAULT_MAX_SIGNATURES = 120
# Our contracts add one revision per signature and at most one more per signer (dates only);
# the original and its preparation bring a few. Far more revisions than that is a file built
# to make the change analysis slow, and is refused before any of it runs.
_REVISIONS_PER_SIGNATURE, _SPARE_REVISIONS = 2, 16
# A rehearsal's PDF is signed for real, by the rehearsal certificate: it is never a contract.
REHEARSAL_PROBLEM = N_("彩排文件，无法律效力")  # a catalogue msgid; the other problems are English
# Modules a verifying child process needs, for a forkserver to import once ahead of time.
WARM_MODULES = ("backend.lib.pdf.verify", "pyhanko.pdf_utils.reader", "pyhanko.sign.validation",
                "pyhanko.sign.diff_analysis", "pyhanko_certvalidator", "asn1crypto.x509")


@dataclass(frozen=True)
class SignatureReport:
    """One signature (or document timestamp) as verifiers see it."""

    field: str
    kind: str  # "signature" | "timestamp"
    signer_name: str
    organisation: str
    signing_time: str | None
    intact: bool
    valid: bool
    trusted: bool
    modification_level: str
    serial: str
    coverage: str
    timestamp_time: str | None = None
    timestamp_authority: str | None = None
    timestamp_is_local: bool = False
    rehearsal: bool = False  # signed with a rehearsal's certificate


@dataclass(frozen=True)
class VerifyReport:
    """Verdict on a PDF: authentic only if every signature is intact, valid, trusted and nothing was changed,
    and none of them is a rehearsal's."""

    sha256: str
    signatures: tuple[SignatureReport, ...]
    modified_after_signing: bool
    authentic: bool
    problems: tuple[str, ...] = field(default=())
    rehearsal: bool = False

    def as_dict(self) -> dict:
        """Plain values for JSON."""
        d = asdict(self)
        d["signatures"] = [asdict(s) for s in self.signatures]
        d["problems"] = list(self.problems)
        return d


def _roots(trust_roots):
    from asn1crypto import pem
    from asn1crypto import x509 as asn1x509

    result = []
    for root in trust_roots or ():
        if isinstance(root, asn1x509.Certificate):
            result.append(root)
            continue
        if hasattr(root, "public_bytes"):  # a cryptography certificate
            from cryptography.hazmat.primitives.serialization import Encoding

            root = root.public_bytes(Encoding.DER)
        if pem.detect(root):
            _, _, root = pem.unarmor(root)
        result.append(asn1x509.Certificate.load(root))
    return result


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.timezone.utc).isoformat() if moment else None


def _subject(cert) -> tuple[str, str]:
    native = cert.subject.native if cert is not None else {}
    org = native.get("organization_name", "")
    return str(native.get("common_name", "")), str(org[0] if isinstance(org, list) else org)


async def _validate(sig, roots, policy):
    from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    claimed = sig.self_reported_timestamp
    # Event certificates live for days; judge them at the time the signer claimed,
    # as Acrobat does by default. Only our CA can vouch for that claim anyway.
    vc = ValidationContext(trust_roots=roots, allow_fetching=False, moment=claimed)
    ts_vc = ValidationContext(trust_roots=roots, allow_fetching=False)
    if sig.sig_object_type == "/DocTimeStamp":
        return await async_validate_pdf_timestamp(sig, validation_context=ts_vc, diff_policy=policy)
    return await async_validate_pdf_signature(sig, signer_validation_context=vc, ts_validation_context=ts_vc,
                                              diff_policy=policy)


def _check_size(reader, max_pages: int, max_signatures: int) -> None:
    """Refuse, before any signature is examined, a file with more pages, signatures or revisions than allowed."""
    revisions = reader.xrefs.total_revisions
    max_revisions = _REVISIONS_PER_SIGNATURE * max_signatures + _SPARE_REVISIONS
    if revisions > max_revisions:
        raise TooManySignatures(f"The PDF has {revisions} revisions; at most {max_revisions} are examined",
                                message_zh=N_("PDF 修订次数过多（最多 %(n)s 次）"),
                                params={"n": max_revisions})
    signed = count_signed_fields(reader, max_signatures)
    if signed > max_signatures:
        raise TooManySignatures(f"The PDF has more than {max_signatures} signatures; at most {max_signatures} "
                                "are examined", message_zh=N_("PDF 中的签名过多（最多 %(n)s 个）"),
                                params={"n": max_signatures})
    if not page_geometries(reader, max_pages):
        raise EmptyPdf("The PDF has no pages")


async def async_verify_pdf(data: bytes, trust_roots, *, max_bytes: int = SIGNED_MAX_BYTES,
                           max_pages: int = DEFAULT_MAX_PAGES,
                           max_signatures: int = DEFAULT_MAX_SIGNATURES) -> VerifyReport:
    """Async form of verify_pdf."""
    sha = hashlib.sha256(data).hexdigest()
    reader = open_reader(data, max_bytes=max_bytes)
    with parsing("read"):
        _check_size(reader, max_pages, max_signatures)
    roots = _roots(trust_roots)
    problems: list[str] = []
    reports: list[SignatureReport] = []
    modified = False
    try:
        sigs = reader.embedded_signatures
    except MemoryError:
        raise
    except Exception as exc:
        raise PdfError(f"The signatures cannot be read: {exc}") from exc
    if not sigs:
        problems.append("The document carries no signature")
    policy = shared_policy(reader)
    for sig in sigs:
        name = str(sig.field_name)  # a plain str: pyHanko's string objects hold on to the whole reader
        try:
            status = await _validate(sig, roots, policy)
        except MemoryError:
            raise
        except Exception as exc:  # a malformed signature is a finding, not a crash
            problems.append(f"Signature {name}: cannot be validated ({exc})")
            reports.append(SignatureReport(name, "signature", "", "", None, False, False, False,
                                           "UNKNOWN", "", "UNKNOWN"))
            continue
        is_ts = sig.sig_object_type == "/DocTimeStamp"
        cert = status.signing_cert
        cn, org = _subject(cert)
        level = getattr(status, "modification_level", None)
        level_name = level.name if level is not None else "NONE"
        docmdp_ok = getattr(status, "docmdp_ok", True)
        if level_name not in _ALLOWED_LEVELS or docmdp_ok is False:
            modified = True
            problems.append(f"Signature {name}: the document was changed after signing ({level_name})")
        ts = getattr(status, "timestamp_validity", None)
        if is_ts:
            ts = status
        ts_cn = _subject(ts.signing_cert)[0] if ts is not None else None
        report = SignatureReport(
            field=name, kind="timestamp" if is_ts else "signature", signer_name=cn, organisation=org,
            signing_time=_iso(getattr(status, "signer_reported_dt", None) or sig.self_reported_timestamp
                              or (ts.timestamp if ts is not None else None)),
            intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
            modification_level=level_name, serial=format(cert.serial_number, "x") if cert else "",
            coverage=status.coverage.name if getattr(status, "coverage", None) else "UNKNOWN",
            timestamp_time=_iso(ts.timestamp) if ts is not None else None,
            timestamp_authority=ts_cn, timestamp_is_local=ts_cn == LOCAL_TSA_CN,
            # Only our CA's word counts: anyone can put 彩排 in a certificate of their own.
            rehearsal=bool(status.trusted) and cert is not None and is_rehearsal_subject(cert.subject.native),
        )
        reports.append(report)
        if not report.intact:
            problems.append(f"Signature {name}: the signed bytes were altered")
        elif not report.valid:
            problems.append(f"Signature {name}: the signature value is invalid")
        if report.intact and report.valid and not report.trusted:
            problems.append(f"Signature {name}: the certificate does not chain to a trusted root")
    if sigs and reports and reports[-1].coverage not in ("ENTIRE_FILE", "UNKNOWN") and not modified:
        problems.append("The file has content after its last signature")
    rehearsal = any(r.rehearsal for r in reports)
    if rehearsal:
        problems.append(REHEARSAL_PROBLEM)
    authentic = bool(reports) and not problems and not modified
    return VerifyReport(sha, tuple(reports), modified, authentic, tuple(problems), rehearsal)


def verify_pdf(data: bytes, trust_roots, *, max_bytes: int = SIGNED_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES,
               max_signatures: int = DEFAULT_MAX_SIGNATURES) -> VerifyReport:
    """Verify every signature of `data` against `trust_roots`, with pyHanko's change analysis (see changes.py)."""
    return run_sync(async_verify_pdf(data, trust_roots, max_bytes=max_bytes, max_pages=max_pages,
                                 max_signatures=max_signatures))
