"""Confirming: the signer's tap is on the record (and on the big screen's feed) before the sign request lands."""
from backend.core.extensions import db
from backend.models import AuditEvent, Meeting
from backend.web.screen.feed import public_event


def test_confirming_is_recorded_for_the_screen_and_stops_once_signed(booked):
    c = booked()
    a, _b = c.phones
    a.login()
    assert a.post("/confirming").status_code == 403  # not before the signer has verified
    a.verify_by_sms()
    assert a.post("/confirming").status_code == 202
    events = AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="signing_started").all()
    assert [e.data["participant_id"] for e in events] == [c.signers[0]["id"]]
    token = db.session.get(Meeting, c.meeting["id"]).result_token
    assert public_event(events[0], token)["kind"] == "signing_started"
    assert a.sign().status_code == 200
    assert a.post("/confirming").status_code == 202  # a late retry: the signature is there, nothing in flight
    assert AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="signing_started").count() == 1
