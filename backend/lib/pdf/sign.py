"""Applying one signer's values: visible marks in their fields, each seal a PAdES signature."""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from backend.lib.coroutines import run_sync
from backend.lib.imaging.fonts import missing_characters
from backend.lib.pdf.appearance import Mark, appearance_stream, mark_stamp_style
from backend.lib.pdf.ca import PlatformCA
from backend.lib.pdf.errors import BrokenPdf, InvalidFieldValue, PdfError, SigningFailed, UnknownField
from backend.lib.pdf.fields import read_fields
from backend.lib.pdf.inspect import open_reader

CHINA_TZ = ZoneInfo("Asia/Shanghai")
# Signed contracts grow beyond the upload limit; this only stops absurd inputs.
SIGNED_MAX_BYTES = 200 * 2**20
# Space for the CMS container (hex, so twice its DER size): chain of three EC certs
# plus a timestamp token fits easily; a fixed size saves pyHanko a dummy signing pass.
SIGNATURE_BYTES = 16_384
_KIND_TYPES = {"seal": "/Sig", "signature": "/Sig", "date": "/Tx"}


@dataclass(frozen=True)
class SignerIdentity:
    """Who signs: the event certificate gets CN = name, O = organisation."""

    name: str
    organisation: str


@dataclass(frozen=True)
class FieldValue:
    """A value for one field: a PNG for seal/signature fields, text (or nothing: today) for dates."""

    field_name: str
    kind: str  # "seal" | "signature" | "date"
    image_png: bytes | None = None
    text: str | None = None


def chinese_date(moment: dt.datetime) -> str:
    """A date as written on Chinese contracts, e.g. 2026年11月25日 (China time)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    d = moment.astimezone(CHINA_TZ)
    return f"{d.year}年{d.month}月{d.day}日"


def signed_field_names(pdf: bytes) -> set[str]:
    """Names of the fields that already hold a signature or a value (to skip on a retried job)."""
    reader = open_reader(pdf, max_bytes=SIGNED_MAX_BYTES)
    return {name for name, (info, _) in read_fields(reader).items() if info.filled}


def _plan(pdf: bytes, values: Sequence[FieldValue], when: dt.datetime):
    reader = open_reader(pdf, max_bytes=SIGNED_MAX_BYTES)
    fields = read_fields(reader)
    dates, sigs = [], []
    seen = set()
    for v in values:
        if v.field_name in seen:
            raise InvalidFieldValue(f"Field {v.field_name!r} is given twice")
        seen.add(v.field_name)
        if v.field_name not in fields:
            raise UnknownField(f"The document has no field {v.field_name!r}")
        info, _ = fields[v.field_name]
        if _KIND_TYPES.get(v.kind) != info.field_type:
            raise InvalidFieldValue(f"Field {v.field_name!r} is not a {v.kind} field")
        if info.filled:
            continue  # already applied by an earlier (possibly crashed) run of this job
        if v.kind == "date":
            text = v.text if v.text is not None else chinese_date(when)
            if not text.strip() or len(text) > 40 or missing_characters(text):
                raise InvalidFieldValue(f"The date text {text!r} cannot be shown")
            dates.append((v.field_name, text, info.rotate))
        else:
            if not v.image_png:
                raise InvalidFieldValue(f"Field {v.field_name!r} needs an image")
            sigs.append((v.field_name, v.image_png, info.rotate))
    return dates, sigs


def _fill_dates(writer, dates) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    fields = read_fields(writer.prev)
    for name, text, rotate in dates:
        field = fields[name][1].get_object()
        field[pdf_name("/V")] = generic.TextStringObject(text)
        ap = appearance_stream(writer, Mark(text=text), field["/Rect"], rotate)
        field[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): ap})
        writer.update_container(field)


async def _sign_one(writer, field_name: str, signer, style, *, when, reason, location, name,
                    timestamper=None) -> bytes:
    """Sign an existing field; like PdfSigner.async_sign_pdf but with a chosen signing time."""
    from pyhanko.sign import fields as sigfields
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    meta = PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256", reason=reason,
                                location=location, name=name, subfilter=sigfields.SigSeedSubFilter.PADES)
    pdf_signer = PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper)
    session = pdf_signer.init_signing_session(writer, existing_fields_only=True)
    # pyHanko has no public knob for the signing time (/M); the session holds it.
    session.system_time = when
    validation_info = await session.perform_presign_validation(writer)
    tbs = session.prepare_tbs_document(validation_info=validation_info, bytes_reserved=SIGNATURE_BYTES)
    prepared, output = tbs.digest_tbs_document(output=io.BytesIO())
    post = await tbs.perform_signature(
        document_digest=prepared.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=when),
    )
    await post.post_signature_processing(output)
    return output.getvalue()


async def async_sign_fields(pdf: bytes, signer: SignerIdentity, values: Sequence[FieldValue], ca: PlatformCA, *,
                            signing_time: dt.datetime | None = None, reason: str = "签署",
                            location: str = "Signstage") -> bytes:
    """Async form of sign_fields, for callers inside an event loop."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    now = dt.datetime.now(dt.timezone.utc)
    when = signing_time or now
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    # signing_time is when the signer confirmed (it sets the date shown); the signature's
    # own time is now, inside the validity of the certificate issued for it.
    dates, sigs = _plan(pdf, values, when)
    if not dates and not sigs:
        return pdf
    current = pdf
    try:
        if not sigs:
            writer = IncrementalPdfFileWriter(io.BytesIO(current), strict=False)
            _fill_dates(writer, dates)
            out = io.BytesIO()
            writer.write(out)
            return out.getvalue()
        for i, (name, png, rotate) in enumerate(sigs):
            # One certificate per signature: pdfsig mistrusts a certificate reused in one file.
            cred = ca.issue_event_certificate(signer.name, signer.organisation)
            writer = IncrementalPdfFileWriter(io.BytesIO(current), strict=False)
            if i == 0 and dates:
                _fill_dates(writer, dates)  # covered by this signer's first signature
            current = await _sign_one(writer, name, cred.pyhanko_signer(),
                                      mark_stamp_style(Mark(png=png), rotate), when=now,
                                      reason=reason, location=location, name=signer.name)
    except PdfError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise BrokenPdf(f"The document could not be signed: {exc}") from exc
    except Exception as exc:
        raise SigningFailed(f"The signature could not be applied: {exc}") from exc
    return current


def sign_fields(pdf: bytes, signer: SignerIdentity, values: Sequence[FieldValue], ca: PlatformCA, *,
                signing_time: dt.datetime | None = None, reason: str = "签署",
                location: str = "Signstage") -> bytes:
    """The next revisions of `pdf`: the signer's marks in their fields, one PAdES signature per seal/handwriting."""
    return run_sync(async_sign_fields(pdf, signer, values, ca, signing_time=signing_time,
                                  reason=reason, location=location))
