"""Declining: a reason is required, the decline holds the meeting for the organizer, the others' signatures stay."""
import threading

from backend.core.extensions import db
from backend.models import AuditEvent, Meeting, Participant
from backend.models.status import meeting_label, meeting_phase
from backend.services import jobs


def test_a_decline_needs_a_reason_and_a_blank_one_changes_nothing(booked):
    c = booked()
    a, _b = c.phones
    a.login().verify_by_sms()
    for body in ({}, {"reason": ""}, {"reason": "   "}, {"reason": "长" * 201}):
        res = a.post("/decline", json=body)
        assert res.status_code == 422, body
        assert "reason" in res.get_json()["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(Participant, c.signers[0]["id"]).status == "verified"
    assert not AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="declined").count()
    assert a.post("/decline", json={"reason": "  付款节点需再议 "}).get_json() == {"status": "declined"}
    db.session.expire_all()
    assert db.session.get(Participant, c.signers[0]["id"]).decline_reason == "付款节点需再议"


def test_declining_again_keeps_the_first_reason(booked):
    c = booked()
    a, _b = c.phones
    a.login().verify_by_sms()
    assert a.post("/decline", json={"reason": "第一次"}).status_code == 200
    assert a.post("/decline", json={"reason": "第二次"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Participant, c.signers[0]["id"]).decline_reason == "第一次"
    assert AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="declined").count() == 1


def test_a_decline_holds_the_meeting_and_keeps_the_other_signature(booked, client):
    c = booked()
    a, b = c.phones
    mid = c.meeting["id"]
    assert meeting_phase(db.session.get(Meeting, mid)) == "signing_open"
    a.login().verify_by_sms()
    a.post("/decline", json={"reason": "条款需再议"})
    meeting = db.session.get(Meeting, mid)
    assert meeting_phase(meeting) == "awaiting_organizer"
    assert meeting_label(meeting) == "有签署人拒签，等待组织方处理"
    # The one already at work may still sign: their signature is kept, the meeting does not complete.
    b.login().verify_by_sms()
    assert b.sign().status_code == 200
    jobs.run_pending()
    meeting = db.session.get(Meeting, mid)
    assert meeting.status in ("scheduled", "in_progress") and meeting.completed_at is None
    result_token = meeting.result_token
    assert db.session.get(Participant, c.signers[1]["id"]).status == "signed"
    # Everyone is told the meeting waits; the screen invites nobody to scan.
    assert b.get().get_json()["meeting"]["status_label"] == "有签署人拒签，等待组织方处理"
    state = client.get(f"/screen/{result_token}/state").get_json()
    assert state["meeting"]["phase"] == "awaiting_organizer"
    assert state["meeting"]["status_label"] == "有签署人拒签，等待组织方处理"
    assert all(s["qr_url"] is None for s in state["signers"])
    assert {s["participant_id"]: s["status"] for s in state["signers"]} == {
        c.signers[0]["id"]: "declined", c.signers[1]["id"]: "signed"}
    assert "条款需再议" not in str(state)  # the reason is for the organizer, not the shared screen


def test_a_decline_racing_a_signature_lands_one_of_them(booked):
    c = booked()
    a, _b = c.phones
    a.login().verify_by_sms()
    a.get("/documents")
    db.session.commit()  # the threads need SQLite's write lock
    barrier, answers = threading.Barrier(2), {}

    def go(what):
        barrier.wait()
        answers[what] = (a.sign(key="race") if what == "sign" else a.post("/decline", json={"reason": "x"})).status_code

    threads = [threading.Thread(target=go, args=(w,)) for w in ("sign", "decline")]
    [t.start() for t in threads]
    [t.join() for t in threads]
    db.session.expire_all()
    p = db.session.get(Participant, c.signers[0]["id"])
    assert (p.signed_at is None) != (p.declined_at is None), answers
    assert sorted(answers.values()) == [200, 409], answers
    kinds = {e.kind for e in AuditEvent.query.filter_by(meeting_id=c.meeting["id"])}
    assert ("signed" in kinds) != ("declined" in kinds)
