"""The audit trail a completed meeting gets is written in the meeting's language (its screen language), whoever
finished it, and verifies like any other."""
import io
import re

from pypdf import PdfReader

from backend.core.extensions import db
from backend.models import Meeting
from backend.services import jobs

CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def _complete(booked, screen_language: str):
    c = booked()
    db.session.get(Meeting, c.meeting["id"]).screen_language = screen_language
    db.session.commit()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    jobs.run_pending()
    return c


def _audit_pdf(c, client) -> tuple[bytes, str]:
    res = c.org.admin.get(f"/api/contracts/{c.meeting['id']}/audit.pdf")
    assert res.status_code == 200
    report = client.post("/api/verify", data={"file": (io.BytesIO(res.data), "a.pdf")},
                         content_type="multipart/form-data").get_json()
    assert report["authentic"] is True and report["meeting"]["id"] == c.meeting["id"]
    # Whitespace out: table cells wrap their words onto several lines.
    return res.data, re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(res.data)).pages))


def _user_data(c) -> list[str]:
    names = [c.meeting["name"], c.org.name, c.other.name, "合同.pdf", "主持人"]
    names += [s["name"] for s in c.signers]
    return sorted({re.sub(r"\s+", "", n) for n in names}, key=len, reverse=True)


def test_an_english_meetings_audit_trail_is_english_and_verifies(booked, client):
    c = _complete(booked, "en")
    _pdf, text = _audit_pdf(c, client)
    for words in ("Signingaudittrail", "MeetingID", "Timezone", "Participants", "Events", "Beijingtime",
                  "Signer", "Signed", "bookedthemeeting"):
        assert words in text, words
    assert "签署审计记录" not in text
    rest = text
    for value in _user_data(c):  # names, the meeting's and the file's: user data may be Chinese
        rest = rest.replace(value, "")
    assert not CJK.search(rest), CJK.findall(rest)[:20]


def test_a_bilingual_meetings_audit_trail_has_both_languages(booked, client):
    c = _complete(booked, "bilingual")
    _pdf, text = _audit_pdf(c, client)
    for words in ("签署审计记录", "Signingaudittrail", "会议编号", "MeetingID", "已签署/Signed", "预约会议/bookedthemeeting"):
        assert words in text, words


def test_a_chinese_meetings_audit_trail_is_chinese_only(booked, client):
    c = _complete(booked, "zh")
    _pdf, text = _audit_pdf(c, client)
    assert "签署审计记录" in text and "北京时间" in text and "Signingaudittrail" not in text
