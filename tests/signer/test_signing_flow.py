"""The signer API end to end on H5, and the rules that guard it."""
import base64
import hashlib
import io
import threading
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from PIL import Image

from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.pdf.verify import verify_pdf
from backend.models import AuditEvent, Document, Meeting, Participant, SignatureRecord, SigningJob
from backend.services import jobs, signing
from backend.services.audit import verify_chain
from tests.support import handwriting_png, sqlite_write_lock_held


def test_two_signers_sign_and_the_contract_completes(booked, app):
    c = booked()
    a, b = c.phones
    for phone in (a, b):
        phone.login()
        scene = phone.get().get_json()
        assert scene["meeting"]["name"] == "战略合作签约仪式" and scene["meeting"]["signing_open"] is True
        assert scene["participant"]["name_masked"].endswith("*")
        assert phone.verify_by_sms().get_json() == {"verified": True}
        docs = phone.get("/documents").get_json()
        assert len(docs) == 1 and len(docs[0]["controls"]) == 3
        assert phone.api.get(docs[0]["pages"][0]["url"]).data.startswith(b"\xff\xd8\xff")  # JPEG
        seals = phone.get("/seals").get_json()
        assert len(seals) == 1 and phone.api.get(seals[0]["image_url"]).status_code == 200
        res = phone.sign()
        assert res.status_code == 200 and res.get_json()["status"] == "signed"
    assert jobs.run_pending() == 3  # two applies and the finish
    meeting = db.session.get(Meeting, c.meeting["id"])
    assert meeting.status == "completed"
    assert c.api.get(f"/api/meetings/{meeting.id}").get_json()["status"] == "completed"
    doc = Document.query.one()
    report = verify_pdf(files().get(doc.current_key), platform_ca().trust_roots)
    assert report.authentic and not report.modified_after_signing
    signer_sigs = [s for s in report.signatures if s.signer_name in {a.info["name"], b.info["name"]}]
    assert len(signer_sigs) == 4 and all(s.intact and s.valid and s.trusted for s in signer_sigs)
    assert verify_chain(meeting.id) == []
    assert meeting.audit_pdf_key and files().get(meeting.audit_pdf_key).startswith(b"%PDF")


def test_verified_signer_cannot_use_another_signers_scene(booked):
    c = booked()
    a, b = c.phones
    a.login().verify_by_sms()
    b.api.token = a.api.token  # a's phone scans b's QR code on the shared screen
    for res in (b.get(), b.get("/documents"), b.post("/sms"), b.sign(seals={})):
        assert res.status_code == 403, res.get_json()
    assert SignatureRecord.query.count() == 0


def test_unverified_signer_cannot_read_documents_or_sign(booked):
    c = booked()
    a = c.phones[0].login()
    assert a.get("/documents").status_code == 403
    assert a.sign(seals={}).status_code == 403


def test_cancelled_or_ended_meeting_scene_is_409(booked):
    c = booked()
    a = c.phones[0].login()
    c.api.post(f"/api/meetings/{c.meeting['id']}/cancel")
    res = a.get()
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "meeting_cancelled"
    c2 = booked()
    m = db.session.get(Meeting, c2.meeting["id"])
    m.starts_at, m.ends_at = m.starts_at - timedelta(hours=5), m.ends_at - timedelta(hours=5)
    db.session.commit()
    res = c2.phones[0].login().get()
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "meeting_ended"


def test_not_open_yet_is_409_with_clear_code(booked):
    c = booked(starts_in=timedelta(hours=3))
    a = c.phones[0].login()
    assert a.get().get_json()["meeting"]["signing_open"] is False
    a.verify_by_sms()
    res = a.get("/documents")
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "signing_not_open"


def test_five_wrong_tries_lock_that_session_out_of_the_scene_even_with_the_right_data(booked):
    c = booked()
    a = c.phones[0].login()
    wrong = a.info["id_number"][:-4] + ("0000" if not a.info["id_number"].endswith("0000") else "1111")
    messages = set()
    a.post("/sms")
    for _ in range(5):
        res = a.post("/verify", json={"name": a.info["name"], "id_number": wrong, "sms_code": "123456"})
        assert res.status_code == 422
        messages.add(res.get_json()["error"]["message"])
    assert len(messages) == 1  # never says which field was wrong
    res = a.post("/verify", json={"name": a.info["name"], "id_number": a.info["id_number"],
                                  "sms_code": a.last_code()})
    assert res.status_code == 423 and res.get_json()["error"]["code"] == "locked_out"
    assert int(res.headers["Retry-After"]) > 0
    assert db.session.get(Participant, c.signers[0]["id"]).status == "notified"


def test_wrong_sms_code_is_a_vague_422(booked):
    c = booked()
    a = c.phones[0].login()
    a.post("/sms")
    code = a.last_code()
    res = a.post("/verify", json={"name": a.info["name"], "id_number": a.info["id_number"],
                                  "sms_code": "111111" if code != "111111" else "222222"})
    assert res.status_code == 422 and res.get_json()["error"]["code"] == "verification_failed"


def test_sms_is_rate_limited(booked):
    a = booked().phones[0].login()
    assert a.post("/sms").status_code == 202
    res = a.post("/sms")
    assert res.status_code == 429 and res.headers["Retry-After"]
    assert res.get_json()["error"]["code"] == "sms_cooldown"


def test_blank_handwriting_is_422(booked):
    a = booked().phones[0].login()
    a.verify_by_sms()
    res = a.sign(png=handwriting_png(blank=True))
    assert res.status_code == 422 and "signature_png" in res.get_json()["error"]["fields"]
    res = a.sign(png="not base64 at all!!")
    assert res.status_code == 422
    assert SignatureRecord.query.count() == 0


def test_seal_of_another_enterprise_or_not_granted_is_403(booked, make_employee):
    c = booked()
    a, b = c.phones
    a.login().verify_by_sms()
    b.login().verify_by_sms()
    b_seal = b.get("/seals").get_json()[0]["id"]
    seal_control = [x for x in a.get("/documents").get_json()[0]["controls"] if x["kind"] == "seal"][0]["id"]
    res = a.sign(seals={seal_control: b_seal})
    assert res.status_code == 403 and res.get_json()["error"]["code"] == "seal_not_granted"
    own_ungranted = c.org.admin.post("/api/seals", json={"generate": True, "name": "财务章", "kind": "finance"}).get_json()
    res = a.sign(seals={seal_control: own_ungranted["id"]})
    assert res.status_code == 403
    assert SignatureRecord.query.count() == 0


def test_same_idempotency_key_signs_once(booked):
    c = booked()
    a = c.phones[0].login()
    a.verify_by_sms()
    first, second = a.sign(key="tap-1"), a.sign(key="tap-1")
    assert first.status_code == second.status_code == 200
    assert SignatureRecord.query.count() == 1
    assert SigningJob.query.count() == 1
    assert a.sign(key="tap-2").status_code == 409


def test_decline_blocks_completion(booked):
    c = booked()
    a, b = c.phones
    a.login().verify_by_sms()
    assert a.post("/decline", json={"reason": "条款需再议"}).get_json() == {"status": "declined"}
    b.login().verify_by_sms()
    b.sign()
    jobs.run_pending()
    assert db.session.get(Meeting, c.meeting["id"]).status == "scheduled"
    detail = c.api.get(f"/api/meetings/{c.meeting['id']}").get_json()
    assert [p["decline_reason"] for p in detail["participants"] if p["status"] == "declined"] == ["条款需再议"]


def test_concurrent_signers_both_land_once(booked, app):
    c = booked()
    a, b = c.phones
    for p in (a, b):
        p.login().verify_by_sms()
    prepared = {p: p.get("/documents").get_json() for p in (a, b)}
    seals = {p: p.get("/seals").get_json()[0]["id"] for p in (a, b)}
    barrier, results = threading.Barrier(2), {}

    def go(p):
        body = {"signature_png": handwriting_png(),
                "seals": {x["id"]: seals[p] for x in prepared[p][0]["controls"] if x["kind"] == "seal"}}
        barrier.wait()
        r = p.post("/sign", json=body, headers={"Idempotency-Key": "x"})
        results[p] = r.status_code

    db.session.commit()  # this thread's session must not hold SQLite's write lock while the threads run
    threads = [threading.Thread(target=go, args=(p,)) for p in (a, b)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert list(results.values()) == [200, 200]

    def work():
        with app.app_context():
            jobs.run_pending()
    workers = [threading.Thread(target=work) for _ in range(2)]
    [t.start() for t in workers]
    [t.join() for t in workers]
    jobs.run_pending()
    db.session.expire_all()
    assert db.session.get(Meeting, c.meeting["id"]).status == "completed"
    report = verify_pdf(files().get(Document.query.one().current_key), platform_ca().trust_roots)
    orgs = [s.organisation for s in report.signatures if s.signer_name == a.info["name"]]
    assert sorted(orgs) == sorted([c.org.name, c.org.name, c.other.name, c.other.name])
    assert report.authentic


def test_twenty_signers_at_once_each_tapping_twice_sign_once_each(booked):
    """No writer gate: 20 signers in threads, each sending the same sign request twice at the same instant."""
    c = booked(signers_per_enterprise=10)
    assert len(c.phones) == 20
    bodies = {}
    for p in c.phones:
        p.login().verify_by_sms()
        seal = p.get("/seals").get_json()[0]["id"]
        bodies[p] = {"signature_png": handwriting_png(),
                     "seals": {x["id"]: seal for x in p.get("/documents").get_json()[0]["controls"]
                               if x["kind"] == "seal"}}
    db.session.commit()  # this thread's session must not hold SQLite's write lock while the threads run
    taps = [(n, p) for n, p in enumerate(c.phones) for _ in range(2)]
    barrier, answers, lock = threading.Barrier(len(taps)), [], threading.Lock()

    def tap(n, p):
        barrier.wait()
        r = p.post("/sign", json=bodies[p], headers={"Idempotency-Key": f"tap-{n}"})
        with lock:
            answers.append((n, r.status_code, (r.get_json() or {}).get("status")))

    threads = [threading.Thread(target=tap, args=t) for t in taps]
    [t.start() for t in threads]
    [t.join(120) for t in threads]
    assert sorted(answers) == sorted((n, 200, "signed") for n, _p in taps)  # the repeat gets the first answer
    db.session.expire_all()
    mid = c.meeting["id"]
    assert SignatureRecord.query.filter_by(meeting_id=mid).count() == 20
    assert len({r.participant_id for r in SignatureRecord.query.filter_by(meeting_id=mid)}) == 20
    assert AuditEvent.query.filter_by(meeting_id=mid, kind="signed").count() == 20
    assert {p.status for p in Participant.query.filter_by(meeting_id=mid, role="signer")} == {"signed"}
    assert verify_chain(mid) == []


def test_audit_chain_detects_tampering(booked):
    from backend.models import AuditEvent
    c = booked()
    a = c.phones[0].login()
    a.verify_by_sms()
    mid = c.meeting["id"]
    assert verify_chain(mid) == []
    event = AuditEvent.query.filter_by(meeting_id=mid, kind="verified").one()
    event.data = {**event.data, "method": "forged"}
    db.session.commit()
    assert any("altered" in p for p in verify_chain(mid))


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_bad_signer_tokens_are_401(booked, client, token):
    c = booked()
    res = client.get(f"/api/signer/scenes/{c.phones[0].scene}", headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 401


def test_unknown_scene_is_404(client):
    token = client.post("/api/signer/login", json={"channel": "h5"}).get_json()["token"]
    res = client.get("/api/signer/scenes/NoSuchScene123", headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 404


def test_meeting_cancelled_while_the_signature_is_stored_refuses_and_keeps_nothing(booked, monkeypatch):
    c = booked()
    a = c.phones[0].login()
    a.verify_by_sms()
    check = signing._handwriting

    def cancel_meanwhile(png):
        # The organizer cancels after the checks passed, before the write: the write must see it.
        out = check(png)
        assert c.api.post(f"/api/meetings/{c.meeting['id']}/cancel").status_code == 200
        return out
    monkeypatch.setattr(signing, "_handwriting", cancel_meanwhile)
    res = a.sign()
    assert res.status_code == 409 and res.get_json()["error"]["code"] == "signing_closed"
    db.session.expire_all()
    assert SignatureRecord.query.count() == 0 and SigningJob.query.count() == 0
    assert db.session.get(Participant, c.signers[0]["id"]).status == "verified"
    assert [e.kind for e in AuditEvent.query.filter_by(kind="signed")] == []
    assert verify_chain(c.meeting["id"]) == []


def test_the_exact_handwriting_sent_is_kept_and_hashed_in_the_audit_event(booked, client):
    c = booked()
    a = c.phones[0].login()
    a.verify_by_sms()
    png = handwriting_png()
    assert a.sign(png=png).status_code == 200
    record = SignatureRecord.query.one()
    sent = base64.b64decode(png)
    assert files().get(record.handwriting_key) == sent
    event = AuditEvent.query.filter_by(kind="signed").one()
    assert event.data["handwriting_sha256"] == hashlib.sha256(sent).hexdigest()
    screen = urlparse(c.result_url).path
    shown = Image.open(io.BytesIO(client.get(f"{screen}/handwriting/{c.signers[0]['id']}.png").data))
    assert shown.size[0] < 600 and shown.getpixel((0, 0))[3] == 0  # trimmed to the ink, transparent


def test_sign_checks_do_not_wait_for_another_writer_on_sqlite(booked, app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock")
    a = booked().phones[0].login()
    a.verify_by_sms()
    seal = a.get("/seals").get_json()[0]["id"]
    seals = {x["id"]: seal for x in a.get("/documents").get_json()[0]["controls"] if x["kind"] == "seal"}
    db.session.commit()
    other = db.engine.raw_connection()
    other.execute("BEGIN IMMEDIATE")  # a long write elsewhere (another process's transaction)
    done = {}
    try:
        worker = threading.Thread(target=lambda: done.setdefault("res", a.sign(seals=seals, png=handwriting_png(blank=True))))
        worker.start()
        worker.join(5)  # the busy timeout is 30 s: a check that took the write lock would still be waiting
        assert "res" in done, "the sign request's checks waited for the write lock"
    finally:
        other.rollback()
        other.close()
        worker.join()
    assert done["res"].status_code == 422 and "signature_png" in done["res"].get_json()["error"]["fields"]


def test_page_images_and_seals_do_not_wait_for_another_writer_on_sqlite(booked, app):
    """Rendering a page takes tens of milliseconds: it must not hold (or wait for) SQLite's write lock."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock")
    a = booked().phones[0].login()
    a.verify_by_sms()
    page_url = a.get("/documents").get_json()[0]["pages"][0]["url"]
    db.session.commit()
    with sqlite_write_lock_held(db.engine):  # a signer's write elsewhere; a request that waited for it gets 503
        seals = a.get("/seals")
        seal_url = seals.get_json()[0]["image_url"] if seals.status_code == 200 else "/api/signer/unreached"
        done = {"seals": seals.status_code, "seal_image": a.api.get(seal_url).status_code,
                "page": a.api.get(page_url).status_code}
        assert done == {"seals": 200, "seal_image": 200, "page": 200}, done
