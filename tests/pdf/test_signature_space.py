"""The room reserved for each signature is sized from its CMS: a small margin, never too little."""
import io

import pytest
from asn1crypto import cms
from pyhanko.pdf_utils.reader import PdfFileReader

from backend.lib.pdf import sign as sign_module
from backend.lib.pdf.finish import seal_document
from backend.lib.pdf.sign import SIGNATURE_BYTES, FieldValue, SignerIdentity, sign_fields
from backend.lib.pdf.verify import verify_pdf

# What a bound may exceed the DER it holds by (the signature's 70-72 bytes vary; the rest is known).
MARGIN = 400
PLATFORM_MARGIN = 1024  # two bounds added up: the CMS and the local TSA's token


def reserved_and_used(pdf: bytes) -> list[tuple[str, int, int]]:
    """(field, DER bytes the /Contents has room for, DER bytes of the CMS in it) for every signature."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    rows = []
    for sig in reader.embedded_signatures:
        room = len(sig.sig_object["/Contents"])  # pyHanko hands back the bytes with their zero padding
        used = len(cms.ContentInfo({"content_type": "signed_data", "content": sig.signed_data}).dump())
        rows.append((str(sig.field_name), room, used))
    return rows


def test_each_signer_signature_reserves_a_little_more_than_its_cms(signed):
    rows = reserved_and_used(signed)
    assert len(rows) == 5
    for field, room, used in rows:
        assert used <= room <= used + MARGIN, (field, room, used)
    assert all(room < SIGNATURE_BYTES / 4 for _, room, _ in rows)  # a quarter of the old fixed room


def test_the_platform_signature_with_the_local_tsa_is_sized_too(signed, ca):
    sealed = seal_document(signed, ca)
    field, room, used = reserved_and_used(sealed)[-1]
    assert field == "signstage_platform"
    assert used <= room <= used + PLATFORM_MARGIN


def test_when_the_bound_misses_the_signature_is_made_again_with_the_old_room(prepared, ca, seal_png, monkeypatch):
    monkeypatch.setattr(sign_module, "cms_bound", lambda *a, **kw: 100)  # far too little
    pdf = sign_fields(prepared, SignerIdentity("张三", "北京星河科技有限公司"), [FieldValue("a_seal", "seal", seal_png)], ca)
    (_, room, used), = reserved_and_used(pdf)
    assert room == SIGNATURE_BYTES // 2 and used < room
    report = verify_pdf(pdf, ca.trust_roots)
    assert report.authentic, report.problems


@pytest.mark.parametrize("kind", ["seal", "signature"])
def test_a_retried_signature_leaves_no_half_written_image_behind(prepared, ca, seal_png, ink_png, kind, monkeypatch):
    from tests.pdf.test_images import image_objects

    monkeypatch.setattr(sign_module, "cms_bound", lambda *a, **kw: 100)
    name, png = ("a_seal", seal_png) if kind == "seal" else ("a_sign", ink_png)
    pdf = sign_fields(prepared, SignerIdentity("张三", "北京星河科技有限公司"), [FieldValue(name, kind, png)], ca)
    assert len(image_objects(pdf)) == 1
