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


def _worker(app, log_path, **extra_env):
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "DATA_DIR": app.config["DATA_DIR"],
           "SECRET_KEY": app.config["SECRET_KEY"], "RUN_WORKER": "0", "JOB_LEASE_SECONDS": "2",
           "SMS_BACKEND": "file", "SMS_FILE_PATH": app.config["SMS_FILE_PATH"], **_storage_env(app), **extra_env}
    # Output to a file, not a pipe: a full pipe would block the worker mid-job.
    with open(log_path, "ab") as log:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], env=env,
                                cwd=Path(__file__).resolve().parents[2], stdout=log, stderr=subprocess.STDOUT)


def _storage_env(app) -> dict:
    # The worker must use the app's store and CA (moto's S3 and a CA file under TEST_STORAGE=s3).
    keys = ("STORAGE_URL", "S3_ENDPOINT_URL", "S3_ADDRESSING_STYLE", "PLATFORM_CA_FILE")
    return {k: app.config[k] for k in keys if app.config.get(k)}


def _stop(proc, sig=signal.SIGTERM) -> None:
    """Stop a worker, killing it if it does not go: no test leaves one running."""
    proc.send_signal(sig)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


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


def test_sigkill_mid_job_then_restart_completes_once(booked, app, tmp_path):
    log_path = tmp_path / "worker.log"
    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    db.session.commit()
    before = set(files().keys("revisions"))

    first = _worker(app, log_path, JOB_PAUSE_AFTER_SIGN="30")
    try:
        # The revision file is written, the database not yet told: the worst moment to die.
        assert _wait(lambda: set(files().keys("revisions")) - before, 60), \
            log_path.read_text(errors="replace")[-3000:]
        # both signers' jobs were queued before the worker started: one pass signs them together
        assert SigningJob.query.filter_by(status="running").count() == 2
        db.session.remove()
    finally:
        _stop(first, signal.SIGKILL)
    assert Document.query.one().revision == 0  # nothing recorded by the killed worker
    db.session.remove()

    second = _worker(app, log_path)
    try:
        done = _wait(lambda: db.session.get(Meeting, c.meeting["id"]).audit_pdf_key is not None, 90)
    finally:
        _stop(second)
    assert done, log_path.read_text(errors="replace")[-3000:]
    jobs = SigningJob.query.all()
    assert {j.status for j in jobs} == {"done"}
    killed = [j for j in jobs if j.attempts == 2]
    assert len(killed) == 2 and {j.kind for j in killed} == {"apply"}  # the interrupted jobs ran again, once
    report = verify_pdf(files().get(Document.query.one().current_key), platform_ca().trust_roots)
    assert report.authentic
    fields = [s.field for s in report.signatures if s.field.startswith(("seal_", "signature_"))]
    assert len(fields) == len(set(fields)) == 4  # each seal and handwriting field signed exactly once
