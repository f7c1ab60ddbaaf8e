"""The audit-trail PDF in the language(s) it is given: the library sets whatever labels the caller translated,
dates written per locale with the zone named, and stays signed and verifiable in every language."""
import dataclasses
import datetime as dt
import re
import shutil

import pytest

from backend.lib.pdf.audit import (
    LABELS,
    AuditDocument,
    AuditEntry,
    AuditLanguage,
    AuditParticipant,
    AuditTrail,
    build_audit_pdf,
)
from backend.lib.pdf.finish import audit_trail_pdf
from backend.lib.pdf.verify import verify_pdf
from tests.pdf.conftest import run_tool

CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
# What a catalogue would give (the app's English lives in messages.po; the library only sets it).
ENGLISH = AuditLanguage("en", {**LABELS, "title": "Signing audit trail", "meeting": "Meeting: %(name)s",
                               "meeting_id": "Meeting ID", "organizer": "Organizer", "starts": "Start", "ends": "End",
                               "completed": "Completed", "generated": "Generated", "zone_label": "Time zone",
                               "zone": "Beijing time (UTC+8)", "zone_short": "Beijing time",
                               "verify_url": "Verify at: %(url)s", "documents": "Contract files", "file": "File",
                               "pages": "Pages", "hashes": "Original SHA-256 / final SHA-256",
                               "original": "Original: %(sha)s", "final": "Final: %(sha)s",
                               "participants": "Participants", "name": "Name", "role": "Role",
                               "enterprise": "Enterprise", "id_number": "ID number", "phone": "Mobile",
                               "status": "Status", "events": "Events", "time": "Time (Beijing time)",
                               "actor": "Actor", "action": "Event", "action_detail": "%(action)s (%(detail)s)",
                               "channel": "Channel", "verification": "Verification", "footer": "Signed by Signstage.",
                               "role_host": "Host", "role_signer": "Signer", "role_observer": "Observer"})
T = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.timezone.utc)
TRAIL = AuditTrail(
    meeting_name="Hamburg–Shanghai Port Partnership", meeting_id="M-20261125-02", organizer="Hafen Hamburg GmbH",
    starts_at=T, ends_at=T + dt.timedelta(hours=1), completed_at=T + dt.timedelta(minutes=20),
    generated_at=T + dt.timedelta(minutes=21), verify_url="https://signstage.example/verify",
    documents=(AuditDocument("partnership.pdf", "a1" * 32, "f9" * 32, 3),),
    participants=(AuditParticipant("Anna Schmidt", "signer", "Hafen Hamburg GmbH", "", "", "Signed"),),
    events=(AuditEntry(T + dt.timedelta(minutes=5), "Anna Schmidt", "identity verified", "203.0.113.7", "h5", "sms",
                       "#3 0123456789ab"),),
    languages=(ENGLISH,))


def _text(pdf: bytes) -> str:
    return run_tool("pdftotext", "-layout", "{}", "-", input_bytes=pdf).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils needed")
def test_an_english_trail_has_english_labels_and_dates_and_still_verifies(ca):
    signed = audit_trail_pdf(TRAIL, ca)
    text = _text(signed)
    for words in ("Signing audit trail", "Meeting ID", "Time zone", "Participants", "Events", "Signer",
                  "Schmidt", "Nov 25, 2026, 10:00:00 AM Beijing time"):  # a name wraps between words only
        assert words in text, words
    assert "2026-11-25" in text and "10:05:00" in text and "identity verified (#3" in text  # an event's cell wraps
    assert not CJK.search(text), CJK.findall(text)  # the embedded CJK font sets Latin text too
    report = verify_pdf(signed, ca.trust_roots)
    assert report.authentic, report.problems


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils needed")
def test_a_bilingual_trail_stacks_both_languages():
    both = dataclasses.replace(TRAIL, languages=(AuditLanguage(), ENGLISH))
    text = re.sub(r"\s+", "", _text(build_audit_pdf(both)))
    for words in ("签署审计记录", "Signingaudittrail", "会议编号", "MeetingID", "签署人", "Signer",
                  "2026年11月25日10:00:00北京时间", "Nov25,2026,10:00:00AMBeijingtime"):
        assert words in text, words


def test_without_languages_the_trail_is_chinese_as_before():
    chinese = dataclasses.replace(TRAIL, languages=(AuditLanguage(),))
    assert chinese == dataclasses.replace(TRAIL, languages=AuditTrail.__dataclass_fields__["languages"].default)
    text = re.sub(r"\s+", "", _text(build_audit_pdf(chinese)))
    assert "签署审计记录" in text and "Signingaudittrail" not in text and "时区" in text
