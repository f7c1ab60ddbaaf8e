"""The replay's events (`/screen/{t}/events.json`): the stream's public events in one answer, oldest first."""
import json

from tests.screen.helpers import sign_directly
from tests.screen.test_events import read_stream


def test_the_replay_gets_what_the_stream_sends_from_the_start(client, booked, app):
    sign_directly(booked.signers[1]["id"])
    sign_directly(booked.signers[0]["id"])
    res = client.get(f"{booked.screen}/events.json")
    assert res.status_code == 200 and res.headers["Cache-Control"] == "no-store"
    events = res.get_json()["events"]
    signed = [e for e in events if e["kind"] == "signed"]
    assert [e["participant_id"] for e in signed] == [booked.signers[1]["id"], booked.signers[0]["id"]]
    assert all(e["seal_urls"] and e["handwriting_url"] and {m["kind"] for m in e["marks"]} == {"seal", "signature", "date"}
               for e in signed)
    ids = [e["id"] for e in events]
    assert ids == sorted(set(ids))
    app.config.update(LIVE_STREAM_SECONDS=0.6, LIVE_POLL_SECONDS=0.1)
    try:
        streamed, _ = read_stream(client, f"{booked.screen}/events?last_event_id=0")
    finally:
        app.config.update(LIVE_STREAM_SECONDS=300, LIVE_POLL_SECONDS=1.0)
    assert [(i, m) for i, m in streamed] == [(e["id"], {k: v for k, v in e.items() if k != "id"}) for e in events]


def test_the_replay_shows_no_private_event(client, booked):
    c = booked.c
    # An onlooker's failed check and a signer's identity stay off every screen, replays included.
    from backend.core.extensions import db
    from backend.models import Participant
    from backend.services import audit
    p = db.session.get(Participant, booked.signers[0]["id"])
    audit.record(p.meeting_id, "verification_failed", {"participant_id": p.id, "reason": "mismatch"})
    db.session.commit()
    text = json.dumps(client.get(f"{booked.screen}/events.json").get_json(), ensure_ascii=False)
    assert "verification_failed" not in text and "mismatch" not in text and "meeting_booked" not in text
    for staff in c.staff.values():
        for emp in staff:
            assert emp["phone"] not in text and emp["id_number"] not in text and emp["name"] not in text


def test_an_unknown_link_has_no_replay(client, booked):
    assert client.get(f"/screen/{'x' * 32}/events.json").status_code == 404



def test_the_spec_publishes_the_replay(client):
    replay = client.get("/api/openapi.json").get_json()["paths"]["/screen/{token}/events.json"]["get"]
    assert replay["security"] == [] and "application/json" in replay["responses"]["200"]["content"]
