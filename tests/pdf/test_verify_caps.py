"""Verification refuses, before examining any signature, files with more pages or signatures than allowed."""
import io

import pytest

from backend.lib.pdf.errors import TooManyPages, TooManySignatures
from backend.lib.pdf.fields import count_signed_fields
from backend.lib.pdf.inspect import open_reader
from backend.lib.pdf.verify import verify_pdf
from tests.pdf import pdf_factory


def test_more_signatures_than_the_cap_are_refused(signed, ca):
    assert verify_pdf(signed, ca.trust_roots, max_signatures=5).authentic
    with pytest.raises(TooManySignatures, match="more than 4 signatures"):
        verify_pdf(signed, ca.trust_roots, max_signatures=4)


def test_more_pages_than_the_cap_are_refused(signed, ca):
    with pytest.raises(TooManyPages):
        verify_pdf(signed, ca.trust_roots, max_pages=2)


def test_more_revisions_than_twice_the_signature_cap_are_refused(signed, ca):
    # 1 original + 1 preparation + 5 signature revisions; a cap of 0 signatures leaves 16 spare revisions
    with pytest.raises(TooManySignatures, match="revisions"):
        verify_pdf(signed + _empty_updates(signed, 10), ca.trust_roots, max_signatures=0)


def _empty_updates(pdf: bytes, n: int) -> bytes:
    import re

    out, prev = b"", int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    reader = open_reader(pdf, max_bytes=2**30)
    root, size = reader.trailer_view.raw_get("/Root"), int(reader.trailer_view["/Size"])
    for _ in range(n):
        at = len(pdf) + len(out)
        out += (b"xref\n0 0\ntrailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                % (size, root.idnum, prev, at))
        prev = at
    return out


def test_signature_fields_with_separate_widgets_are_counted():
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_factory.contract(1))))
    fields = ArrayObject()
    for i in range(3):
        value = w._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Sig")}))
        field = DictionaryObject({NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject(f"s{i}"),
                                  NameObject("/V"): value})
        ref = w._add_object(field)
        widget = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
                                   NameObject("/Parent"): ref})
        field[NameObject("/Kids")] = ArrayObject([w._add_object(widget)])
        fields.append(ref)
    w._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): fields})
    out = io.BytesIO()
    w.write(out)
    assert count_signed_fields(open_reader(out.getvalue()), limit=10) == 3
