"""The embedded worker thread starts with the first request and completes contracts unattended."""
import threading
import time

from backend.core.extensions import db
from backend.models import Meeting


def test_first_request_starts_the_worker_and_it_completes_the_contract(booked, app):
    from backend.app import create_app
    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    db.session.remove()
    cfg = {k: app.config[k] for k in ("DATA_DIR", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SMS_BACKEND",
                                      "SMS_FILE_PATH", "PUBLIC_BASE_URL")}
    serving = create_app({**cfg, "RUN_WORKER": True})
    assert not any(t.name == "signstage-worker" for t in threading.enumerate())
    assert serving.test_client().get("/healthz").status_code == 200
    try:
        assert any(t.name == "signstage-worker" for t in threading.enumerate())
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and status != "completed":
            time.sleep(0.2)
            meeting = db.session.get(Meeting, c.meeting["id"])
            status = meeting.status if meeting.audit_pdf_key else None
            db.session.remove()
        assert status == "completed"
    finally:
        serving.extensions["signstage"]["worker_stop"].set()
