"""The change analysis shared by all signatures of a file: as strict as pyHanko's own, linear in revisions."""
import io

import pytest

from backend.lib.pdf.changes import shared_policy
from backend.lib.pdf.inspect import open_reader
from backend.lib.pdf.verify import verify_pdf


def _append(pdf: bytes, change) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    change(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _field(w, name):
    return next(f.get_object() for f in w.root["/AcroForm"]["/Fields"] if f.get_object()["/T"] == name)


def repaint_seal(name: str):
    """A later revision swaps the picture of an applied seal for a blue square."""
    def change(w):
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.generic import pdf_name

        field = _field(w, name)
        old = field["/AP"]["/N"]
        square = generic.StreamObject({pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
                                       pdf_name("/BBox"): old["/BBox"]}, stream_data=b"0 0 1 rg 0 0 80 80 re f")
        field["/AP"][pdf_name("/N")] = w.add_object(square)
        indirect = isinstance(field.raw_get("/AP"), generic.IndirectObject)
        w.update_container(field["/AP"] if indirect else field)
    return change


def draw_over_page(w):
    from pyhanko.pdf_utils import generic

    stream = generic.StreamObject(stream_data=b"q 0 g BT /F1 24 Tf 100 400 Td (PAID) Tj ET Q")
    w.add_stream_to_page(0, w.add_object(stream))


def _pyhanko_levels(pdf: bytes) -> dict[str, str]:
    """Each signature's verdict from pyHanko's own review, every later revision against that signature's."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, DiffResult

    reader = open_reader(pdf, max_bytes=2**30)
    out = {}
    for sig in reader.embedded_signatures:
        result = DEFAULT_DIFF_POLICY.review_file(reader, sig.signed_revision)
        out[str(sig.field_name)] = result.modification_level.name if isinstance(result, DiffResult) else "OTHER"
    return out


def _shared_levels(pdf: bytes) -> dict[str, str]:
    from pyhanko.sign.diff_analysis import DiffResult

    reader = open_reader(pdf, max_bytes=2**30)
    policy = shared_policy(reader)
    out = {}
    for sig in reader.embedded_signatures:
        result = policy.review_file(reader, sig.signed_revision)
        out[str(sig.field_name)] = result.modification_level.name if isinstance(result, DiffResult) else "OTHER"
    return out


def test_an_untouched_contract_gets_pyhankos_verdict_for_every_signature(signed):
    assert _shared_levels(signed) == _pyhanko_levels(signed)
    assert set(_shared_levels(signed).values()) <= {"NONE", "LTA_UPDATES", "FORM_FILLING"}


def test_a_seal_repainted_after_later_signatures_is_caught(signed, ca):
    tampered = _append(signed, repaint_seal("b_seal_p1"))
    # Why a later revision is also judged against the latest signature before it: against the
    # first signature alone the repainted seal looks like the filling of a then-empty field.
    first = _pyhanko_levels(tampered)
    assert first["a_seal"] == "FORM_FILLING" and first["b_seal_p1"] == "OTHER"
    shared = _shared_levels(tampered)
    assert all(level == "OTHER" for name, level in shared.items()), shared
    report = verify_pdf(tampered, ca.trust_roots)
    assert not report.authentic and report.modified_after_signing
    assert any("b_seal_p1" in p and "changed after signing" in p for p in report.problems)


def test_drawing_over_a_page_is_caught_for_every_signature(signed):
    tampered = _append(signed, draw_over_page)
    assert set(_pyhanko_levels(tampered).values()) == {"OTHER"}
    assert set(_shared_levels(tampered).values()) == {"OTHER"}


@pytest.mark.parametrize("victim", ["a_seal", "c_seal"])
def test_the_verdict_never_is_milder_than_pyhankos(signed, victim):
    tampered = _append(signed, repaint_seal(victim))
    theirs, ours = _pyhanko_levels(tampered), _shared_levels(tampered)
    order = ["NONE", "LTA_UPDATES", "FORM_FILLING", "ANNOTATIONS", "OTHER"]
    assert all(order.index(ours[name]) >= order.index(theirs[name]) for name in theirs), (theirs, ours)


@pytest.fixture(scope="module")
def twelve_signed(ca, seal_png):
    """Twelve seals applied one after another, each its own revision."""
    from backend.lib.pdf.controls import ControlSpec
    from backend.lib.pdf.prepare import prepare_pdf
    from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields
    from tests.pdf import pdf_factory

    pdf = prepare_pdf(pdf_factory.contract(1), [ControlSpec(f"s{i}", 1, 0.05 + (i % 4) * 0.23, 0.1 + (i // 4) * 0.25,
                                                            0.2, 0.2, "seal") for i in range(12)])
    for i in range(12):
        pdf = sign_fields(pdf, SignerIdentity(f"签署人{i}", "北京星河科技有限公司"), [FieldValue(f"s{i}", "seal", seal_png)], ca)
    return pdf


def test_each_revision_is_compared_at_most_twice(twelve_signed, ca):
    reader = open_reader(twelve_signed, max_bytes=2**30)
    policy = shared_policy(reader)
    compared = []
    inner = policy.inner

    class Counting:
        def apply(self, old, new, *args):
            compared.append((old.revision, new.revision))
            return inner.apply(old, new, *args)

    policy.inner = Counting()
    for sig in reader.embedded_signatures:
        policy.review_file(reader, sig.signed_revision)
    first = min(sig.signed_revision for sig in reader.embedded_signatures)
    later_revisions = reader.xrefs.total_revisions - 1 - first
    assert later_revisions == 11
    # pyHanko alone makes 11 + 10 + ... + 1 = 66 comparisons here, each walking every field.
    assert len(compared) == len(set(compared)) <= 2 * later_revisions
    assert verify_pdf(twelve_signed, ca.trust_roots).authentic
