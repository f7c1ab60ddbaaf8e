"""One whole ceremony, from booking to completion, reaches a real receiver as Standard Webhooks."""
import hashlib
import json
from collections import Counter
from datetime import timedelta

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from backend.core.extensions import db
from backend.models import Participant
from backend.services import jobs
from tests.support import Api, Signer, add_document_with_controls, make_pdf
from tests.webhooks.conftest import subscribe

ALL_EVENTS = ["meeting.booked", "meeting.changed", "meeting.cancelled", "participant.verified", "participant.signed",
              "participant.declined", "meeting.completed"]


def _book_with_phones(c, app, sms_messages):
    c.doc = add_document_with_controls(c, make_pdf())
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 200, res.get_json()
    people = {e["id_number"]: e for staff in c.staff.values() for e in staff}
    phones = []
    for s in c.signers:
        p = db.session.get(Participant, s["id"])
        info = next(e for e in people.values() if e["name"] == s["name"] and e["phone"][-4:] == s["phone_masked"][-4:])
        phones.append(Signer(app.test_client(), info, p.scene_token, sms_messages))
    return phones


def _verified(secret: str, request: dict) -> dict:
    return Webhook(secret).verify(request["body"], request["headers"])


def test_a_whole_ceremony_delivers_each_subscribed_event_once_signed(app, client, ceremony, sms_messages, receiver,
                                                                     allow_private):
    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
    ours = subscribe(c.org.admin, f"{receiver.url}/ours", ALL_EVENTS)
    theirs = subscribe(c.other.admin, f"{receiver.url}/theirs", ["participant.signed", "meeting.completed"])
    phones = _book_with_phones(c, app, sms_messages)
    jobs.tick()  # the worker sends what booking queued
    for phone in phones:
        assert phone.login().verify_by_sms().status_code == 200
        assert phone.sign().status_code == 200
        jobs.tick()
    jobs.tick()
    jobs.tick()  # nothing is sent twice by later rounds

    mine = [_verified(ours["secret"], r) for r in receiver.at("/ours")]
    ids = [r["headers"]["webhook-id"] for r in receiver.at("/ours")]
    assert len(set(ids)) == len(ids) == len(mine)  # each event once, each with its own id
    assert Counter(m["type"] for m in mine) == {"meeting.booked": 1, "participant.verified": 2,
                                                "participant.signed": 2, "meeting.completed": 1}
    assert [m["type"] for m in mine][0] == "meeting.booked" and mine[-1]["type"] == "meeting.completed"
    assert {m["data"]["meeting_id"] for m in mine} == {c.meeting["id"]}
    signed = {m["data"]["participant_id"] for m in mine if m["type"] == "participant.signed"}
    assert signed == {s["id"] for s in c.signers}

    # The other party's subscription got only what it chose, signed with its own secret.
    other = receiver.at("/theirs")
    assert Counter(_verified(theirs["secret"], r)["type"] for r in other) == {"participant.signed": 2,
                                                                              "meeting.completed": 1}
    try:
        _verified(ours["secret"], other[0])
    except WebhookVerificationError:
        pass
    else:
        raise AssertionError("another subscription's secret verified the delivery")

    # meeting.completed links to the signed files, which an API key of the enterprise can fetch.
    completed = mine[-1]["data"]
    key = c.org.admin.post("/api/api-keys", json={"name": "归档", "scope": "read"}).get_json()["key"]
    reader, base = Api(client, key), app.config["PUBLIC_BASE_URL"]
    [document] = completed["documents"]
    pdf = reader.get(document["signed_pdf_url"].removeprefix(base))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == document["final_sha256"]
    assert reader.get(completed["audit_url"].removeprefix(base)).status_code == 200

    log = c.org.admin.get(f"/api/webhooks/{ours['id']}/deliveries").get_json()
    assert log["total"] == len(mine) and {d["status"] for d in log["items"]} == {"delivered"}
    assert all(d["attempt_log"][0]["status_code"] == 200 for d in log["items"])


def test_a_declined_signer_and_a_cancelled_meeting_are_told(app, ceremony, sms_messages, receiver, allow_private):
    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
    hook = subscribe(c.org.admin, f"{receiver.url}/in", ["participant.declined", "meeting.cancelled", "meeting.changed"])
    phones = _book_with_phones(c, app, sms_messages)
    phones[0].login().verify_by_sms()
    assert phones[0].post("/decline", json={"reason": "条款需再议"}).status_code == 200
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/cancel").status_code == 200
    jobs.tick()
    got = [json.loads(r["body"]) for r in receiver.at("/in")]
    assert [g["type"] for g in got] == ["participant.declined", "meeting.cancelled"]
    assert got[0]["data"]["reason"] == "条款需再议" and got[1]["data"]["status"] == "cancelled"
    assert all(_verified(hook["secret"], r) for r in receiver.at("/in"))


def test_a_rehearsal_tells_no_receiver(app, ceremony, sms_messages, receiver, allow_private):
    """A rehearsal makes no contract: a receiver that starts a project on meeting.completed never sees one."""
    from backend.models import Meeting

    c = ceremony(starts_in=timedelta(minutes=10), signers_per_enterprise=1)
    db.session.get(Meeting, c.meeting["id"]).rehearsal = True
    db.session.commit()
    subscribe(c.org.admin, f"{receiver.url}/in", ALL_EVENTS)
    phones = _book_with_phones(c, app, sms_messages)
    for phone in phones:
        assert phone.login().verify_by_sms().status_code == 200
        assert phone.sign().status_code == 200
        jobs.tick()
    jobs.tick()
    assert db.session.get(Meeting, c.meeting["id"]).status == "completed"
    assert receiver.at("/in") == []
