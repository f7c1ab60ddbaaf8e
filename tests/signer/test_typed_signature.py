"""The pad's alternative: where the organizer allows it, a signer signs with their typed name, drawn by the server."""
import base64
import io

from PIL import Image

from backend.core.extensions import db
from backend.core.resources import files
from backend.lib.imaging.handwriting import check_handwriting
from backend.models import AuditEvent, Meeting, Participant, SignatureRecord
from backend.services import jobs
from backend.services.audit import verify_chain
from backend.services.completion import trail_for
from tests.support import handwriting_png


def _allow(c, allowed=True):
    res = c.api.patch(f"/api/meetings/{c.meeting['id']}", json={"allow_typed_signature": allowed})
    assert res.status_code == 200, res.get_json()
    assert res.get_json()["allow_typed_signature"] is allowed
    return res


def _sign_typed(phone, name, key="t1"):
    docs = phone.get("/documents").get_json()
    seal = phone.get("/seals").get_json()[0]["id"]
    seals = {ctl["id"]: seal for doc in docs for ctl in doc["controls"] if ctl["kind"] == "seal"}
    return phone.post("/sign", json={"signature_typed": name, "seals": seals}, headers={"Idempotency-Key": key})


def _nothing_signed(c):
    assert SignatureRecord.query.count() == 0
    assert all(db.session.get(Participant, s["id"]).status != "signed" for s in c.signers)


def test_the_setting_is_off_by_default_and_the_organizer_turns_it_on(booked):
    c = booked()
    assert c.api.get(f"/api/meetings/{c.meeting['id']}").get_json()["allow_typed_signature"] is False
    phone = c.phones[0].login()
    assert phone.get().get_json()["meeting"]["allow_typed_signature"] is False
    _allow(c)
    assert phone.get().get_json()["meeting"]["allow_typed_signature"] is True
    changed = AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="meeting_updated").all()[-1]
    assert changed.data["allow_typed_signature"] is True


def test_a_meeting_created_with_typing_allowed_says_so(ceremony):
    c = ceremony()
    m = c.api.post("/api/meetings", json={**{k: c.meeting[k] for k in ("name", "starts_at", "ends_at")},
                                          "allow_typed_signature": True})
    assert m.status_code == 201 and m.get_json()["allow_typed_signature"] is True


def test_typed_signature_is_refused_where_the_meeting_asks_for_handwriting(booked):
    c = booked()
    phone = c.phones[0].login()
    phone.verify_by_sms()
    res = _sign_typed(phone, phone.info["name"])
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "typed_signature_not_allowed"
    res = phone.post("/typed-signature", json={"name": phone.info["name"]})
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "typed_signature_not_allowed"
    _nothing_signed(c)


def test_signer_signs_with_the_typed_name_and_the_contract_completes(booked):
    c = booked()
    _allow(c)
    a, b = c.phones
    a.login().verify_by_sms()
    name = a.info["name"]
    preview = a.post("/typed-signature", json={"name": f"  {name} "})
    assert preview.status_code == 200, preview.get_json()
    shown = base64.b64decode(preview.get_json()["png"])
    assert preview.get_json()["name"] == name
    res = _sign_typed(a, name)
    assert res.status_code == 200, res.get_json()
    record = SignatureRecord.query.filter_by(participant_id=c.signers[0]["id"]).one()
    stored = files().get(record.handwriting_key)
    assert stored == shown  # what the preview showed is what was signed
    check_handwriting(stored)  # has ink: not a blank image
    event = AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="signed").one()
    assert event.data["signature_method"] == "typed"
    # The other signer draws: both kinds end in one sealed contract with an intact chain.
    b.login().verify_by_sms()
    assert b.sign().status_code == 200
    drawn = AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="signed").order_by(AuditEvent.seq).all()[-1]
    assert drawn.data["signature_method"] == "drawn"
    jobs.run_pending()
    meeting = db.session.get(Meeting, c.meeting["id"])
    assert meeting.status == "completed" and verify_chain(meeting.id) == []
    details = [e.detail.split("，")[0] for e in trail_for(meeting).events if e.action == "提交签署"]
    assert details == ["键入姓名", "手写"]  # the audit-trail PDF says how each signature was made


def test_the_typed_png_differs_from_blank_and_from_another_name(booked):
    c = booked()
    _allow(c)
    a = c.phones[0].login()
    a.verify_by_sms()
    png = base64.b64decode(a.post("/typed-signature", json={"name": a.info["name"]}).get_json()["png"])
    spaced = a.post("/typed-signature", json={"name": " ".join(a.info["name"]).upper()})
    assert spaced.status_code == 200  # spaces and letter case do not change a name
    img = Image.open(io.BytesIO(png)).convert("RGBA")
    blank = Image.new("RGBA", img.size, (0, 0, 0, 0))
    assert len(png) > 500 and img.tobytes() != blank.tobytes()
    assert img.getchannel("A").getextrema()[1] == 255  # solid ink somewhere


def test_a_name_not_the_signers_own_is_refused_and_changes_nothing(booked):
    c = booked()
    _allow(c)
    a = c.phones[0].login()
    a.verify_by_sms()
    other = a.info["name"][:-1] + "9"  # another signer's name
    for name in (other, a.info["name"] + "章", "张三"):
        res = _sign_typed(a, name)
        assert res.status_code == 422 and res.get_json()["error"]["code"] == "typed_name_mismatch", name
        assert "signature_typed" in res.get_json()["error"]["fields"]
    res = a.post("/typed-signature", json={"name": other})
    assert res.status_code == 422 and res.get_json()["error"]["code"] == "typed_name_mismatch"
    _nothing_signed(c)
    assert not AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="signed").count()


def test_empty_or_overlong_names_are_422(booked):
    c = booked()
    _allow(c)
    a = c.phones[0].login()
    a.verify_by_sms()
    for name in ("", "   ", "名" * 41):
        res = _sign_typed(a, name)
        assert res.status_code == 422 and res.get_json()["error"]["code"] == "typed_name_invalid", name
    _nothing_signed(c)


def test_exactly_one_signature_kind(booked):
    c = booked()
    _allow(c)
    a = c.phones[0].login()
    a.verify_by_sms()
    both = a.post("/sign", json={"signature_png": handwriting_png(), "signature_typed": a.info["name"], "seals": {}})
    neither = a.post("/sign", json={"seals": {}})
    for res in (both, neither):
        assert res.status_code == 422, res.get_json()
    _nothing_signed(c)


def test_an_unverified_session_gets_no_preview(booked):
    c = booked()
    _allow(c)
    a = c.phones[0].login()
    res = a.post("/typed-signature", json={"name": a.info["name"]})
    assert res.status_code == 403 and res.get_json()["error"]["code"] == "not_verified"


def test_previews_are_rationed_per_signer_session(booked):
    c = booked()
    _allow(c)
    a = c.phones[0].login()
    a.verify_by_sms()
    answers = [a.post("/typed-signature", json={"name": a.info["name"]}).status_code for _ in range(31)]
    assert answers[:30] == [200] * 30 and answers[30] == 429
