import io
import re
import shutil

import pytest

from backend.lib.pdf.controls import ControlSpec
from backend.lib.pdf.errors import InvalidControl, InvalidFieldValue, UnknownField
from backend.lib.pdf.prepare import prepare_pdf
from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields, signed_field_names
from backend.lib.pdf.verify import verify_pdf
from tests.pdf.conftest import run_tool

pytestmark = pytest.mark.skipif(not shutil.which("pdfsig") or not shutil.which("qpdf"),
                                reason="poppler-utils and qpdf are needed")


def pdfsig_verdicts(pdf: bytes) -> list[str]:
    out = run_tool("pdfsig", "{}", input_bytes=pdf).stdout
    return re.findall(r"Signature Validation: (.*)", out)


def test_original_is_kept_as_prefix_of_prepared(original, prepared):
    assert prepared.startswith(original) and len(prepared) > len(original)


def test_three_signers_every_signature_valid_in_pdfsig(signed):
    verdicts = pdfsig_verdicts(signed)
    assert len(verdicts) == 5
    assert verdicts == ["Signature is Valid."] * 5


def test_three_signers_pyhanko_intact_valid_trusted(signed, ca):
    report = verify_pdf(signed, ca.trust_roots)
    assert [s.field for s in report.signatures] == ["a_seal", "a_sign", "b_seal_p1", "b_seal_p3", "c_seal"]
    for s in report.signatures:
        assert s.intact and s.valid and s.trusted, s
        assert s.modification_level in ("NONE", "FORM_FILLING")
    assert not report.modified_after_signing
    assert report.authentic, report.problems
    names = {(s.signer_name, s.organisation) for s in report.signatures}
    assert names == {("张三", "北京星河科技有限公司"), ("李四", "上海月亮贸易有限公司"), ("王五", "广州太阳能源有限公司")}
    # an event certificate per signature: unique serials, all in the CA's registry
    serials = [s.serial for s in report.signatures]
    assert len(set(serials)) == len(serials)
    assert all(ca.issued_certificate(s) for s in serials)


def test_qpdf_check_finds_no_errors(signed):
    result = run_tool("qpdf", "--check", "{}", input_bytes=signed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_each_revision_was_valid_when_made(signed_revisions, ca):
    for rev, expected in zip(signed_revisions, (2, 4, 5)):
        report = verify_pdf(rev, ca.trust_roots)
        assert len(report.signatures) == expected and report.authentic


def test_untrusted_root_is_reported(signed, tmp_path):
    from backend.lib.pdf.ca import PlatformCA

    other = PlatformCA.load_or_create(str(tmp_path / "other"))
    report = verify_pdf(signed, other.trust_roots)
    assert not report.authentic
    assert all(s.intact and s.valid and not s.trusted for s in report.signatures)


def _flip_inside_first_signed_range(pdf: bytes) -> bytes:
    # a byte of page content inside the first signature's range: the word "Clause" -> "Claus3"
    at = pdf.find(b"Contract - page 1")
    if at < 0:  # content streams are compressed; flip a byte of the first stream instead
        at = pdf.find(b"stream", pdf.find(b"/Contents")) + 20
    data = bytearray(pdf)
    data[at] ^= 0x01
    return bytes(data)


def test_flipped_byte_reported_by_pdfsig_and_verify(signed, ca):
    tampered = _flip_inside_first_signed_range(signed)
    verdicts = pdfsig_verdicts(tampered)
    assert verdicts and any(v != "Signature is Valid." for v in verdicts)
    report = verify_pdf(tampered, ca.trust_roots)
    assert not report.authentic
    assert not all(s.intact for s in report.signatures)


def test_drawing_over_a_page_after_signing_is_detected(signed, ca):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    stream = generic.StreamObject(stream_data=b"q 1 1 1 rg 0 0 600 850 re f 0 g BT /F1 24 Tf 100 400 Td (PAID) Tj ET Q")
    w.add_stream_to_page(0, w.add_object(stream))
    out = io.BytesIO()
    w.write(out)
    drawn_over = out.getvalue()
    # pdfsig alone keeps saying the signatures are valid
    assert set(pdfsig_verdicts(drawn_over)) == {"Signature is Valid."}
    report = verify_pdf(drawn_over, ca.trust_roots)
    assert report.modified_after_signing
    assert not report.authentic
    assert any(s.modification_level == "OTHER" for s in report.signatures)


def test_signed_field_names_and_retry_is_idempotent(signed_revisions, ca, seal_png, prepared):
    a, b, _ = signed_revisions
    assert signed_field_names(prepared) == set()
    assert signed_field_names(a) == {"a_seal", "a_sign", "a_date"}
    assert signed_field_names(b) == {"a_seal", "a_sign", "a_date", "b_seal_p1", "b_seal_p3"}
    # a retried job for signer B changes nothing
    again = sign_fields(b, SignerIdentity("李四", "上海月亮贸易有限公司"),
                        [FieldValue("b_seal_p1", "seal", seal_png), FieldValue("b_seal_p3", "seal", seal_png)], ca)
    assert again == b


def test_unknown_field_and_wrong_values_are_refused(prepared, ca, seal_png):
    who = SignerIdentity("张三", "北京星河科技有限公司")
    with pytest.raises(UnknownField) as exc:
        sign_fields(prepared, who, [FieldValue("nope", "seal", seal_png)], ca)
    assert exc.value.code == "unknown_field"
    with pytest.raises(InvalidFieldValue):
        sign_fields(prepared, who, [FieldValue("a_seal", "seal", None)], ca)
    with pytest.raises(InvalidFieldValue):
        sign_fields(prepared, who, [FieldValue("a_date", "seal", seal_png)], ca)
    with pytest.raises(InvalidFieldValue):
        sign_fields(prepared, who, [FieldValue("a_seal", "seal", b"not a png")], ca)


@pytest.mark.parametrize("control", [
    ControlSpec("x", 9, 0.1, 0.1, 0.2, 0.2, "seal"),
    ControlSpec("x", 1, 0.9, 0.1, 0.2, 0.2, "seal"),
    ControlSpec("x", 1, 0.1, 0.1, 0.0, 0.2, "seal"),
    ControlSpec("x y", 1, 0.1, 0.1, 0.2, 0.2, "seal"),
    ControlSpec("x", 1, 0.1, 0.1, 0.2, 0.2, "stamp"),
], ids=["page", "overflow", "zero-width", "bad-name", "bad-kind"])
def test_bad_controls_are_refused(original, control):
    with pytest.raises(InvalidControl):
        prepare_pdf(original, [control])


def test_duplicate_control_names_refused(original):
    c = ControlSpec("x", 1, 0.1, 0.1, 0.2, 0.2, "seal")
    with pytest.raises(InvalidControl):
        prepare_pdf(original, [c, c])


def test_unsigned_and_junk_files_are_not_authentic(original, ca):
    report = verify_pdf(original, ca.trust_roots)
    assert not report.authentic and report.signatures == () and report.problems
    from backend.lib.pdf.errors import PdfError

    with pytest.raises(PdfError) as exc:
        verify_pdf(b"hello", ca.trust_roots)
    assert exc.value.code == "not_a_pdf"


def test_libraries_import_no_web_or_database_code():
    import subprocess
    import sys

    code = ("import sys, backend.lib.pdf.verify, backend.lib.pdf.finish, backend.lib.pdf.render, backend.lib.imaging.seal;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy')];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sync_api_works_inside_a_running_event_loop(signed, ca):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside():
        return verify_pdf(signed, ca.trust_roots)

    # A fresh thread: other tests (Playwright's sync API) may keep a loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, inside()).result().authentic


def test_concurrent_signing_of_different_documents_in_threads(prepared, ca, seal_png):
    from concurrent.futures import ThreadPoolExecutor

    who = SignerIdentity("张三", "北京星河科技有限公司")

    def job(_):
        return sign_fields(prepared, who, [FieldValue("a_seal", "seal", seal_png)], ca)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(job, range(4)))
    for pdf in results:
        report = verify_pdf(pdf, ca.trust_roots)
        assert report.authentic and [s.field for s in report.signatures] == ["a_seal"]
