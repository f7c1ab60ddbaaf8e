"""Booking a meeting: every rule refuses bad input with a clear 4xx and changes nothing."""
import io
from datetime import timedelta

import pytest

from backend.models import Control, Document, Meeting, Notification, Participant
from tests.support import add_document_with_controls, iso, make_pdf


def test_meeting_times_and_name_are_checked(make_enterprise):
    api = make_enterprise().organizer
    cases = [
        ({"name": "签约", "starts_at": iso(timedelta(hours=3)), "ends_at": iso(timedelta(hours=2))}, "ends_at"),
        ({"name": "签约", "starts_at": iso(timedelta(hours=-1)), "ends_at": iso(timedelta(hours=2))}, "starts_at"),
        ({"name": "签" * 61, "starts_at": iso(timedelta(hours=1)), "ends_at": iso(timedelta(hours=2))}, "name"),
        ({"name": "签约", "starts_at": iso(timedelta(hours=1)), "ends_at": iso(timedelta(hours=26))}, "ends_at"),
        ({"name": "签约", "starts_at": "2030-01-01T10:00:00", "ends_at": iso(timedelta(hours=2))}, "starts_at"),
    ]
    for body, field in cases:
        res = api.post("/api/meetings", json=body)
        assert res.status_code == 422, body
        assert field in res.get_json()["error"]["fields"], body
    assert Meeting.query.count() == 0
    ok = api.post("/api/meetings", json={"name": "签" * 60, "starts_at": iso(timedelta(hours=1)),
                                         "ends_at": iso(timedelta(hours=2))})
    assert ok.status_code == 201 and ok.get_json()["status"] == "draft"


def test_unapproved_enterprise_cannot_create_a_meeting(make_enterprise):
    e = make_enterprise(approved=False)
    res = e.organizer.post("/api/meetings", json={"name": "签约", "starts_at": iso(timedelta(hours=1)),
                                                  "ends_at": iso(timedelta(hours=2))})
    assert res.status_code == 403
    assert res.get_json()["error"]["code"] == "signing_not_approved"
    assert Meeting.query.count() == 0


def test_host_must_be_an_employee_of_the_organizer(ceremony):
    c = ceremony(signers_per_enterprise=1)
    foreign = c.staff[c.other.id][0]
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
        "role": "host", "name": foreign["name"], "id_number": foreign["id_number"], "phone": foreign["phone"]})
    assert res.status_code == 422
    assert Participant.query.filter_by(role="host").count() == 1


def test_unmatched_signer_reveals_nothing_and_blocks_booking(ceremony):
    c = ceremony(signers_per_enterprise=1)
    real = c.staff[c.other.id][0]
    wrong_phone = "139" + real["phone"][3:]
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
        "role": "signer", "name": real["name"], "id_number": real["id_number"], "phone": wrong_phone,
        "enterprise_name": c.other.name})
    assert res.status_code == 201
    body = res.get_json()
    assert body["match_status"] == "unmatched"
    text = res.get_data(as_text=True)
    assert real["phone"] not in text and real["phone"][-4:] not in body["phone_masked"][:3]
    assert "employee_id" not in body
    add_document_with_controls(c, make_pdf())
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 409
    problems = res.get_json()["error"]["problems"]
    assert any(p["code"] == "signer_unmatched" and p["participant"] == real["name"] for p in problems)
    assert real["phone"] not in res.get_data(as_text=True)
    assert Meeting.query.one().status == "draft"


def test_signers_from_one_enterprise_only_cannot_book(ceremony):
    c = ceremony(signers_per_enterprise=1)
    other_signer = [s for s in c.signers if s["enterprise_name"] == c.other.name][0]
    c.api.delete(f"/api/meetings/{c.meeting['id']}/participants/{other_signer['id']}")
    c.signers = [s for s in c.signers if s["id"] != other_signer["id"]]
    add_document_with_controls(c, make_pdf())
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 409
    assert "too_few_enterprises" in [p["code"] for p in res.get_json()["error"]["problems"]]


def test_signer_without_controls_cannot_book(ceremony):
    c = ceremony(signers_per_enterprise=1)
    doc = add_document_with_controls(c, make_pdf())
    first = c.signers[0]["id"]
    controls = [x for x in c.api.get(f"/api/documents/{doc['id']}/controls").get_json() if x["participant_id"] != first]
    c.api.put(f"/api/documents/{doc['id']}/controls", json=[
        {k: x[k] for k in ("page", "x", "y", "w", "h", "kind", "participant_id")} for x in controls])
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 409
    assert "signer_without_controls" in [p["code"] for p in res.get_json()["error"]["problems"]]


@pytest.mark.parametrize("control, field_hint", [
    ({"page": 3}, "page"),
    ({"x": 0.9, "w": 0.2}, "off the page"),
    ({"y": -0.01}, "off the page"),
    ({"w": 0.001}, "too small"),
    ({"participant_id": "observer"}, "signer"),
    ({"page": "1"}, "page"),
])
def test_bad_controls_are_refused_atomically(ceremony, control, field_hint):
    c = ceremony(signers_per_enterprise=1)
    doc = add_document_with_controls(c, make_pdf(pages=2))
    before = sorted((x.kind, x.participant_id) for x in Control.query.all())
    observer = c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
        "role": "observer", "name": "嘉宾", "phone": "13600000000", "enterprise_name": "观礼单位"}).get_json()
    good = {"page": 1, "x": 0.1, "y": 0.1, "w": 0.2, "h": 0.1, "kind": "seal", "participant_id": c.signers[0]["id"]}
    bad = {**good, **control}
    if bad["participant_id"] == "observer":
        bad["participant_id"] = observer["id"]
    res = c.api.put(f"/api/documents/{doc['id']}/controls", json=[good, bad], headers={"Accept-Language": "en"})
    assert res.status_code == 422
    assert field_hint in str(res.get_json()["error"]).lower()
    assert sorted((x.kind, x.participant_id) for x in Control.query.all()) == before


@pytest.mark.parametrize("data, code", [
    (b"just some text, not a pdf", "not_a_pdf"),
    (b"", "empty_file"),
    (make_pdf()[:400], "broken_pdf"),
])
def test_bad_uploads_are_refused(ceremony, data, code):
    c = ceremony(signers_per_enterprise=1)
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/documents", data={"file": (io.BytesIO(data), "x.pdf")},
                     content_type="multipart/form-data")
    assert res.status_code == 422, res.get_json()
    assert res.get_json()["error"]["code"] == code
    assert "file" in res.get_json()["error"]["fields"]
    assert Document.query.count() == 0


def test_page_images_render(ceremony):
    c = ceremony(signers_per_enterprise=1)
    doc = add_document_with_controls(c, make_pdf())
    res = c.api.get(f"/api/documents/{doc['id']}/pages/1.png?width=400")
    assert res.status_code == 200 and res.data.startswith(b"\x89PNG")
    assert c.api.get(f"/api/documents/{doc['id']}/pages/9.png").status_code == 404
    assert c.api.get(f"/api/documents/{doc['id']}/pages/1.png?width=99999").status_code == 422


def test_book_prepares_fields_sends_six_role_messages(ceremony, sms_messages, app, client):
    c = ceremony(signers_per_enterprise=2)
    c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
        "role": "observer", "name": "嘉宾", "phone": "13600000000", "enterprise_name": "观礼单位"})
    add_document_with_controls(c, make_pdf())
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 200, res.get_json()
    body = res.get_json()
    assert body["status"] == "scheduled" and body["result_url"].startswith("http://signstage.test/screen/")
    messages = sms_messages()
    assert len(messages) == 6
    by_template = {}
    for m in messages:
        by_template.setdefault(m["template"], []).append(m)
    assert {k: len(v) for k, v in by_template.items()} == {"meeting_host": 1, "meeting_signer": 4, "meeting_observer": 1}
    for m in by_template["meeting_signer"]:
        assert "战略合作签约仪式" in m["text"] and "签署人" in m["text"]
        # The SMS carries a short link of ours (Tencent allows no URL in a variable); it leads to the H5 page.
        short = m["text"].rsplit("：", 1)[-1]
        assert short.startswith("http://signstage.test/l/") and short == m["params"]["short_link"]
        followed = client.get(short.removeprefix("http://signstage.test"))
        assert followed.status_code == 302 and "/h5/s/" in followed.headers["Location"]
    assert "主持人" in by_template["meeting_host"][0]["text"]
    assert "观礼" in by_template["meeting_observer"][0]["text"]
    signer_phones = {s["phone"] for staff in c.staff.values() for s in staff}
    assert {m["to"] for m in by_template["meeting_signer"]} == signer_phones
    detail = c.api.get(f"/api/meetings/{c.meeting['id']}").get_json()
    assert [n["status"] for n in detail["notifications"]] == ["sent"] * 6
    scenes = [p.scene_token for p in Participant.query.filter_by(role="signer")]
    assert all(s and len(s) <= 32 and s.isalnum() for s in scenes) and len(set(scenes)) == 4


def test_documents_are_frozen_after_booking(ceremony):
    c = ceremony(signers_per_enterprise=1)
    doc = add_document_with_controls(c, make_pdf())
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/book").status_code == 200
    sha = Document.query.one().sha256
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/documents", data={"file": (io.BytesIO(make_pdf()), "b.pdf")},
                     content_type="multipart/form-data")
    assert res.status_code == 409
    assert c.api.delete(f"/api/meetings/{c.meeting['id']}/documents/{doc['id']}").status_code == 409
    assert c.api.put(f"/api/documents/{doc['id']}/controls", json=[]).status_code == 409
    assert Document.query.count() == 1 and Document.query.one().sha256 == sha
    assert len(Document.query.one().controls) == 2 * 3


def test_warning_when_an_enterprise_has_no_seal_control(ceremony):
    c = ceremony(signers_per_enterprise=1)
    add_document_with_controls(c, make_pdf(), kinds=("signature",))
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    assert res.status_code == 200
    warnings = res.get_json()["warnings"]
    assert len([w for w in warnings if w["code"] == "enterprise_without_seal"]) == 2
    assert "可能会涉及到电子合同有效性的风险" in warnings[0]["message"]


def test_failing_sms_backend_keeps_booking_and_retries_three_times(ceremony, app):
    from datetime import timedelta as td

    from backend.models.base import utcnow
    from backend.services.outbox import deliver_due

    class Down:
        calls = 0

        def send(self, *a):
            Down.calls += 1
            raise ConnectionError("provider down")

    app.extensions["signstage"]["sms"] = Down()
    try:
        c = ceremony(signers_per_enterprise=1)
        add_document_with_controls(c, make_pdf())
        res = c.api.post(f"/api/meetings/{c.meeting['id']}/book")
        assert res.status_code == 200
        assert Meeting.query.one().status == "scheduled"
        deliver_due(utcnow() + td(minutes=1))
        deliver_due(utcnow() + td(minutes=10))
        deliver_due(utcnow() + td(hours=1))
    finally:
        from backend.lib.sms.backends import make_backend
        app.extensions["signstage"]["sms"] = make_backend("file", app.config["SMS_FILE_PATH"])
    notes = Notification.query.all()
    assert len(notes) == 3 and Down.calls == 9
    assert {(n.status, n.attempts) for n in notes} == {("failed", 3)}
    detail = c.api.get(f"/api/meetings/{c.meeting['id']}").get_json()
    assert {n["status"] for n in detail["notifications"]} == {"failed"}
    assert "provider down" in detail["notifications"][0]["last_error"]


def test_other_enterprise_cannot_read_or_change_the_meeting(ceremony, make_enterprise):
    c = ceremony(signers_per_enterprise=1)
    doc = add_document_with_controls(c, make_pdf())
    stranger = make_enterprise().organizer
    mid = c.meeting["id"]
    assert stranger.get(f"/api/meetings/{mid}").status_code == 404
    assert stranger.post(f"/api/meetings/{mid}/participants", json={
        "role": "observer", "name": "x", "phone": "13600000000", "enterprise_name": "y"}).status_code == 404
    assert stranger.get(f"/api/documents/{doc['id']}/pages/1.png").status_code == 404
    assert stranger.put(f"/api/documents/{doc['id']}/controls", json=[]).status_code == 404
    assert stranger.post(f"/api/meetings/{mid}/book").status_code == 404
    assert stranger.post(f"/api/meetings/{mid}/cancel").status_code == 404
    assert Meeting.query.one().status == "draft"


def test_cancel_notifies_everyone(ceremony, sms_messages):
    c = ceremony(signers_per_enterprise=1)
    add_document_with_controls(c, make_pdf())
    c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/cancel")
    assert res.get_json() == {"status": "cancelled"}
    assert [m["template"] for m in sms_messages()].count("meeting_cancelled") == 3
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/cancel").status_code == 409


def test_reschedule_after_booking_renotifies(ceremony, sms_messages):
    c = ceremony(signers_per_enterprise=1)
    add_document_with_controls(c, make_pdf())
    c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    res = c.api.patch(f"/api/meetings/{c.meeting['id']}", json={"starts_at": iso(timedelta(hours=5)),
                                                                "ends_at": iso(timedelta(hours=6))})
    assert res.status_code == 200
    assert [m["template"] for m in sms_messages()].count("meeting_changed") == 3


def test_status_follows_the_clock(ceremony):
    from datetime import datetime, timezone

    c = ceremony(signers_per_enterprise=1)
    add_document_with_controls(c, make_pdf())
    c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    m = Meeting.query.one()
    assert m.status == "scheduled" and not m.signing_open
    assert m.signing_open_at(m.starts_at - timedelta(minutes=29))
    assert m.status_at(m.starts_at + timedelta(minutes=1)) == "in_progress"
    assert m.status_at(m.ends_at) == "expired" and not m.signing_open_at(m.ends_at)
    listed = c.api.get("/api/meetings?status=scheduled").get_json()
    assert [x["id"] for x in listed] == [m.id]
    assert c.api.get("/api/meetings?status=draft").get_json() == []
    assert datetime.now(timezone.utc) < m.starts_at


def test_no_signer_can_be_added_after_booking(ceremony):
    c = ceremony(signers_per_enterprise=1)
    add_document_with_controls(c, make_pdf())
    c.api.post(f"/api/meetings/{c.meeting['id']}/book")
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
        "role": "signer", "name": "后来者", "id_number": "11010519491231002X", "phone": "13700001111",
        "enterprise_name": c.other.name})
    assert res.status_code == 409
    assert Participant.query.filter_by(name="后来者").count() == 0
    observer = c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
        "role": "observer", "name": "嘉宾", "phone": "13600000000", "enterprise_name": "观礼单位"})
    assert observer.status_code == 201


def test_layout_seats_empty_versus_automatic(ceremony):
    c = ceremony(signers_per_enterprise=1)
    url = f"/api/meetings/{c.meeting['id']}/layout"
    assert len(c.api.get(url).get_json()["seats"]) == 3
    assert c.api.put(url, json={"seats": []}).get_json()["seats"] == []
    assert len(c.api.put(url, json={"seats": None}).get_json()["seats"]) == 3


def test_the_worker_retries_failed_messages_without_anyone_watching(ceremony, app):
    from backend.models.base import utcnow
    from backend.services import jobs

    class Flaky:
        calls = 0

        def send(self, *a):
            Flaky.calls += 1
            if Flaky.calls <= 3:
                raise ConnectionError("provider hiccup")

    c = ceremony(signers_per_enterprise=1)
    add_document_with_controls(c, make_pdf())
    app.extensions["signstage"]["sms"] = Flaky()
    try:
        c.api.post(f"/api/meetings/{c.meeting['id']}/book")
        for note in Notification.query.all():
            note.next_attempt_at = utcnow()  # the backoff has passed
        from backend.core.extensions import db
        db.session.commit()
        jobs.tick()
    finally:
        from backend.lib.sms.backends import make_backend
        app.extensions["signstage"]["sms"] = make_backend("file", app.config["SMS_FILE_PATH"])
    assert {n.status for n in Notification.query.all()} == {"sent"}
