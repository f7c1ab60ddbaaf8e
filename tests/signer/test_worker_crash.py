"""A worker killed in the middle of a job leaves nothing half-done: the restarted worker finishes it."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.pdf.verify import verify_pdf
from backend.models import Document, Meeting, SigningJob

pytestmark = pytest.mark.slow


def _worker(app, **extra_env):
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "DATA_DIR": app.config["DATA_DIR"],
           "SECRET_KEY": app.config["SECRET_KEY"], "RUN_WORKER": "0", "JOB_LEASE_SECONDS": "2",
           "SMS_BACKEND": "file", "SMS_FILE_PATH": app.config["SMS_FILE_PATH"], **extra_env}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], env=env,
                            cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        finally:
            db.session.remove()  # never sleep holding SQLite's write lock: the worker needs it
        time.sleep(0.2)
    return False


def test_sigkill_mid_job_then_restart_completes_once(booked, app):
    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    db.session.commit()
    revisions = Path(app.config["DATA_DIR"]) / "files" / "revisions"
    before = set(revisions.glob("*.pdf")) if revisions.exists() else set()

    first = _worker(app, JOB_PAUSE_AFTER_SIGN="30")
    try:
        # The revision file is written, the database not yet told: the worst moment to die.
        assert _wait(lambda: revisions.exists() and set(revisions.glob("*.pdf")) - before, 60), \
            first.stdout.read1().decode(errors="replace") if first.stdout else ""
        assert SigningJob.query.filter_by(status="running").count() == 1
        db.session.remove()
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert Document.query.one().revision == 0  # nothing recorded by the killed worker
    db.session.remove()

    second = _worker(app)
    try:
        done = _wait(lambda: db.session.get(Meeting, c.meeting["id"]).audit_pdf_key is not None, 90)
    finally:
        second.terminate()
        output = second.communicate(timeout=10)[0].decode(errors="replace")
    assert done, output[-3000:]
    jobs = SigningJob.query.all()
    assert {j.status for j in jobs} == {"done"}
    killed = [j for j in jobs if j.attempts == 2]
    assert len(killed) == 1  # the interrupted job ran again, once
    report = verify_pdf(files().get(Document.query.one().current_key), platform_ca().trust_roots)
    assert report.authentic
    fields = [s.field for s in report.signatures if s.field.startswith(("seal_", "signature_"))]
    assert len(fields) == len(set(fields)) == 4  # each seal and handwriting field signed exactly once
