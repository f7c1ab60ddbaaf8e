"""Rehearsals: the whole ceremony with watermarked PDFs signed by the rehearsal certificate, no contract, and again."""
import io
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from pypdf import PdfReader

from backend.core.extensions import db
from backend.core.resources import cipher
from backend.lib.pdf.ca import REHEARSAL_PLATFORM_CN, REHEARSAL_UNIT
from backend.lib.pdf.watermark import REHEARSAL_TEXT
from backend.models import Participant
from backend.services import jobs, outbox
from tests.support import Signer, add_document_with_controls, iso, make_pdf

REHEARSAL_PROBLEM = "彩排文件，无法律效力"


def _phones(c, app, sms_messages) -> list[Signer]:
    """A phone per signer of the meeting, on the scene it has now (a reset hands out new ones)."""
    db.session.remove()
    infos = {s["phone"]: s for staff in c.staff.values() for s in staff}
    rows = Participant.query.filter_by(meeting_id=c.meeting["id"], role="signer").order_by(Participant.position)
    return [Signer(app.test_client(), infos[cipher().decrypt(p.phone_enc)], p.scene_token, sms_messages) for p in rows]


def _run(phones) -> None:
    """Every signer verifies by SMS and signs; the worker applies the signatures, completes the meeting, texts."""
    for phone in phones:
        phone.login()
        assert phone.verify_by_sms().status_code == 200
        assert phone.sign().status_code == 200
    jobs.run_pending()
    outbox.deliver_due()
    db.session.remove()


def _copy(phone) -> tuple[bytes, bytes]:
    """The signed PDF and the audit-trail PDF as the signer downloads their copy."""
    copy = phone.get("/copy").get_json()
    assert copy["state"] == "ready", copy
    [doc] = copy["documents"]
    pdf = phone.api.get(doc["url"])
    trail = phone.api.get(copy["audit_trail"]["url"])
    assert pdf.status_code == trail.status_code == 200
    return pdf.data, trail.data


def _verify(client, pdf: bytes) -> dict:
    res = client.post("/api/verify", data={"file": (io.BytesIO(pdf), "x.pdf")}, content_type="multipart/form-data")
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def _red_share(pdf: bytes) -> float:
    """The share of page 1's pixels in the watermark's red, as rendered."""
    import pypdfium2 as pdfium

    data = pdfium.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("RGB").tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    return sum(1 for r, g, b in pixels if r > 200 and r - g > 40 and r - b > 40) / len(pixels)


@pytest.fixture
def rehearsal(ceremony):
    """A rehearsal booked from the wizard's first step on (2 enterprises, 1 signer each), starting in 10 minutes."""
    def make():
        c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
        res = c.api.patch(f"/api/meetings/{c.meeting['id']}", json={"rehearsal": True})
        assert res.status_code == 200 and res.get_json()["rehearsal"] is True
        c.doc = add_document_with_controls(c, make_pdf(pages=2))
        res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
        assert res.status_code == 200, res.get_json()
        c.result_url = res.get_json()["result_url"]
        return c
    return make


def test_a_rehearsal_runs_to_completion_makes_no_contract_and_runs_again(rehearsal, app, client, sms_messages):
    c = rehearsal()
    mid = c.meeting["id"]
    first = _phones(c, app, sms_messages)
    _run(first)
    meeting = c.api.get(f"/api/meetings/{mid}").get_json()
    assert meeting["status"] == "completed" and meeting["rehearsal"] is True

    pdf, trail = _copy(first[0])
    assert all(REHEARSAL_TEXT in page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert _red_share(pdf) > 0.01  # drawn, not only in the text layer
    report = _verify(client, pdf)
    assert report["rehearsal"] is True and report["authentic"] is False
    assert [p for p in report["problems"] if REHEARSAL_PROBLEM in p] and report["meeting"]["rehearsal"] is True
    # Real signatures nonetheless: every one intact, valid and chained to the platform's root.
    assert len(report["signatures"]) == 5
    assert all(s["intact"] and s["valid"] and s["trusted"] for s in report["signatures"])
    assert all(s["rehearsal"] for s in report["signatures"] if s["kind"] == "signature")
    assert "签署审计记录（彩排）" in PdfReader(io.BytesIO(trail)).pages[0].extract_text()
    trail_report = _verify(client, trail)
    assert trail_report["rehearsal"] is True and trail_report["authentic"] is False
    assert trail_report["kind"] == "audit_trail"

    # Nothing in contract management.
    assert c.api.get("/api/contracts").get_json() == []
    assert c.other.admin.get("/api/contracts").get_json() == []  # nor at the other party's
    assert c.api.get("/api/contracts/export.csv").get_data(as_text=True).count("\n") == 1  # the header alone
    for path in ("", "/pdf", "/audit", "/audit.pdf", "/evidence.zip"):
        res = c.api.get(f"/api/contracts/{mid}{path}")
        assert res.status_code == 409 and res.get_json()["error"]["code"] == "rehearsal", path

    # Reset, and the second run completes like the first.
    res = c.api.post(f"/api/meetings/{mid}/reset")
    assert res.status_code == 200, res.get_json()
    again = res.get_json()
    assert again["status"] in ("scheduled", "in_progress") and again["completed_at"] is None
    assert {p["status"] for p in again["participants"] if p["role"] == "signer"} == {"notified"}
    second = _phones(c, app, sms_messages)
    assert {p.scene for p in second}.isdisjoint({p.scene for p in first})  # new QR codes
    assert first[0].get().status_code == 404  # the old ones lead nowhere
    _run(second)
    assert c.api.get(f"/api/meetings/{mid}").get_json()["status"] == "completed"
    pdf_again, _ = _copy(second[1])
    assert pdf_again != pdf and REHEARSAL_TEXT in PdfReader(io.BytesIO(pdf_again)).pages[0].extract_text()
    report = _verify(client, pdf_again)
    assert report["rehearsal"] and not report["authentic"] and len(report["signatures"]) == 5
    assert c.api.get("/api/contracts").get_json() == []


def test_the_audit_trail_keeps_every_run(rehearsal, app, sms_messages):
    from backend.models import Meeting
    from backend.services.audit import verify_chain
    from backend.services.completion import trail_for

    c = rehearsal()
    mid = c.meeting["id"]
    _run(_phones(c, app, sms_messages))
    assert c.api.post(f"/api/meetings/{mid}/reset").status_code == 200
    _run(_phones(c, app, sms_messages))
    kinds = [e.action for e in trail_for(db.session.get(Meeting, mid)).events]
    reset_at = kinds.index("重置彩排")
    for run in (kinds[:reset_at], kinds[reset_at:]):
        assert run.count("提交签署") == 2 and run.count("签名写入PDF") == 2 and run.count("合同签署完成") == 1
        assert run.count("查看合同") == 2  # each run's first look, once per signer
    assert verify_chain(mid) == []


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils needed")
def test_pdfsig_validates_every_signature_of_a_rehearsal(rehearsal, app, sms_messages, tmp_path):
    c = rehearsal()
    phones = _phones(c, app, sms_messages)
    _run(phones)
    path = tmp_path / "rehearsal.pdf"
    path.write_bytes(_copy(phones[0])[0])
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60).stdout
    assert re.findall(r"Signature Validation: (.*)", out) == ["Signature is Valid."] * 5
    assert out.count(f"OU={REHEARSAL_UNIT}") == 5 and REHEARSAL_PLATFORM_CN in out


def test_every_notice_of_a_rehearsal_is_marked(rehearsal, app, sms_messages):
    c = rehearsal()
    booked = sms_messages()
    assert {m["template"] for m in booked} == {"meeting_host", "meeting_signer"}
    assert all(m["text"].startswith("【Signstage】【彩排】") for m in booked)
    _run(_phones(c, app, sms_messages))
    done = [m for m in sms_messages() if m["template"] == "completed"]
    assert len(done) == 3 and all(m["text"].startswith("【Signstage】【彩排】") for m in done)
    # The organizer's notice leads to the meeting page: a rehearsal is not under 合同管理.
    [organizer] = [m for m in done if m["params"]["name"].endswith("联系人")]
    assert "/admin/meetings/" in app.test_client().get(organizer["params"]["short_link"]
                                                       .removeprefix("http://signstage.test")).headers["Location"]
    # A one-time code's template holds digits only: the code is sent as in any meeting.
    assert all(m["text"].startswith("【Signstage】您的验证码") for m in sms_messages() if m["template"] == "otp")


def test_a_real_meetings_notices_are_not_marked(booked, sms_messages):
    booked()
    assert sms_messages() and not any("彩排" in m["text"] for m in sms_messages())


def test_signers_and_the_screen_are_told_it_is_a_rehearsal(rehearsal, booked, app, sms_messages, client):
    c = rehearsal()
    phone = _phones(c, app, sms_messages)[0].login()
    assert phone.get().get_json()["meeting"]["rehearsal"] is True
    token = c.result_url.rsplit("/", 1)[-1]
    assert client.get(f"/screen/{token}/state").get_json()["meeting"]["rehearsal"] is True
    real = booked()
    assert real.phones[0].login().get().get_json()["meeting"]["rehearsal"] is False
    assert client.get(f"/screen/{real.result_url.rsplit('/', 1)[-1]}/state").get_json()["meeting"]["rehearsal"] is False


def test_the_signer_sees_every_page_watermarked(rehearsal, app, sms_messages):
    from PIL import Image

    c = rehearsal()
    phone = _phones(c, app, sms_messages)[0].login()
    assert phone.verify_by_sms().status_code == 200
    [doc] = phone.get("/documents").get_json()
    assert len(doc["pages"]) == 2
    for page in doc["pages"]:  # page 2 carries no control: it is shown from the stamped copy all the same
        image = phone.api.get(page["url"])
        assert image.status_code == 200
        rgb = Image.open(io.BytesIO(image.data)).convert("RGB").tobytes()
        red = sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 200 and rgb[i] - rgb[i + 1] > 40)
        assert red > len(rgb) // 3 // 200, page["url"]


def test_a_rehearsal_run_of_a_booked_meeting_leaves_the_meeting_alone(booked, app, sms_messages):
    c = booked()
    mid = c.meeting["id"]
    res = c.api.post(f"/api/meetings/{mid}/rehearsal", json={})
    assert res.status_code == 201, res.get_json()
    run = res.get_json()
    assert run["id"] != mid and run["rehearsal"] is True and run["status"] == "draft"
    assert run["name"] == c.meeting["name"] and len(run["participants"]) == len(c.signers) + 1
    assert c.api.get(f"/api/meetings/{run['id']}/check").get_json()["problems"] == []
    assert c.api.post(f"/api/meetings/{run['id']}/book").status_code == 200
    listed = {m["id"]: m["rehearsal"] for m in c.api.get("/api/meetings").get_json()}
    assert listed == {mid: False, run["id"]: True}
    original = c.api.get(f"/api/meetings/{mid}").get_json()
    assert original["rehearsal"] is False and original["status"] == "scheduled"
    assert [d["sha256"] for d in run["documents"]] == [d["sha256"] for d in original["documents"]]
    # Explicit times are checked like any meeting's.
    res = c.api.post(f"/api/meetings/{mid}/rehearsal", json={"starts_at": iso(timedelta(minutes=-5)),
                                                              "ends_at": iso(timedelta(minutes=30))})
    assert res.status_code == 422 and "starts_at" in res.get_json()["error"]["fields"]
    res = c.api.post(f"/api/meetings/{mid}/rehearsal", json={"starts_at": iso(timedelta(hours=1))})
    assert res.status_code == 422 and "ends_at" in res.get_json()["error"]["fields"]
    assert len(c.api.get("/api/meetings").get_json()) == 2  # refusals made nothing


def test_only_a_booked_rehearsal_can_be_reset_and_a_refusal_changes_nothing(booked, rehearsal, ceremony):
    real = booked()
    real.phones[0].login().verify_by_sms()
    assert real.phones[0].sign().status_code == 200
    res = real.api.post(f"/api/meetings/{real.meeting['id']}/reset")
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "not_rehearsal"
    signer = real.api.get(f"/api/meetings/{real.meeting['id']}").get_json()["participants"][1]
    assert signer["status"] == "signed"

    draft = ceremony()
    assert draft.api.patch(f"/api/meetings/{draft.meeting['id']}", json={"rehearsal": True}).status_code == 200
    res = draft.api.post(f"/api/meetings/{draft.meeting['id']}/reset")
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "rehearsal_not_booked"

    c = rehearsal()
    res = c.api.patch(f"/api/meetings/{c.meeting['id']}", json={"rehearsal": False})
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "meeting_frozen"
    assert c.api.get(f"/api/meetings/{c.meeting['id']}").get_json()["rehearsal"] is True
    assert c.other.admin.post(f"/api/meetings/{c.meeting['id']}/reset").status_code == 404  # not theirs


def test_a_reset_forgets_who_verified(rehearsal, app, sms_messages):
    c = rehearsal()
    [phone, _] = _phones(c, app, sms_messages)
    assert phone.login().verify_by_sms().status_code == 200
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/reset").status_code == 200
    [again] = [p for p in _phones(c, app, sms_messages) if p.info == phone.info]
    again.api.token = phone.api.token  # the same phone's session, on the new QR code
    res = again.get("/documents")
    assert res.status_code == 403 and res.get_json()["error"]["code"] == "not_verified"
    assert again.verify_by_sms().status_code == 200 and again.get("/documents").status_code == 200


def test_a_reset_after_the_end_moves_the_rehearsal_to_half_an_hour_from_now(rehearsal):
    from datetime import datetime, timezone

    from backend.models import Meeting
    c = rehearsal()
    mid = c.meeting["id"]
    m = db.session.get(Meeting, mid)
    now = datetime.now(timezone.utc)
    m.starts_at, m.ends_at = now - timedelta(hours=2), now - timedelta(hours=1)
    db.session.commit()
    assert c.api.get(f"/api/meetings/{mid}").get_json()["status"] == "expired"
    res = c.api.post(f"/api/meetings/{mid}/reset")
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    starts = datetime.fromisoformat(body["starts_at"])
    assert timedelta(minutes=29) < starts - now < timedelta(minutes=33) and body["status"] == "scheduled"
    assert datetime.fromisoformat(body["ends_at"]) - starts == timedelta(hours=1)


def test_the_screen_is_told_of_a_reset_and_starts_over(rehearsal, app, sms_messages, client):
    from backend.web.screen.feed import fetch

    c = rehearsal()
    mid, token = c.meeting["id"], c.result_url.rsplit("/", 1)[-1]
    _run(_phones(c, app, sms_messages))
    done = client.get(f"/screen/{token}/state").get_json()
    assert done["meeting"]["status"] == "completed" and done["progress"]["signed"] == 2
    assert c.api.post(f"/api/meetings/{mid}/reset").status_code == 200
    db.session.remove()
    assert [p["kind"] for _, p in fetch(mid, token, done["last_event_id"]) if p][-1] == "rehearsal_reset"
    again = client.get(f"/screen/{token}/state").get_json()
    assert again["meeting"]["status"] != "completed" and again["progress"]["signed"] == 0
    assert all(s["qr_url"] and not s["marks"] for s in again["signers"])  # QR codes back, seals gone
