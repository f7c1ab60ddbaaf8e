"""A completed meeting's documents, its audit trail and its poster, are written in the meeting's language (its
screen language), whoever finished it or asks for them; the audit trail verifies in every language."""
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale, gettext
from pypdf import PdfReader

from backend.core.extensions import db
from backend.models import Meeting
from backend.services import jobs
from backend.services.completion import ACTIONS

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


def _english(msgid: str) -> str:
    """What the English catalogue says for msgid, as the flattened PDF text shows it."""
    with force_locale("en"):
        return re.sub(r"\s+", "", gettext(msgid))


def _user_data(c) -> list[str]:
    # The enterprises' names, also as their badges (a name's first four characters: no logo uploaded).
    names = [c.meeting["name"], c.org.name, c.other.name, c.org.name[:4], c.other.name[:4], "合同.pdf", "主持人"]
    names += [s["name"] for s in c.signers]
    return sorted({re.sub(r"\s+", "", n) for n in names}, key=len, reverse=True)


def test_an_english_meetings_audit_trail_is_english_and_verifies(booked, client):
    c = _complete(booked, "en")
    _pdf, text = _audit_pdf(c, client)
    for words in ("Signingaudittrail", "MeetingID", "Timezone", "Participants", "Events", "Beijingtime",
                  "Signer", "Signed", _english(ACTIONS["meeting_booked"])):
        assert words in text, words
    assert "签署审计记录" not in text
    rest = text
    for value in _user_data(c):  # names, the meeting's and the file's: user data may be Chinese
        rest = rest.replace(value, "")
    assert not CJK.search(rest), CJK.findall(rest)[:20]


def test_a_bilingual_meetings_audit_trail_has_both_languages(booked, client):
    c = _complete(booked, "bilingual")
    _pdf, text = _audit_pdf(c, client)
    for words in ("签署审计记录", "Signingaudittrail", "会议编号", "MeetingID", "已签署/Signed",
                  "预约会议/" + _english(ACTIONS["meeting_booked"])):
        assert words in text, words


def test_a_chinese_meetings_audit_trail_is_chinese_only(booked, client):
    c = _complete(booked, "zh")
    _pdf, text = _audit_pdf(c, client)
    assert "签署审计记录" in text and "北京时间" in text and "Signingaudittrail" not in text


def _poster_text(c, size="landscape") -> str:
    res = c.org.admin.get(f"/api/contracts/{c.meeting['id']}/poster.pdf?size={size}")
    assert res.status_code == 200
    return re.sub(r"\s+", "", PdfReader(io.BytesIO(res.data)).pages[0].extract_text())


def test_an_english_meetings_poster_is_english(booked):
    c = _complete(booked, "en")
    text = _poster_text(c)
    contract = c.org.admin.get(f"/api/contracts/{c.meeting['id']}").get_json()
    day = datetime.fromisoformat(contract["completed_at"]).astimezone(ZoneInfo("Asia/Shanghai"))
    for words in ("Signingcomplete", "Signedon", f"{day:%B}{day.day},{day.year}(Beijingtime)", "Signedby"):
        assert words in text, words
    rest = text
    for value in _user_data(c):
        rest = rest.replace(value, "")
    assert not CJK.search(rest), CJK.findall(rest)


def test_a_bilingual_meetings_poster_has_both_and_a_chinese_one_is_as_before(booked):
    c = _complete(booked, "bilingual")
    text = _poster_text(c, "portrait")
    assert "签约成功" in text and "Signingcomplete" in text and "（北京时间）" in text and "(Beijingtime)" in text
    db.session.get(Meeting, c.meeting["id"]).screen_language = "zh"
    db.session.commit()
    text = _poster_text(c, "portrait")  # drawn again: the poster's fingerprint follows its words
    assert "签约成功" in text and "Signingcomplete" not in text
