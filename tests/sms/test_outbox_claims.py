"""Every message sent once: claims, leases, and what happens to a message whose sender died mid-send."""
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from backend.core.extensions import db
from backend.models import Notification
from backend.models.base import utcnow
from backend.services import outbox
from backend.services.outbox import deliver_due
from tests.support import add_document_with_controls, make_pdf, make_phone

ROOT = Path(__file__).resolve().parents[2]


def _book_without_sending(c, monkeypatch):
    add_document_with_controls(c, make_pdf())
    with monkeypatch.context() as m:
        m.setattr(outbox, "deliver_due", lambda *a, **k: 0)  # leave every message queued
        assert c.api.post(f"/api/meetings/{c.meeting['id']}/book").status_code == 200
    return [n.id for n in Notification.query.order_by(Notification.created_at).all()]


def test_only_one_sender_wins_a_claim(ceremony, monkeypatch):
    c = ceremony(signers_per_enterprise=1)
    note_id = _book_without_sending(c, monkeypatch)[0]
    now = utcnow()
    assert outbox._claim(note_id, "a", now) is True
    assert outbox._claim(note_id, "b", now) is False
    note = db.session.get(Notification, note_id)
    assert (note.status, note.claimed_by, note.attempts) == ("sending", "a", 1)


def test_a_message_whose_sender_died_mid_send_is_marked_unknown_not_sent_again(ceremony, use_tencent, monkeypatch):
    fake = use_tencent()
    c = ceremony(signers_per_enterprise=1)
    dead, *others = _book_without_sending(c, monkeypatch)
    # A sender claimed it and died before recording the answer (its lease runs out).
    db.session.execute(update(Notification).where(Notification.id == dead).values(
        status="sending", claimed_by="gone:1:1", claimed_until=utcnow() + timedelta(seconds=60), attempts=1))
    db.session.commit()
    assert deliver_due() == 2  # the others; the claimed one is left alone while its lease runs
    assert db.session.get(Notification, dead).status == "sending"
    deliver_due(utcnow() + timedelta(minutes=2))
    db.session.expire_all()
    note = db.session.get(Notification, dead)
    assert note.status == "unknown" and "手动重发" in note.last_error  # resend by hand if needed
    assert dead not in {r.body["SessionContext"] for r in fake.received}  # not sent again by itself
    rows = c.api.get(f"/api/meetings/{c.meeting['id']}/notifications").get_json()
    assert [n["status"] for n in rows if n["id"] == dead] == ["unknown"]
    res = c.api.post(f"/api/meetings/{c.meeting['id']}/notifications/{dead}/resend")
    assert res.status_code == 200 and res.get_json()["status"] == "sent"
    assert Counter(r.body["SessionContext"] for r in fake.received)[dead] == 1


def test_a_late_answer_from_a_slow_sender_still_records_the_message_as_sent(ceremony, monkeypatch, app):
    c = ceremony(signers_per_enterprise=1)
    note_id = _book_without_sending(c, monkeypatch)[0]
    now = utcnow()
    assert outbox._claim(note_id, "slow", now)
    deliver_due(now + timedelta(minutes=5))  # another sender sees the lease expired
    assert db.session.get(Notification, note_id).status == "unknown"
    assert outbox._send(note_id, "slow", now) is True  # the slow sender's answer arrives
    db.session.expire_all()
    assert db.session.get(Notification, note_id).status == "sent"


def test_a_stranger_cannot_see_or_resend_the_messages(ceremony, make_enterprise, monkeypatch):
    c = ceremony(signers_per_enterprise=1)
    note_id = _book_without_sending(c, monkeypatch)[0]
    stranger = make_enterprise().organizer
    assert stranger.get(f"/api/meetings/{c.meeting['id']}/notifications").status_code == 404
    assert stranger.post(f"/api/meetings/{c.meeting['id']}/notifications/{note_id}/resend").status_code == 404
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/notifications/nope/resend").status_code == 404
    assert c.api.post(f"/api/meetings/{c.meeting['id']}/notifications/{note_id}/resend").status_code == 409


def _worker(app, fake, data_dir: Path) -> subprocess.Popen:
    settings = fake.settings()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": app.config["SECRET_KEY"],
           "DATA_DIR": str(data_dir), "RUN_WORKER": "0", "PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"],
           **{k: json.dumps(v) if isinstance(v, dict) else str(v) for k, v in settings.items()}}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_two_worker_processes_and_a_burst_of_requests_send_fifty_messages_each_once(
        ceremony, use_tencent, monkeypatch, app, tmp_path):
    fake = use_tencent()
    c = ceremony(signers_per_enterprise=2)  # a host and four signers
    for i in range(45):
        res = c.api.post(f"/api/meetings/{c.meeting['id']}/participants", json={
            "role": "observer", "name": f"嘉宾{i}", "phone": make_phone(), "enterprise_name": "观礼单位"})
        assert res.status_code == 201
    ids = _book_without_sending(c, monkeypatch)
    assert len(ids) == 50
    db.session.remove()
    started = time.monotonic()
    workers = [_worker(app, fake, tmp_path / f"w{i}") for i in range(2)]
    try:
        for w in workers:
            assert "worker started" in w.stderr.readline()
            # Keep reading its log so a full pipe never stalls it.
            threading.Thread(target=w.stderr.read, daemon=True).start()
        gate, errors = threading.Barrier(8), []

        def burst():
            with app.app_context():
                try:
                    gate.wait()
                    for _ in range(3):
                        deliver_due()
                except Exception as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)
                finally:
                    db.session.remove()
        threads = [threading.Thread(target=burst) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        while time.monotonic() - started < 30:
            if Notification.query.filter(Notification.status.in_(("queued", "sending"))).count() == 0:
                break
            db.session.remove()
            time.sleep(0.2)
    finally:
        for w in workers:
            w.terminate()
            w.wait(timeout=10)
    elapsed = time.monotonic() - started
    db.session.remove()
    notes = Notification.query.all()
    assert {n.status for n in notes} == {"sent"}
    contexts = Counter(s["SessionContext"] for s in fake.delivered())
    assert len(fake.received) == 50 and set(contexts) == set(ids) and set(contexts.values()) == {1}
    assert {n.provider_id for n in notes} == {s["SerialNo"] for s in fake.delivered()}
    senders = Counter(n.claimed_by.split(":")[1] for n in notes)
    print(f"50 messages in {elapsed:.1f}s; by process: {dict(senders)}")
