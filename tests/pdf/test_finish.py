import datetime as dt
import io
import re
import shutil

import pytest
from PIL import Image
from pypdf import PdfReader

from backend.lib.pdf.audit import AuditDocument, AuditEntry, AuditParticipant, AuditTrail
from backend.lib.pdf.finish import PLATFORM_FIELD, audit_trail_pdf, seal_document
from backend.lib.pdf.verify import verify_pdf
from tests.pdf.conftest import run_tool


@pytest.fixture(scope="module")
def sealed(signed, ca):
    return seal_document(signed, ca)


def test_platform_seal_keeps_every_signature_valid(sealed, signed, ca):
    report = verify_pdf(sealed, ca.trust_roots)
    assert report.authentic, report.problems
    last = report.signatures[-1]
    assert last.field == PLATFORM_FIELD and last.coverage == "ENTIRE_FILE"
    assert last.timestamp_is_local and "not a qualified TSA" in last.timestamp_authority
    assert len(report.signatures) == 6 and all(s.intact and s.valid and s.trusted for s in report.signatures)
    assert sealed.startswith(signed)


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils needed")
def test_platform_seal_valid_in_pdfsig(sealed):
    out = run_tool("pdfsig", "{}", input_bytes=sealed).stdout
    verdicts = re.findall(r"Signature Validation: (.*)", out)
    assert verdicts == ["Signature is Valid."] * 6
    assert "Total document signed" in out.rsplit("Signature #6", 1)[1]


def test_sealing_twice_changes_nothing(sealed, ca):
    assert seal_document(sealed, ca) == sealed


@pytest.fixture(scope="module")
def trail():
    t = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.timezone.utc)
    return AuditTrail(
        meeting_name="2026 星河—月亮战略签约仪式", meeting_id="M-20261125-01", organizer="北京星河科技有限公司",
        starts_at=t, ends_at=t + dt.timedelta(hours=1), completed_at=t + dt.timedelta(minutes=20),
        verify_url="https://signstage.example/verify/M-20261125-01",
        documents=(AuditDocument("战略合作协议.pdf", "a1" * 32, "f9" * 32, 3),),
        participants=(AuditParticipant("张三", "signer", "北京星河科技有限公司", "110101199003071234", "13812345678", "已签署"),
                      AuditParticipant("李四", "signer", "上海月亮贸易有限公司", "310101********5678", "139****0000", "已签署")),
        events=(AuditEntry(t + dt.timedelta(minutes=5), "张三", "身份核验通过", "203.0.113.7", "微信小程序", "短信验证码"),
                AuditEntry(t + dt.timedelta(minutes=6), "张三", "签署", "203.0.113.7", "微信小程序", "短信验证码",
                           "合同专用章")),
    )


@pytest.fixture(scope="module")
def audit(trail, ca):
    return audit_trail_pdf(trail, ca)


def test_audit_trail_is_signed_by_platform(audit, ca):
    report = verify_pdf(audit, ca.trust_roots)
    assert report.authentic, report.problems
    assert report.signatures[0].signer_name == "Signstage Platform Seal"


def test_audit_trail_content(audit):
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(audit)).pages)
    flat = re.sub(r"\s+", "", text)
    for needle in ("签署审计记录", "2026星河—月亮战略签约仪式", "203.0.113.7", "微信小程序", "短信验证码",
                   "a1" * 32, "f9" * 32, "110101********1234", "138****5678", "2026-11-2510:06:00"):
        assert needle in flat, needle
    # full numbers passed by mistake are masked, never printed
    assert "110101199003071234" not in flat and "13812345678" not in flat


def test_audit_trail_qr_code_points_to_verify_page(audit, tmp_path, trail):
    zxingcpp = pytest.importorskip("zxingcpp")
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils needed")
    (tmp_path / "a.pdf").write_bytes(audit)
    import subprocess

    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", str(tmp_path / "a.pdf"),
                    str(tmp_path / "a")], check=True, timeout=60)
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "a.png"))
    assert [c.text for c in codes] == [trail.verify_url]
