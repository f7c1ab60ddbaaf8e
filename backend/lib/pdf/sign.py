"""Applying signers' values: visible marks in their fields, each seal and handwriting a PAdES signature.

A SignedDocument holds one PDF in memory while several signers sign it in turn: it is read once, each
new revision is followed rather than read anew (revisions.py), and an image shown again (a seal used
by many signers) is embedded once (images.py).
"""

import datetime as dt
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from backend.lib.coroutines import run_sync
from backend.lib.pdf.appearance import Mark, mark_stamp_style
from backend.lib.pdf.ca import PlatformCA
from backend.lib.pdf.errors import BrokenPdf, EncryptedPdf, PdfError, SigningFailed, parsing
from backend.lib.pdf.fields import read_fields
from backend.lib.pdf.images import DocumentImages
from backend.lib.pdf.inspect import check_bytes, open_reader
from backend.lib.pdf.marks import CHINA_TZ, FieldValue, chinese_date, fill_dates, image_keys, plan_marks
from backend.lib.pdf.revisions import follow, fresh_reader
from backend.lib.pdf.signature_space import cms_bound, reserved_bytes

__all__ = ["CHINA_TZ", "FieldValue", "SignedDocument", "SignerIdentity", "chinese_date", "sign_fields",
           "signed_field_names"]

# Signed contracts grow beyond the upload limit; this only stops absurd inputs.
SIGNED_MAX_BYTES = 200 * 2**20
# The room a signature had before it was sized from its CMS (signature_space): kept as the fallback
# should that bound ever miss. Hex, so twice the DER size it holds.
SIGNATURE_BYTES = 16_384
# The reason a signature states inside the PDF (what readers show in its panel): document content.
REASON = "签署"  # i18n: data (written into the signed PDF)


@dataclass(frozen=True)
class SignerIdentity:
    """Who signs: the event certificate gets CN = name, O = organisation."""

    name: str
    organisation: str


def signed_field_names(pdf: bytes) -> set[str]:
    """Names of the fields that already hold a signature or a value (to skip on a retried job)."""
    reader = open_reader(pdf, max_bytes=SIGNED_MAX_BYTES)
    return {name for name, (info, _) in read_fields(reader).items() if info.filled}


class _NoRoom(Exception):
    """The CMS came out larger than the space reserved for it."""


async def _sign_one(writer, field_name: str, signer, style, *, when, reason, location, name, space: int) -> bytes:
    """Sign an existing field; like PdfSigner.async_sign_pdf but with a chosen signing time."""
    from pyhanko.sign import fields as sigfields
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    meta = PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256", reason=reason,
                                location=location, name=name, subfilter=sigfields.SigSeedSubFilter.PADES)
    session = PdfSigner(meta, signer=signer, stamp_style=style).init_signing_session(writer, existing_fields_only=True)
    # pyHanko has no public knob for the signing time (/M); the session holds it.
    session.system_time = when
    validation_info = await session.perform_presign_validation(writer)
    tbs = session.prepare_tbs_document(validation_info=validation_info, bytes_reserved=space)
    prepared, output = tbs.digest_tbs_document(output=io.BytesIO())
    try:
        post = await tbs.perform_signature(document_digest=prepared.document_digest,
                                           pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=when))
        await post.post_signature_processing(output)
    except SigningError as exc:
        if "larger than expected" in str(exc):
            raise _NoRoom(str(exc)) from exc
        raise
    return output.getvalue()


class SignedDocument:
    """A PDF in memory that signers sign one after another; `pdf` is its bytes after the last signer.

    `image_sources` names the fields this app filled (the document's controls): a seal already shown
    in one of them is referred to, not embedded again. Marks in other fields are never trusted.
    """

    def __init__(self, pdf: bytes, ca: PlatformCA, *, image_sources: Collection[str] = (),
                 reason: str = REASON, location: str = "Signstage"):
        check_bytes(pdf, max_bytes=SIGNED_MAX_BYTES)
        self.pdf, self.ca, self.reason, self.location = pdf, ca, reason, location
        self.image_sources = tuple(image_sources)
        self.images = DocumentImages()
        # field name -> PEM of the event certificate that signed it here: the audit trail names it.
        self.certificates: dict[str, bytes] = {}
        self._reader = None

    def _current_reader(self):
        if self._reader is None:
            with parsing("parsed"):
                reader = fresh_reader(self.pdf)
            if "/Encrypt" in reader.trailer_view:
                raise EncryptedPdf("The PDF is encrypted; upload an unencrypted copy")
            self._reader = reader
        return self._reader

    def _grown(self, new: bytes) -> None:
        with parsing("parsed"):
            self._reader = follow(self._reader, self.pdf, new)
        self.pdf = new

    def _writer(self):
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        return IncrementalPdfFileWriter.from_reader(self._current_reader())

    async def async_sign(self, signer: SignerIdentity, values: Sequence[FieldValue], *,
                         signing_time: dt.datetime | None = None) -> bool:
        """Async form of sign."""
        kept_pdf, kept_images, kept_certificates = self.pdf, self.images.snapshot(), dict(self.certificates)
        try:
            return await self._sign(signer, values, signing_time)
        except BaseException as exc:
            # Back to the bytes before this signer; the reader may hold a failed revision's edits.
            self.pdf, self._reader, self.certificates = kept_pdf, None, kept_certificates
            self.images.restore(kept_images)
            if isinstance(exc, (PdfError, MemoryError)) or not isinstance(exc, Exception):
                raise
            if isinstance(exc, (ValueError, KeyError, TypeError)):
                raise BrokenPdf(f"The document could not be signed: {exc}") from exc
            raise SigningFailed(f"The signature could not be applied: {exc}") from exc

    def sign(self, signer: SignerIdentity, values: Sequence[FieldValue], *,
             signing_time: dt.datetime | None = None) -> bool:
        """Apply one signer's values as the next revisions; False when every field was filled already.

        On failure (an error raised) the document stays as it was before this signer.
        """
        return run_sync(self.async_sign(signer, values, signing_time=signing_time))

    async def _sign(self, signer: SignerIdentity, values: Sequence[FieldValue], signing_time) -> bool:
        now = dt.datetime.now(dt.timezone.utc)
        when = signing_time or now
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        # signing_time is when the signer confirmed (it sets the date shown); the signature's
        # own time is now, inside the validity of the certificate issued for it.
        fields = read_fields(self._current_reader())
        dates, marks = plan_marks(fields, values, when)
        if not dates and not marks:
            return False
        if not marks:
            writer = self._writer()
            fill_dates(writer, fields, dates)
            out = io.BytesIO()
            writer.write(out)
            self._grown(out.getvalue())
            return True
        # Seals are shared between signers: look for them in earlier revisions. A handwriting is
        # the signer's own; looking for it would read every filled field for nothing.
        seals = [m for m in marks if m.kind == "seal"]
        self.images.collect(fields, self.image_sources, image_keys(fields, seals))
        for i, mark in enumerate(marks):
            # One certificate per signature: pdfsig mistrusts a certificate reused in one file.
            cred = self.ca.issue_event_certificate(signer.name, signer.organisation)
            space = reserved_bytes(cms_bound(cred.cert_pem, cred.chain_pem))
            kept = self.images.snapshot()
            try:
                signed = await self._sign_mark(mark, cred, dates if i == 0 else (), fields, now, signer, space)
            except _NoRoom:
                # The bound missed (a changed pyHanko, an unusual CA): sign again with the old fixed room.
                self.images.restore(kept)
                self._reader = None
                fields = read_fields(self._current_reader())
                signed = await self._sign_mark(mark, cred, dates if i == 0 else (), fields, now, signer,
                                               SIGNATURE_BYTES)
            self._grown(signed)
            self.certificates[mark.field_name] = cred.cert_pem
        return True

    async def _sign_mark(self, mark, cred, dates, fields, now, signer, space) -> bytes:
        writer = self._writer()
        if dates:
            fill_dates(writer, fields, dates)  # covered by this signer's first signature
        style = mark_stamp_style(Mark(png=mark.png), mark.rotate, self.images)
        return await _sign_one(writer, mark.field_name, cred.pyhanko_signer(), style, when=now,
                               reason=self.reason, location=self.location, name=signer.name, space=space)


async def async_sign_fields(pdf: bytes, signer: SignerIdentity, values: Sequence[FieldValue], ca: PlatformCA, *,
                            signing_time: dt.datetime | None = None, reason: str = REASON,
                            location: str = "Signstage", image_sources: Collection[str] = ()) -> bytes:
    """Async form of sign_fields, for callers inside an event loop."""
    doc = SignedDocument(pdf, ca, image_sources=image_sources, reason=reason, location=location)
    await doc.async_sign(signer, values, signing_time=signing_time)
    return doc.pdf


def sign_fields(pdf: bytes, signer: SignerIdentity, values: Sequence[FieldValue], ca: PlatformCA, *,
                signing_time: dt.datetime | None = None, reason: str = REASON,
                location: str = "Signstage", image_sources: Collection[str] = ()) -> bytes:
    """The next revisions of `pdf`: the signer's marks in their fields, one PAdES signature per seal/handwriting.

    A seal already shown in a filled field named in `image_sources` is referred to, not embedded again.
    """
    return run_sync(async_sign_fields(pdf, signer, values, ca, signing_time=signing_time,
                                      reason=reason, location=location, image_sources=image_sources))
