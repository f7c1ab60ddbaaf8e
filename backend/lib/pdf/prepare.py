"""Preparing a booked original: every control becomes an empty, named form field."""

import io
from collections.abc import Sequence

from backend.lib.pdf.controls import SIGNATURE_KINDS, ControlSpec, control_rect, validate_controls
from backend.lib.pdf.errors import BrokenPdf, PdfError
from backend.lib.pdf.geometry import page_geometry
from backend.lib.pdf.inspect import DEFAULT_MAX_BYTES, open_reader

# Text field flags: read-only (signers fill it only through signing) and no spell check.
_TX_FLAGS = 1 | (1 << 22)


def _acroform(writer):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    root = writer.root
    if "/AcroForm" in root:
        form = root["/AcroForm"]
        if "/Fields" not in form:
            form[pdf_name("/Fields")] = generic.ArrayObject()
            writer.update_container(form)
        return form
    form = generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
    root[pdf_name("/AcroForm")] = writer.add_object(form)
    writer.update_root()
    return form


def _add_text_field(writer, name: str, page_index: int, rect) -> None:
    """A read-only text field whose widget shows nothing until the date is filled in."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    page_ref = writer.find_page_for_modification(page_index)[0]
    page = page_ref.get_object()
    empty_ap = generic.StreamObject({
        pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
        pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(0)] * 4),
    }, stream_data=b"")
    field = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Widget"),
        pdf_name("/FT"): pdf_name("/Tx"), pdf_name("/T"): generic.TextStringObject(name),
        pdf_name("/Ff"): generic.NumberObject(_TX_FLAGS),
        pdf_name("/F"): generic.NumberObject(4),  # print
        pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(round(v, 3)) for v in rect]),
        pdf_name("/P"): page_ref,
        pdf_name("/DA"): generic.TextStringObject("/Helv 0 Tf 0 g"),
        pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): writer.add_object(empty_ap)}),
    })
    ref = writer.add_object(field)
    form = _acroform(writer)
    fields = form["/Fields"]
    fields.append(ref)
    writer.update_container(fields if fields.container_ref is not None else form)
    if "/Annots" in page:
        annots = page["/Annots"]
        annots.append(ref)
        writer.update_container(annots if annots.container_ref is not None else page)
    else:
        page[pdf_name("/Annots")] = generic.ArrayObject([ref])
        writer.update_container(page)


def prepare_pdf(original: bytes, controls: Sequence[ControlSpec], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A copy of `original` (appended to, as an incremental update) with an empty field per control."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    reader = open_reader(original, max_bytes=max_bytes)
    try:
        page_count = int(reader.root["/Pages"]["/Count"])
        validate_controls(controls, page_count)
        writer = IncrementalPdfFileWriter(io.BytesIO(original), strict=False)
        for c in controls:
            page_ref = writer.find_page_for_modification(c.page - 1)[0]
            rect = tuple(round(v, 3) for v in control_rect(page_geometry(page_ref.get_object()), c))
            if c.kind in SIGNATURE_KINDS:
                append_signature_field(writer, SigFieldSpec(sig_field_name=c.name, on_page=c.page - 1,
                                                            box=rect, empty_field_appearance=False))
            else:
                _add_text_field(writer, c.name, c.page - 1, rect)
        out = io.BytesIO()
        writer.write(out)
    except PdfError:
        raise
    except Exception as exc:
        raise BrokenPdf(f"Fields could not be added to this PDF: {exc}") from exc
    return out.getvalue()
