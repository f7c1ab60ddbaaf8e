"""Cloning a meeting for the next signing: a draft with the same people, documents, controls and layout."""
import io
from datetime import timedelta

from backend.core.extensions import db
from backend.models import Participant
from backend.services import jobs
from tests.support import Signer, add_document_with_controls, iso, make_pdf

VIDEO = "https://meeting.tencent.com/dm/AbCdEf123456"


def _png() -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (160, 90), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _complete(c, mid: str, app, sms_messages) -> None:
    """Every signer of meeting `mid` verifies and signs on their phone; the worker seals the contract."""
    from backend.core.resources import cipher
    db.session.remove()
    infos = {s.info["phone"]: s.info for s in c.phones}
    scenes = [(cipher().decrypt(p.phone_enc), p.scene_token)
              for p in Participant.query.filter_by(meeting_id=mid, role="signer").order_by(Participant.position)]
    for number, scene in scenes:
        phone = Signer(app.test_client(), infos[number], scene, sms_messages).login()
        assert phone.verify_by_sms().status_code == 200
        assert phone.sign().status_code == 200
    jobs.run_pending()
    db.session.remove()


def test_a_cloned_meeting_books_and_completes_like_its_original(booked, app, sms_messages):
    c = booked()
    mid = c.meeting["id"]
    layout = c.api.put(f"/api/meetings/{mid}/layout", json={"show_qr": False, "seats": [
        {"participant_id": s["id"], "x": 0.2 + 0.3 * i, "y": 0.5} for i, s in enumerate(c.signers)]})
    assert layout.status_code == 200
    _complete(c, mid, app, sms_messages)
    original = c.api.get(f"/api/meetings/{mid}").get_json()
    assert original["status"] == "completed"

    res = c.api.post(f"/api/meetings/{mid}/clone", json={"starts_at": iso(timedelta(minutes=10)),
                                                         "ends_at": iso(timedelta(hours=1))})
    assert res.status_code == 201, res.get_json()
    copy = res.get_json()
    assert copy["id"] != mid and copy["status"] == "draft" and copy["name"] == original["name"]
    assert copy["result_url"] is None and copy["booked_at"] is None
    people = lambda m: [(p["role"], p["name"], p["enterprise_name"], p["phone_masked"], p["match_status"])  # noqa: E731
                        for p in m["participants"]]
    assert people(copy) == people(original)
    assert all(p["status"] == "pending" for p in copy["participants"])
    new_id = {o["id"]: n["id"] for o, n in zip(original["participants"], copy["participants"], strict=True)}
    [doc], [twin] = original["documents"], copy["documents"]
    assert (twin["filename"], twin["sha256"], twin["page_count"]) == (doc["filename"], doc["sha256"], doc["page_count"])
    assert [(k["kind"], k["page"], k["x"], k["y"], new_id[k["participant_id"]]) for k in doc["controls"]] == \
        [(k["kind"], k["page"], k["x"], k["y"], k["participant_id"]) for k in twin["controls"]]
    seats = c.api.get(f"/api/meetings/{copy['id']}/layout").get_json()
    assert seats["show_qr"] is False
    assert [(s["participant_id"], s["x"], s["y"]) for s in seats["seats"]] == \
        [(new_id[s["participant_id"]], s["x"], s["y"]) for s in layout.get_json()["seats"]]
    assert c.api.get(f"/api/meetings/{copy['id']}/check").get_json()["problems"] == []

    booked_copy = c.api.post(f"/api/meetings/{copy['id']}/book")
    assert booked_copy.status_code == 200, booked_copy.get_json()
    _complete(c, copy["id"], app, sms_messages)
    done = c.api.get(f"/api/contracts/{copy['id']}").get_json()
    assert done["status"] == "completed" and all(d["final_sha256"] for d in done["documents"])
    assert done["audit_pdf_sha256"] and {s["status"] for s in done["signers"]} == {"signed"}
    first = c.api.get(f"/api/contracts/{mid}").get_json()
    assert done["documents"][0]["sha256"] == first["documents"][0]["sha256"]  # the same original
    assert done["documents"][0]["final_sha256"] != first["documents"][0]["final_sha256"]  # signed anew
    trail = c.api.get(f"/api/contracts/{copy['id']}/audit").get_json()
    assert trail["chain_intact"] and trail["events"][0]["kind"] == "meeting_created"


def test_a_clone_takes_the_video_link_logos_and_a_new_name_and_checks_its_times(ceremony):
    c = ceremony(signers_per_enterprise=1)
    mid = c.meeting["id"]
    c.api.patch(f"/api/meetings/{mid}", json={"video_url": VIDEO})
    add_document_with_controls(c, make_pdf())
    logo = c.api.post(f"/api/meetings/{mid}/layout/logo", data={"image": (io.BytesIO(_png()), "logo.png")},
                      content_type="multipart/form-data").get_json()
    assert c.api.put(f"/api/meetings/{mid}/layout", json={"logos": {c.org.id: logo["key"]}}).status_code == 200
    times = {"starts_at": iso(timedelta(days=7)), "ends_at": iso(timedelta(days=7, hours=2))}
    copy = c.api.post(f"/api/meetings/{mid}/clone", json={**times, "name": "第二期签约仪式"}).get_json()
    assert copy["name"] == "第二期签约仪式" and copy["video_url"] == VIDEO
    layout = c.api.get(f"/api/meetings/{copy['id']}/layout").get_json()
    key = layout["logos"][c.org.id]
    assert key.startswith(f"layout/{copy['id']}/") and key != logo["key"]
    assert c.api.get(f"/api/meetings/{copy['id']}/layout/assets/{key}").data == _png()
    past = c.api.post(f"/api/meetings/{mid}/clone", json={"starts_at": iso(timedelta(hours=-1)),
                                                          "ends_at": iso(timedelta(hours=1))})
    assert past.status_code == 422 and "starts_at" in past.get_json()["error"]["fields"]
    assert c.api.post(f"/api/meetings/{mid}/clone", json={}).status_code == 422
    assert c.other.organizer.post(f"/api/meetings/{mid}/clone", json=times).status_code == 404
    assert len(c.api.get("/api/meetings").get_json()) == 2


def test_a_clone_matches_its_people_against_the_registry_again(ceremony):
    from backend.models import Employee

    c = ceremony(signers_per_enterprise=1)
    mid = c.meeting["id"]
    gone = c.staff[c.other.id][0]
    db.session.get(Employee, gone["id"]).phone_hmac = "0" * 64  # registered with another phone since
    db.session.commit()
    copy = c.api.post(f"/api/meetings/{mid}/clone", json={"starts_at": iso(timedelta(days=1)),
                                                          "ends_at": iso(timedelta(days=1, hours=1))}).get_json()
    status = {p["name"]: p["match_status"] for p in copy["participants"] if p["enterprise_name"] == c.other.name}
    assert status == {gone["name"]: "unmatched"}
