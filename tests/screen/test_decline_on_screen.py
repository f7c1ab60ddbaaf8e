"""A decline on the big screen: no more invitations to scan until the host or organizer re-opens the signer."""
import json

from backend.core.extensions import db
from backend.models import AuditEvent, Participant
from backend.models.base import utcnow
from backend.services import audit
from tests.screen.test_events import read_stream, short_streams  # noqa: F401 (a fixture)


def decline_directly(participant_id: str, reason: str = "条款需再议") -> None:
    """Record a decline the way the signing service does (timestamps + `declined` event, one commit)."""
    p = db.session.get(Participant, participant_id)
    p.declined_at, p.decline_reason = utcnow(), reason
    audit.record(p.meeting_id, "declined", {"participant_id": p.id, "reason": reason}, actor=p.name, channel="h5")
    db.session.commit()


def _state(client, booked, host=False):
    return client.get(f"{booked.screen}/state" + (f"?host={booked.host_token}" if host else "")).get_json()


def test_the_screen_stops_inviting_scans_while_a_decline_waits(client, booked):
    before = _state(client, booked)
    assert before["meeting"]["phase"] == "signing_open" and before["meeting"]["status_label"] == "签署已开放"
    assert all(s["qr_url"] for s in before["signers"])
    decline_directly(booked.signers[0]["id"])
    after = _state(client, booked)
    assert after["meeting"]["phase"] == "awaiting_organizer"
    assert after["meeting"]["status_label"] == "有签署人拒签，等待组织方处理"
    assert [s["qr_url"] for s in after["signers"]] == [None, None]
    assert after["signers"][0]["status"] == "declined" and after["progress"]["declined"] == 1
    assert "条款需再议" not in json.dumps(after, ensure_ascii=False)


def test_the_host_reopens_a_declined_signer_with_a_new_qr_code(client, booked, short_streams):  # noqa: F811
    pid = booked.signers[0]["id"]
    old_qr = _state(client, booked)["signers"][0]["qr_url"]
    old_png = client.get(old_qr).data
    decline_directly(pid)
    start = _state(client, booked)["last_event_id"]
    url = f"{booked.screen}/signers/{pid}/reopen"
    assert client.post(url).status_code == 403
    assert client.post(url, headers={"X-Host-Token": "B" * 32}).status_code == 403
    assert client.post(f"{booked.screen}/signers/{booked.c.host['id']}/reopen",
                       headers={"X-Host-Token": booked.host_token}).status_code == 404

    res = client.post(url, headers={"X-Host-Token": booked.host_token})
    assert res.status_code == 200, res.get_json()
    state = res.get_json()
    assert state["host"] is True and state["meeting"]["phase"] == "signing_open"
    mine = state["signers"][0]
    assert mine["status"] == "notified" and mine["qr_url"] and mine["qr_url"] != old_qr
    assert all(s["qr_url"] for s in state["signers"])
    assert client.get(mine["qr_url"]).data != old_png  # a new scene, so a new code to scan
    # Every open screen hears of it from the stream.
    messages, _ = read_stream(client, f"{booked.screen}/events?last_event_id={start}")
    assert [(m["kind"], m["participant_id"]) for _, m in messages] == [("reopened", pid)]
    assert "reason" not in messages[0][1]

    again = client.post(url, headers={"X-Host-Token": booked.host_token})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "not_declined"
    reopened = AuditEvent.query.filter_by(meeting_id=booked.meeting_id, kind="reopened").one()
    assert reopened.actor == "host" and reopened.data["participant_id"] == pid
