"""A rehearsal's PDFs: stamped, then signed for real by the rehearsal identity, and never verified as a contract."""
import dataclasses
import io
import re
import shutil

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from backend.lib.pdf.audit import AuditDocument, AuditParticipant, AuditTrail, build_audit_pdf
from backend.lib.pdf.ca import REHEARSAL_PLATFORM_CN, REHEARSAL_UNIT
from backend.lib.pdf.finish import audit_trail_pdf, seal_document
from backend.lib.pdf.prepare import prepare_pdf
from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields
from backend.lib.pdf.verify import REHEARSAL_PROBLEM, verify_pdf
from backend.lib.pdf.watermark import REHEARSAL_TEXT, watermark_pdf
from tests.pdf.conftest import SIGN_TIME, THREE_SIGNER_CONTROLS, run_tool

A_VALUES = [FieldValue("a_seal", "seal"), FieldValue("a_sign", "signature"), FieldValue("a_date", "date")]


def _units(pem: bytes) -> list[str]:
    cert = x509.load_pem_x509_certificate(pem)
    return [a.value for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)]


@pytest.fixture(scope="module")
def trail():
    return AuditTrail(meeting_name="星河—月亮战略签约仪式", meeting_id="M-1", organizer="北京星河科技有限公司",
                      starts_at=SIGN_TIME, ends_at=SIGN_TIME, verify_url="https://signstage.example/verify",
                      documents=(AuditDocument("战略合作协议.pdf", "a1" * 32, "f9" * 32, 3),),
                      participants=(AuditParticipant("张三", "signer", "北京星河科技有限公司"),))


@pytest.fixture(scope="module")
def rehearsal_signed(original, ca, seal_png, ink_png):
    """The rehearsal's path: stamp, prepare, one signer signs, the platform seals, all with the rehearsal identity."""
    prepared = prepare_pdf(watermark_pdf(original), THREE_SIGNER_CONTROLS)
    values = [dataclasses.replace(v, image_png={"seal": seal_png, "signature": ink_png}.get(v.kind))
              for v in A_VALUES]
    rehearsal = ca.signing_for(True)
    signed = sign_fields(prepared, SignerIdentity("张三", "北京星河科技有限公司"), values, rehearsal,
                         signing_time=SIGN_TIME)
    return seal_document(signed, rehearsal)


def test_rehearsal_certificates_carry_the_rehearsal_unit_and_contract_ones_do_not(ca):
    rehearsal = ca.signing_for(True)
    signer = rehearsal.issue_event_certificate("张三", "北京星河科技有限公司")
    assert _units(signer.cert_pem) == [REHEARSAL_UNIT]
    platform = rehearsal.platform_credential()
    assert _units(platform.cert_pem) == [REHEARSAL_UNIT]
    assert REHEARSAL_PLATFORM_CN in x509.load_pem_x509_certificate(platform.cert_pem).subject.rfc4514_string()
    assert rehearsal.platform_credential().serial == platform.serial  # long-lived, like the platform's own
    assert _units(ca.issue_event_certificate("张三", "北京星河科技有限公司").cert_pem) == []
    assert _units(ca.platform_credential().cert_pem) == []
    assert ca.signing_for(False) is ca and rehearsal.root_pem == ca.root_pem
    assert ca.issued_certificate(signer.serial) == signer.cert_pem  # in the registry like any other


def test_a_rehearsal_pdf_verifies_intact_but_not_as_a_contract(rehearsal_signed, ca):
    report = verify_pdf(rehearsal_signed, ca.trust_roots)
    assert report.rehearsal and not report.authentic
    assert list(report.problems) == [REHEARSAL_PROBLEM]  # nothing else is wrong with it
    assert len(report.signatures) == 3 and all(s.intact and s.valid and s.trusted for s in report.signatures)
    assert all(s.rehearsal for s in report.signatures if s.kind == "signature")
    assert not report.modified_after_signing
    assert all(REHEARSAL_TEXT in page.extract_text() for page in PdfReader(io.BytesIO(rehearsal_signed)).pages)


def test_a_contract_signed_the_same_way_stays_authentic(signed, ca):
    report = verify_pdf(signed, ca.trust_roots)
    assert report.authentic and not report.rehearsal and not any(s.rehearsal for s in report.signatures)


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils needed")
def test_pdfsig_finds_every_rehearsal_signature_valid(rehearsal_signed):
    out = run_tool("pdfsig", "{}", input_bytes=rehearsal_signed).stdout
    assert re.findall(r"Signature Validation: (.*)", out) == ["Signature is Valid."] * 3
    # Every certificate names the rehearsal; the platform's seal is the rehearsal identity's.
    assert out.count(f"OU={REHEARSAL_UNIT}") == 3
    assert f"Signer Certificate Common Name: {REHEARSAL_PLATFORM_CN}" in out


def test_the_audit_trail_of_a_rehearsal_says_so_and_is_signed_as_one(trail, ca):
    rehearsal_trail = dataclasses.replace(trail, rehearsal=True)
    pages = PdfReader(io.BytesIO(build_audit_pdf(rehearsal_trail))).pages
    assert "签署审计记录（彩排）" in pages[0].extract_text()
    assert all(REHEARSAL_TEXT in page.extract_text() for page in pages)
    assert "彩排" not in PdfReader(io.BytesIO(build_audit_pdf(trail))).pages[0].extract_text()
    report = verify_pdf(audit_trail_pdf(rehearsal_trail, ca.signing_for(True)), ca.trust_roots)
    assert report.rehearsal and not report.authentic and list(report.problems) == [REHEARSAL_PROBLEM]
