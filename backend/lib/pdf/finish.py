"""Finishing a contract: the platform's closing signature, and the signed audit-trail PDF."""

import io

from backend.lib.coroutines import run_sync
from backend.lib.pdf.ca import PlatformCA
from backend.lib.pdf.errors import PdfError, SigningFailed
from backend.lib.pdf.fields import read_fields
from backend.lib.pdf.inspect import open_reader
from backend.lib.pdf.sign import SIGNED_MAX_BYTES
from backend.lib.pdf.signature_space import cms_bound, reserved_bytes, timestamp_token_bound

PLATFORM_FIELD = "signstage_platform"
AUDIT_FIELD = "signstage_audit"
# Room for the CMS container with a token from a remote TSA, whose size is not known before it answers
# (an RSA-4096 TSA with a long chain sends 6-8 kB): generous.
_REMOTE_TSA_SIGNATURE_BYTES = 32_768


def _space(ca: PlatformCA, cred, tsa_url: str | None) -> int:
    """Bytes to reserve: from the CMS's parts with the local TSA (known certificates), a safe margin with a remote one."""
    if tsa_url:
        return _REMOTE_TSA_SIGNATURE_BYTES
    tsa = ca.local_tsa_credential()
    return reserved_bytes(cms_bound(cred.cert_pem, cred.chain_pem,
                                    token_bound=timestamp_token_bound(tsa.cert_pem, tsa.chain_pem)))


def timestamper_for(ca: PlatformCA, tsa_url: str | None):
    """An RFC 3161 client for tsa_url, or the local timestamp authority (named as such in its certificate)."""
    if tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        return HTTPTimeStamper(tsa_url, timeout=10)
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from backend.lib.pdf.ca import _asn1

    cred = ca.local_tsa_credential()
    return DummyTimeStamper(tsa_cert=_asn1(cred.cert_pem),
                            tsa_key=load_private_key_from_pemder_data(cred.key_pem, passphrase=None),
                            certs_to_embed=[_asn1(c) for c in cred.chain_pem])


async def _platform_sign(pdf: bytes, ca: PlatformCA, field: str, tsa_url: str | None, reason: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields as sigfields
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner

    open_reader(pdf, max_bytes=SIGNED_MAX_BYTES)  # a specific error for junk, before pyHanko's own
    cred = ca.platform_credential()
    meta = PdfSignatureMetadata(field_name=field, md_algorithm="sha256", reason=reason,
                                location="Signstage", name="Signstage",
                                subfilter=sigfields.SigSeedSubFilter.PADES)
    signer = PdfSigner(meta, signer=cred.pyhanko_signer(), timestamper=timestamper_for(ca, tsa_url),
                       new_field_spec=sigfields.SigFieldSpec(sig_field_name=field))
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = await signer.async_sign_pdf(writer, bytes_reserved=_space(ca, cred, tsa_url), output=io.BytesIO())
    except PdfError:
        raise
    except Exception as exc:
        raise SigningFailed(f"The platform signature could not be applied: {exc}") from exc
    return out.getvalue()


async def async_seal_document(pdf: bytes, ca: PlatformCA, *, tsa_url: str | None = None) -> bytes:
    """Async form of seal_document."""
    fields = read_fields(open_reader(pdf, max_bytes=SIGNED_MAX_BYTES))
    if PLATFORM_FIELD in fields and fields[PLATFORM_FIELD][0].filled:
        return pdf  # a retried finishing job: already sealed
    return await _platform_sign(pdf, ca, PLATFORM_FIELD, tsa_url, "Signstage 平台完成签署")  # i18n: data (PDF signature reason)


def seal_document(pdf: bytes, ca: PlatformCA, *, tsa_url: str | None = None) -> bytes:
    """The completed contract: a platform signature over the whole file with a timestamp (local TSA if none)."""
    return run_sync(async_seal_document(pdf, ca, tsa_url=tsa_url))


def audit_trail_pdf(trail, ca: PlatformCA, *, tsa_url: str | None = None) -> bytes:
    """The Chinese audit-trail PDF for `trail`, signed and timestamped by the platform."""
    from backend.lib.pdf.audit import build_audit_pdf

    return run_sync(_platform_sign(build_audit_pdf(trail), ca, AUDIT_FIELD, tsa_url,
                                  "Signstage 签署审计记录"))  # i18n: data (PDF signature reason)
