"""Signing jobs: a table, not process memory; one document at a time, retried, resumed after a crash."""
import hashlib
import logging
import os
import socket
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, update

from backend.core.database import reading
from backend.core.extensions import db
from backend.core.logs import working_for
from backend.core.resources import files, platform_ca
from backend.lib.pdf.sign import FieldValue, SignerIdentity, sign_fields
from backend.models import Document, Meeting, Participant, Seal, SignatureRecord, SigningJob
from backend.models.base import utcnow
from backend.services import audit
from backend.services.handwriting import shown_image as handwriting_image

log = logging.getLogger("signstage.jobs")
MAX_ATTEMPTS = 8
_wakeup = threading.Event()


def lease() -> timedelta:
    """How long a claimed job stays claimed before another worker may take it over."""
    return timedelta(seconds=current_app.config.get("JOB_LEASE_SECONDS", 30))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def wake() -> None:
    """Tell this process's worker thread that a job is waiting."""
    _wakeup.set()


def _lock_document(document_id: str, me: str, now) -> bool:
    locked = db.session.execute(
        update(Document).where(and_(Document.id == document_id,
                                    or_(Document.job_locked_until.is_(None), Document.job_locked_until <= now)))
        .values(job_locked_by=me, job_locked_until=now + lease())).rowcount
    db.session.commit()
    return bool(locked)


def _unlock_document(document_id: str | None, me: str) -> None:
    if document_id:
        db.session.execute(update(Document).where(and_(Document.id == document_id, Document.job_locked_by == me))
                           .values(job_locked_by=None, job_locked_until=None))
        db.session.commit()


def _claim(me: str) -> SigningJob | None:
    now = utcnow()
    # Polling only reads: on SQLite it must not queue for the write lock behind signers.
    with reading():
        candidates = (SigningJob.query.filter(SigningJob.status.in_(("queued", "running")),
                                              SigningJob.run_after <= now)
                      .order_by(SigningJob.created_at, SigningJob.id).limit(20).all())
    for job in candidates:
        if job.status == "running" and job.locked_until and job.locked_until > now:
            continue
        if job.document_id and not _lock_document(job.document_id, me, now):
            continue
        # Compare-and-set: only one worker turns this row into its own running job.
        claimed = db.session.execute(
            update(SigningJob).where(and_(SigningJob.id == job.id, SigningJob.status == job.status,
                                          SigningJob.attempts == job.attempts))
            .values(status="running", locked_by=me, locked_until=now + lease(), attempts=job.attempts + 1)
        ).rowcount
        db.session.commit()
        if claimed:
            return db.session.get(SigningJob, job.id)
        _unlock_document(job.document_id, me)
    return None


def _apply(job: SigningJob) -> None:
    # Plain values only past the rollback below: touching an expired ORM object reopens a transaction.
    job_id, meeting_id, document_id, participant_id = job.id, job.meeting_id, job.document_id, job.participant_id
    doc = db.session.get(Document, document_id)
    participant = db.session.get(Participant, participant_id)
    record = SignatureRecord.query.filter_by(participant_id=participant.id).one()
    handwriting = handwriting_image(record)
    values = []
    for control in doc.controls:
        if control.participant_id != participant.id:
            continue
        if control.kind == "seal":
            seal = db.session.get(Seal, record.seal_choices[control.id])
            values.append(FieldValue(control.field_name, "seal", image_png=files().get(seal.image_key)))
        elif control.kind == "signature":
            values.append(FieldValue(control.field_name, "signature", image_png=handwriting))
        else:
            values.append(FieldValue(control.field_name, "date", text=record.date_text))
    base_key, base_sha = doc.current_key, doc.current_sha256
    signer, signed_at = SignerIdentity(participant.name, participant.enterprise_name), record.signed_at
    db.session.rollback()  # no transaction (on SQLite: no write lock) is held while the PDF is signed
    signed = sign_fields(files().get(base_key), signer, values, platform_ca(), signing_time=signed_at)
    if signed == files().get(base_key):
        return  # every field was already on the PDF: a retried job after a crash
    new_key = files().put(signed, prefix="revisions", suffix=".pdf")
    if current_app.config["JOB_PAUSE_AFTER_SIGN"]:
        import time
        time.sleep(current_app.config["JOB_PAUSE_AFTER_SIGN"])
    moved = db.session.execute(
        update(Document).where(and_(Document.id == document_id, Document.current_key == base_key))
        .values(current_key=new_key, current_sha256=hashlib.sha256(signed).hexdigest(),
                revision=Document.revision + 1)).rowcount
    if not moved:
        db.session.rollback()
        raise RuntimeError(f"document {document_id} changed under job {job_id} (was {base_sha}); retrying")
    audit.record(meeting_id, "signature_applied", {"participant_id": participant_id, "document_id": document_id})


def _finish_due(meeting_id: str) -> None:
    """Queue the finishing job once every signer's signatures are on every PDF."""
    # The meeting's row lock makes the last two jobs of a meeting see each other's result. NO KEY
    # UPDATE (key_share): a plain FOR UPDATE would wait on the key-share locks that a concurrent
    # sign request's inserts hold on this row while that request waits for ours: a deadlock.
    meeting = Meeting.query.filter_by(id=meeting_id).with_for_update(key_share=True).one()
    signers = [p for p in meeting.participants if p.role == "signer"]
    if not signers or any(p.status != "signed" for p in signers):
        return
    pending = SigningJob.query.filter(SigningJob.meeting_id == meeting_id, SigningJob.kind == "apply",
                                      SigningJob.status != "done").count()
    if pending or SigningJob.query.filter_by(meeting_id=meeting_id, kind="finish").first():
        return
    db.session.add(SigningJob(meeting_id=meeting_id, kind="finish", run_after=utcnow()))


def run_one(me: str | None = None) -> bool:
    """Claim and run one due job; return False when there was none."""
    me = me or worker_id()
    job = _claim(me)
    if job is None:
        return False
    with working_for(job.request_id or f"job-{job.id}"):
        return _run(job, me)


def _run(job: SigningJob, me: str) -> bool:
    job_id, meeting_id, document_id, kind = job.id, job.meeting_id, job.document_id, job.kind
    log.info("job %s (%s) started", job_id, kind, extra={"job_id": job_id, "meeting_id": meeting_id})
    try:
        if job.kind == "apply":
            _apply(job)
        else:
            from backend.services.completion import finish_meeting
            finish_meeting(meeting_id)
        job = db.session.get(SigningJob, job_id)
        job.status, job.done_at, job.locked_until, job.last_error = "done", utcnow(), None, None
        db.session.flush()
        _finish_due(meeting_id)
        db.session.commit()
        log.info("job %s (%s) done", job_id, kind, extra={"job_id": job_id, "meeting_id": meeting_id})
    except Exception as exc:  # any failure is retried with backoff; the job row keeps the reason
        db.session.rollback()
        log.exception("job %s failed", job_id)
        job = db.session.get(SigningJob, job_id)
        job.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        job.locked_until = None
        if job.attempts >= MAX_ATTEMPTS:
            job.status = "failed"
        else:
            job.status = "queued"
            job.run_after = utcnow() + timedelta(seconds=min(2 ** job.attempts, 300))
        db.session.commit()
    finally:
        _unlock_document(document_id, me)
    return True


def run_pending(limit: int = 1000) -> int:
    """Run due jobs until none is left (tests and the CLI use this)."""
    done = 0
    while done < limit and run_one():
        done += 1
    return done


def tick(me: str | None = None, stop: threading.Event | None = None) -> None:
    """One round of background work: every due signing job, every due SMS retry, and now and then a purge."""
    from backend.services import housekeeping, outbox
    me = me or worker_id()
    while run_one(me) and not (stop and stop.is_set()):
        pass
    outbox.deliver_due()
    housekeeping.purge_if_due()


def work_forever(app, stop: threading.Event, poll_seconds: float = 1.0) -> None:
    """The worker loop: run jobs and SMS retries, then sleep until woken or the poll interval passes."""
    me = worker_id()
    while not stop.is_set():
        with app.app_context():
            try:
                tick(me, stop)
            except Exception:  # the database may be briefly unavailable; keep the worker alive
                log.exception("worker loop error")
            finally:
                db.session.remove()
        _wakeup.wait(poll_seconds)
        _wakeup.clear()


def retry_failed(meeting_id: str | None = None) -> int:
    """Put failed jobs back in the queue (an operator's command after fixing the cause)."""
    query = SigningJob.query.filter_by(status="failed")
    if meeting_id:
        query = query.filter_by(meeting_id=meeting_id)
    count = 0
    for job in query.all():
        job.status, job.attempts, job.run_after = "queued", 0, utcnow()
        count += 1
    db.session.commit()
    return count
