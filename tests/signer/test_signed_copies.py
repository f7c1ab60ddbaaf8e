"""Every signer's signed copy: the completion SMS and its link, the phone proof, the files, expiry and limits."""
import hashlib
from datetime import timedelta
from urllib.parse import urlparse

import pytest

from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.pdf.verify import verify_pdf
from backend.models import AuditEvent, CopyLink, Document, Meeting, Notification
from backend.models.base import utcnow
from backend.services import completion, jobs, outbox, signed_copies
from backend.services.audit import verify_chain
from tests.signer.test_wechat_channel import fake_wechat  # noqa: F401


@pytest.fixture
def completed(booked, sms_messages):
    """A contract both signers signed and the platform sealed, its completion SMS sent."""
    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    jobs.run_pending()
    outbox.deliver_due()
    assert db.session.get(Meeting, c.meeting["id"]).audit_pdf_key
    return c


def _completion_sms(sms_messages, phone: str) -> dict:
    mine = [m for m in sms_messages() if m["template"] == "completed" and m["to"] == phone]
    assert len(mine) == 1, mine
    return mine[0]


def _token(client, message: dict) -> str:
    """Follow the SMS's short link as a phone would: it leads to /h5/copy/<token>."""
    res = client.get(urlparse(message["params"]["short_link"]).path)
    assert res.status_code == 302
    path = urlparse(res.headers["Location"]).path
    assert path.startswith("/h5/copy/")
    assert client.get(path).status_code == 200  # the H5 page
    return path.rsplit("/", 1)[1]


def _code(sms_messages, phone: str) -> str:
    return [m for m in sms_messages() if m["template"] == "otp" and m["to"] == phone][-1]["params"]["code"]


def _open(client, sms_messages, token: str, phone: str) -> str:
    """Ask for a code on the link, read it off the phone, prove it; return the access token."""
    assert client.post(f"/api/copies/{token}/sms").status_code == 202
    res = client.post(f"/api/copies/{token}/verify", json={"sms_code": _code(sms_messages, phone)})
    assert res.status_code == 200, res.get_json()
    return res.get_json()["access_token"]


def _bearer(access: str) -> dict:
    return {"Authorization": f"Bearer {access}"}


def test_each_signer_and_the_organizer_get_the_completion_sms_once(completed, sms_messages, client):
    c = completed
    mid = c.meeting["id"]
    for phone in c.phones:
        message = _completion_sms(sms_messages, phone.info["phone"])
        assert message["params"]["name"] == phone.info["name"] and "查看签署件" in message["text"]
        assert "/l/" in message["text"]  # a short link: Tencent allows no URL as a variable
    organizer = [m for m in sms_messages() if m["template"] == "completed" and m["to"] == "13700000000"]
    assert len(organizer) == 1 and organizer[0]["params"]["link"].endswith(f"/admin/contracts/{mid}")
    log = c.api.get(f"/api/meetings/{mid}/notifications").get_json()
    assert sorted(n["participant_id"] or "organizer" for n in log if n["template"] == "completed") == \
        sorted([s["id"] for s in c.signers] + ["organizer"])
    assert all(n["status"] == "sent" for n in log if n["template"] == "completed")
    # Running the finish again (a retried job) sends nothing more.
    completion.finish_meeting(mid)
    assert signed_copies.notify_completed(mid) == 0
    db.session.commit()
    outbox.deliver_due()
    assert Notification.query.filter_by(meeting_id=mid, template="completed").count() == 3
    assert CopyLink.query.filter_by(meeting_id=mid).count() == 2


def test_the_link_proves_the_phone_then_shows_the_summary_and_downloads_the_files(completed, sms_messages, client):
    c = completed
    signer = c.phones[0]
    token = _token(client, _completion_sms(sms_messages, signer.info["phone"]))
    before = client.get(f"/api/copies/{token}").get_json()
    assert set(before) == {"phone_masked", "expires_at"}  # nothing of the contract before the proof
    assert before["phone_masked"] == signer.info["phone"][:3] + "****" + signer.info["phone"][-4:]
    assert client.get(f"/api/copies/{token}/summary").status_code == 401
    access = _open(client, sms_messages, token, signer.info["phone"])
    res = client.get(f"/api/copies/{token}/summary", headers=_bearer(access))
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    meeting, doc = db.session.get(Meeting, c.meeting["id"]), Document.query.one()
    meeting_id, trail_sha = meeting.id, meeting.audit_pdf_sha256
    doc_id, final_sha, original_sha = doc.id, doc.final_sha256, doc.sha256
    assert body["meeting"]["name"] == "战略合作签约仪式" and body["meeting"]["completed_at"]
    assert body["parties"] == [c.org.name, c.other.name]
    assert body["signer"]["name"] == signer.info["name"] and body["signer"]["signed_at"]
    assert [s["enterprise_name"] for s in body["signers"]] == [c.org.name, c.other.name]
    assert all("*" in s["name_masked"] for s in body["signers"])
    [listed] = body["documents"]
    assert (listed["filename"], listed["signed_filename"]) == ("合同.pdf", "合同（已签署）.pdf")
    assert listed["sha256"] == final_sha and listed["original_sha256"] == original_sha
    assert body["audit_trail"]["sha256"] == trail_sha

    pdf = client.get(listed["url"], headers=_bearer(access))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "filename*=UTF-8''%E5%90%88%E5%90%8C%EF%BC%88%E5%B7%B2%E7%AD%BE%E7%BD%B2%EF%BC%89.pdf" in \
        pdf.headers["Content-Disposition"]
    assert hashlib.sha256(pdf.data).hexdigest() == final_sha
    assert verify_pdf(pdf.data, platform_ca().trust_roots).authentic
    trail = client.get(body["audit_trail"]["url"], headers=_bearer(access))
    assert trail.status_code == 200 and hashlib.sha256(trail.data).hexdigest() == trail_sha

    events = AuditEvent.query.filter_by(meeting_id=meeting_id).order_by(AuditEvent.seq).all()
    downloads = [e.data for e in events if e.kind == "copy_downloaded"]
    assert [d["file"] for d in downloads] == [doc_id, "audit"]
    assert {d["participant_id"] for d in downloads} == {c.signers[0]["id"]}
    assert [e.kind for e in events if e.kind.startswith("copy_")] == [
        "copy_code_sent", "copy_verified", "copy_downloaded", "copy_downloaded"]
    assert verify_chain(meeting_id) == []


def test_a_wrong_code_gets_nothing(completed, sms_messages, client):
    signer = completed.phones[0]
    token = _token(client, _completion_sms(sms_messages, signer.info["phone"]))
    assert client.post(f"/api/copies/{token}/sms").status_code == 202
    right = _code(sms_messages, signer.info["phone"])
    wrong = "000000" if right != "000000" else "111111"
    res = client.post(f"/api/copies/{token}/verify", json={"sms_code": wrong})
    assert res.status_code == 422 and res.get_json()["error"]["code"] == "verification_failed"
    assert "access_token" not in res.get_json()
    assert client.post(f"/api/copies/{token}/verify", json={}).status_code == 422
    for access in ("", "made-up-token"):
        assert client.get(f"/api/copies/{token}/summary", headers=_bearer(access)).status_code == 401
        assert client.get(f"/api/copies/{token}/audit.pdf", headers=_bearer(access)).status_code == 401
    failed = AuditEvent.query.filter_by(kind="copy_verification_failed").count()
    assert failed == 1


def test_someone_elses_link_gets_nothing(completed, sms_messages, client):
    mine, theirs = completed.phones
    their_token = _token(client, _completion_sms(sms_messages, theirs.info["phone"]))
    my_token = _token(client, _completion_sms(sms_messages, mine.info["phone"]))
    codes_before = len([m for m in sms_messages() if m["template"] == "otp" and m["to"] == mine.info["phone"]])
    res = client.post(f"/api/copies/{their_token}/sms")
    assert res.status_code == 202
    assert res.get_json()["phone_masked"].endswith(theirs.info["phone"][-4:])  # the code went to their phone
    assert len([m for m in sms_messages() if m["template"] == "otp" and m["to"] == mine.info["phone"]]) == codes_before
    # My own code, from my own link, opens my link only.
    assert client.post(f"/api/copies/{my_token}/sms").status_code == 202
    res = client.post(f"/api/copies/{their_token}/verify", json={"sms_code": _code(sms_messages, mine.info["phone"])})
    assert res.status_code == 422
    my_access = client.post(f"/api/copies/{my_token}/verify",
                            json={"sms_code": _code(sms_messages, mine.info["phone"])}).get_json()["access_token"]
    assert client.get(f"/api/copies/{their_token}/summary", headers=_bearer(my_access)).status_code == 401
    doc_id = Document.query.one().id
    assert client.get(f"/api/copies/{their_token}/documents/{doc_id}.pdf", headers=_bearer(my_access)).status_code == 401
    assert client.get("/api/copies/NoSuchLink0000000000000000000000").get_json()["error"]["code"] == \
        "copy_link_not_found"


def test_an_expired_link_says_so(completed, sms_messages, client, monkeypatch):
    signer = completed.phones[0]
    token = _token(client, _completion_sms(sms_messages, signer.info["phone"]))
    access = _open(client, sms_messages, token, signer.info["phone"])
    link = CopyLink.query.filter_by(token_hash=signed_copies.token_digest(token)).one()
    assert abs(link.expires_at - (utcnow() + timedelta(days=30))) < timedelta(minutes=5)  # COPY_LINK_DAYS=30
    later = utcnow() + timedelta(days=30, minutes=1)
    monkeypatch.setattr(signed_copies, "utcnow", lambda: later)  # the clock, injected: nobody waits 30 days
    for res in (client.get(f"/api/copies/{token}"), client.post(f"/api/copies/{token}/sms"),
                client.post(f"/api/copies/{token}/verify", json={"sms_code": "123456"}),
                client.get(f"/api/copies/{token}/summary", headers=_bearer(access))):
        assert res.status_code == 410, res.get_json()
        assert res.get_json()["error"]["code"] == "copy_link_expired" and "已过期" in res.get_json()["error"]["message"]


def test_copy_link_days_is_configurable(booked, app, monkeypatch):
    monkeypatch.setitem(app.config, "COPY_LINK_DAYS", 2)
    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        phone.sign()
    jobs.run_pending()
    for link in CopyLink.query.all():
        assert abs(link.expires_at - (utcnow() + timedelta(days=2))) < timedelta(minutes=5)


def test_verify_is_rate_limited_per_link(completed, sms_messages, client):
    signer = completed.phones[0]
    token = _token(client, _completion_sms(sms_messages, signer.info["phone"]))
    answers = [client.post(f"/api/copies/{token}/verify", json={"sms_code": "999999"},
                           environ_base={"REMOTE_ADDR": f"10.9.0.{i}"}).status_code for i in range(11)]
    assert answers == [422] * 10 + [429]


def test_the_wechat_phone_proof_opens_the_link(completed, sms_messages, client, fake_wechat):  # noqa: F811
    signer, other = completed.phones
    token = _token(client, _completion_sms(sms_messages, signer.info["phone"]))
    wrong = client.post(f"/api/copies/{token}/verify",
                        json={"phone_code": fake_wechat.issue_phone_code(other.info["phone"])})
    assert wrong.status_code == 422
    res = client.post(f"/api/copies/{token}/verify",
                      json={"phone_code": fake_wechat.issue_phone_code(signer.info["phone"])})
    assert res.status_code == 200
    assert client.get(f"/api/copies/{token}/summary", headers=_bearer(res.get_json()["access_token"])).status_code == 200
    assert AuditEvent.query.filter_by(kind="copy_verified").one().data["method"] == "wechat_phone"


def test_the_done_screen_says_generating_until_sealed_then_offers_the_files(booked):
    c = booked()
    first, second = c.phones
    first.login().verify_by_sms()
    assert first.get("/copy").get_json()["state"] == "not_signed"
    assert first.sign().status_code == 200
    body = first.get("/copy").get_json()
    assert (body["state"], body["signed"], body["signer_count"], body["applied"], body["total"]) == \
        ("generating", 1, 2, 0, 2)
    assert "documents" not in body
    doc_id = Document.query.one().id
    nope = first.get(f"/copy/documents/{doc_id}.pdf")
    assert nope.status_code == 409 and nope.get_json()["error"]["code"] == "copy_not_ready"
    jobs.run_pending()
    assert first.get("/copy").get_json()["applied"] == 1
    second.login().verify_by_sms()
    second.sign()
    jobs.run_pending()
    body = first.get("/copy").get_json()
    assert body["state"] == "ready" and body["sealed"] and body["applied"] == body["total"] == 2
    pdf = first.get(body["documents"][0]["url"].removeprefix(f"/api/signer/scenes/{first.scene}"))
    assert pdf.status_code == 200 and hashlib.sha256(pdf.data).hexdigest() == Document.query.one().final_sha256
    trail = first.get(body["audit_trail"]["url"].removeprefix(f"/api/signer/scenes/{first.scene}"))
    assert trail.status_code == 200 and trail.data.startswith(b"%PDF")
    downloads = AuditEvent.query.filter_by(kind="copy_downloaded").all()
    assert [(e.data["via"], e.channel) for e in downloads] == [("scene", "h5"), ("scene", "h5")]
    # Another session, not verified as this signer, gets nothing.
    stranger = type(first)(first.client, first.info, first.scene, None).login(ip="10.0.0.9")
    assert stranger.get("/copy").status_code == 403
    assert stranger.get(f"/copy/documents/{doc_id}.pdf").status_code == 403


def test_a_declined_contract_has_no_copy(booked):
    c = booked()
    first, second = c.phones
    first.login().verify_by_sms()
    first.sign()
    second.login().verify_by_sms()
    assert second.post("/decline", json={"reason": "条款有误"}).status_code == 200
    jobs.run_pending()
    assert first.get("/copy").get_json()["state"] == "unavailable"
    assert CopyLink.query.count() == 0


def test_the_signed_pdf_from_the_link_is_the_sealed_one(completed, sms_messages, client):
    signer = completed.phones[1]
    token = _token(client, _completion_sms(sms_messages, signer.info["phone"]))
    access = _open(client, sms_messages, token, signer.info["phone"])
    doc_id, key = Document.query.with_entities(Document.id, Document.current_key).one()
    data = client.get(f"/api/copies/{token}/documents/{doc_id}.pdf", headers=_bearer(access)).data
    assert data == files().get(key)
    assert client.get(f"/api/copies/{token}/documents/nosuchdocument.pdf", headers=_bearer(access)).status_code == 404
