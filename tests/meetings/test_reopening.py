"""Re-opening a declined signer: POST /api/meetings/{id}/participants/{pid}/reopen, its rules and who may call it."""
from datetime import timedelta
from urllib.parse import urlparse

from backend.core.extensions import db
from backend.models import Meeting, Participant
from backend.services import jobs, otp


def _reopen(api, c, participant_id):
    return api.post(f"/api/meetings/{c.meeting['id']}/participants/{participant_id}/reopen")


def _declined(booked):
    """A booked meeting whose first signer verified and declined."""
    c = booked()
    a, _b = c.phones
    a.login().verify_by_sms()
    assert a.post("/decline", json={"reason": "金额条款需再议"}).status_code == 200
    return c


def _new_link(client, sms_messages, phone) -> str:
    """The scene in the latest signing invitation texted to this phone (the SMS carries a short link)."""
    sent = [m for m in sms_messages() if m["to"] == phone.info["phone"] and m["template"].startswith("meeting_signer")]
    res = client.get(urlparse(sent[-1]["params"]["short_link"]).path)
    assert res.status_code == 302
    return urlparse(res.headers["Location"]).path.rsplit("/", 1)[-1]


def test_reopen_gives_the_signer_a_new_scene_and_the_meeting_completes(booked, client, sms_messages, monkeypatch):
    monkeypatch.setattr(otp, "COOLDOWN", timedelta(0))  # the second code comes seconds after the first here
    c = _declined(booked)
    a, b = c.phones
    b.login().verify_by_sms()
    assert b.sign().status_code == 200  # the other signer goes on meanwhile
    jobs.run_pending()
    mid, pid = c.meeting["id"], c.signers[0]["id"]
    assert c.api.get(f"/api/meetings/{mid}").get_json()["phase"] == "awaiting_organizer"
    old_scene = a.scene
    invitations = len([m for m in sms_messages() if m["to"] == a.info["phone"]])

    res = _reopen(c.api, c, pid)
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert body["id"] == pid and body["status"] == "notified"
    assert body["declined_at"] is None and body["decline_reason"] is None
    detail = c.api.get(f"/api/meetings/{mid}").get_json()
    assert detail["phase"] != "awaiting_organizer" and detail["status"] in ("scheduled", "in_progress")
    signed = next(p for p in detail["participants"] if p["id"] == c.signers[1]["id"])
    assert signed["status"] == "signed"  # the other signer's signature stays

    # The old QR code and link are dead; the SMS carries the new one.
    assert a.get().status_code == 404
    assert len([m for m in sms_messages() if m["to"] == a.info["phone"]]) == invitations + 1
    a.scene = _new_link(client, sms_messages, a)
    assert a.scene != old_scene
    # Whoever verified before proves it again on the new scene, then signs.
    assert a.get().get_json()["verified"] is False
    assert a.post("/sign", json={"signature_png": "x", "seals": {}}).status_code == 403
    assert a.verify_by_sms().status_code == 200
    assert a.sign().status_code == 200
    jobs.run_pending()
    assert db.session.get(Meeting, mid).status == "completed"

    events = c.api.get(f"/api/contracts/{mid}/audit").get_json()["events"]
    # a declined, b signed, a was re-opened and signed: the decline is history, not erased.
    assert [e["kind"] for e in events if e["kind"] in ("declined", "reopened", "signed")] == [
        "declined", "signed", "reopened", "signed"]
    reopened = next(e for e in events if e["kind"] == "reopened")
    assert reopened["actor"] == c.api.get("/api/auth/me").get_json()["username"]
    assert reopened["subject"] == c.signers[0]["name"]


def test_the_audit_trail_names_who_reopened(booked):
    c = _declined(booked)
    admin = c.org.admin
    assert _reopen(admin, c, c.signers[0]["id"]).status_code == 200
    events = c.api.get(f"/api/contracts/{c.meeting['id']}/audit").get_json()
    assert events["chain_intact"] is True
    reopened = [e for e in events["events"] if e["kind"] == "reopened"]
    declined = [e for e in events["events"] if e["kind"] == "declined"]
    assert len(reopened) == 1 and len(declined) == 1
    # The admin who re-opened, the signer who declined.
    assert reopened[0]["actor"] == admin.get("/api/auth/me").get_json()["username"]
    assert declined[0]["actor"] == c.signers[0]["name"]
    assert reopened[0]["action"] == "重新开放签署"


def test_a_signer_who_has_not_declined_cannot_be_reopened(booked):
    c = booked()
    a, b = c.phones
    res = _reopen(c.api, c, c.signers[0]["id"])
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "not_declined"
    b.login().verify_by_sms()
    b.sign()
    res = _reopen(c.api, c, c.signers[1]["id"])
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "not_declined"
    res = _reopen(c.api, c, c.host["id"])
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "not_declined"
    assert _reopen(c.api, c, "ffffffffffffffff").status_code == 404
    assert db.session.get(Participant, c.signers[0]["id"]).scene_token == a.scene  # nothing changed


def test_reopening_twice_makes_one_new_scene(booked, sms_messages):
    c = _declined(booked)
    pid = c.signers[0]["id"]
    assert _reopen(c.api, c, pid).status_code == 200
    scene = db.session.get(Participant, pid).scene_token
    res = _reopen(c.api, c, pid)
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "not_declined"
    db.session.expire_all()
    assert db.session.get(Participant, pid).scene_token == scene


def test_a_cancelled_or_completed_meeting_cannot_be_reopened(booked):
    c = _declined(booked)
    pid = c.signers[0]["id"]
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/cancel").status_code == 200
    res = _reopen(c.api, c, pid)
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "meeting_over"
    assert db.session.get(Participant, pid).status == "declined"

    done = booked()
    for phone in done.phones:
        phone.login().verify_by_sms()
        phone.sign()
    jobs.run_pending()
    assert db.session.get(Meeting, done.meeting["id"]).status == "completed"
    res = _reopen(done.api, done, done.signers[0]["id"])
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "meeting_over"


def test_only_the_organizers_enterprise_may_reopen(booked, client, operator, make_enterprise):
    c = _declined(booked)
    pid = c.signers[0]["id"]
    # The other signing enterprise took part, but the meeting is not theirs to run.
    assert _reopen(c.other.admin, c, pid).status_code == 404
    assert _reopen(c.other.organizer, c, pid).status_code == 404
    assert _reopen(make_enterprise().organizer, c, pid).status_code == 404
    assert _reopen(operator, c, pid).status_code == 403
    assert client.post(f"/api/meetings/{c.meeting['id']}/participants/{pid}/reopen").status_code == 401
    db.session.expire_all()
    assert db.session.get(Participant, pid).status == "declined"
    assert _reopen(c.org.organizer, c, pid).status_code == 200
