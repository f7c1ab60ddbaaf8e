"""A reader followed from revision to revision sees what a reader opened on the grown file sees."""
import io

import pytest

from backend.lib.pdf import revisions
from backend.lib.pdf.fields import read_fields
from backend.lib.pdf.sign import FieldValue, SignedDocument, SignerIdentity


def _serialised(obj) -> bytes:
    from pyhanko.pdf_utils import generic

    out = io.BytesIO()
    if isinstance(obj, generic.StreamObject):
        generic.DictionaryObject(obj).write_to_stream(out, None)
        out.write(obj.encoded_data)
    else:
        obj.write_to_stream(out, None)
    return out.getvalue()


def _same_view(followed, fresh) -> None:
    assert followed.xrefs.total_revisions == fresh.xrefs.total_revisions
    assert followed.last_startxref == fresh.last_startxref
    for key in ("/Root", "/Info", "/Size", "/ID", "/Prev"):
        assert _serialised(followed.trailer.raw_get(key)) == _serialised(fresh.trailer.raw_get(key)), key
    assert {n: i for n, (i, _) in read_fields(followed).items()} == {n: i for n, (i, _) in read_fields(fresh).items()}
    # every object the followed reader kept from earlier revisions is what the file says it is now
    kept = list(followed.resolved_objects)
    assert kept
    for generation, idnum in kept:
        from pyhanko.pdf_utils.generic import Reference

        a = followed.get_object(Reference(idnum, generation, followed))
        b = fresh.get_object(Reference(idnum, generation, fresh))
        assert _serialised(a) == _serialised(b), (idnum, generation)


@pytest.fixture(scope="module")
def followed(prepared, ca, seal_png, ink_png):
    doc = SignedDocument(prepared, ca, image_sources=["a_seal", "a_sign", "b_seal_p1", "b_seal_p3", "c_seal"])
    views = []
    steps = [(SignerIdentity("张三", "北京星河科技有限公司"),
              [FieldValue("a_seal", "seal", seal_png), FieldValue("a_sign", "signature", ink_png),
               FieldValue("a_date", "date")]),
             (SignerIdentity("李四", "上海月亮贸易有限公司"),
              [FieldValue("b_seal_p1", "seal", seal_png), FieldValue("b_seal_p3", "seal", seal_png)]),
             (SignerIdentity("王五", "广州太阳能源有限公司"), [FieldValue("c_date", "date", text="2026年11月25日")])]
    for who, values in steps:
        assert doc.sign(who, values)
        views.append((doc._reader, doc.pdf))
    return views


def test_the_followed_reader_agrees_with_a_fresh_one_after_every_signer(followed):
    readers = {id(r) for r, _ in followed}
    assert len(readers) == 1  # one reader all along: followed, never reopened
    reader, _ = followed[-1]
    _same_view(reader, revisions.fresh_reader(followed[-1][1]))


def test_a_date_only_revision_is_followed_too(followed):
    reader, pdf = followed[-1]
    assert read_fields(reader)["c_date"][0].filled
    assert reader.xrefs.total_revisions == revisions.fresh_reader(pdf).xrefs.total_revisions


def test_bytes_that_do_not_continue_the_file_get_a_fresh_reader(prepared, signed):
    reader = revisions.fresh_reader(prepared)
    other = revisions.follow(reader, b"x" + prepared[1:], signed)  # `signed` does not extend these bytes
    assert other is not reader and other.xrefs.total_revisions == revisions.fresh_reader(signed).xrefs.total_revisions


def test_without_the_known_pyhanko_a_fresh_reader_is_read(prepared, signed, monkeypatch):
    monkeypatch.setattr(revisions, "_FOLLOWS", False)
    reader = revisions.fresh_reader(prepared)
    assert revisions.follow(reader, prepared, signed) is not reader


def test_a_failed_advance_falls_back_to_a_fresh_reader(ca, prepared, seal_png, monkeypatch):
    monkeypatch.setattr(revisions, "_advance", lambda reader, new: 1 / 0)
    doc = SignedDocument(prepared, ca)
    assert doc.sign(SignerIdentity("张三", "北京星河科技有限公司"), [FieldValue("a_seal", "seal", seal_png)])
    _same_view(doc._reader, revisions.fresh_reader(doc.pdf))
