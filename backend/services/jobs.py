"""Signing jobs: a table, not process memory; one document at a time, retried, resumed after a crash."""
import logging
import os
import socket
import threading
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, update

from backend.core.database import reading
from backend.core.extensions import db
from backend.core.logs import working_for
from backend.models import Document, Meeting, SigningJob
from backend.models.base import utcnow
from backend.services.signing_pass import apply_pass

log = logging.getLogger("signstage.jobs")
MAX_ATTEMPTS = 8
# Signers' jobs of one document applied in one pass at most: bounds the work a crash throws away.
MAX_PASS_JOBS = 50
_wakeup = threading.Event()
# Webhook attempts start only this long into a round: a slow receiver must not hold up signing jobs.
WEBHOOK_SECONDS_PER_TICK = 5.0


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


def _claim_more(first: SigningJob, me: str) -> list[str]:
    """The document's other due apply jobs, claimed in created order, to sign in the same pass as `first`.

    Only jobs never tried before join a pass, and only a first try's pass takes any: a job that failed
    or whose worker died runs alone, so one signer whose values cannot be signed holds up no one.
    """
    if first.kind != "apply" or first.attempts != 1 or not first.document_id:
        return []
    now = utcnow()
    with reading():
        candidates = [j.id for j in SigningJob.query.filter(
            SigningJob.document_id == first.document_id, SigningJob.kind == "apply", SigningJob.id != first.id,
            SigningJob.status == "queued", SigningJob.attempts == 0, SigningJob.run_after <= now)
            .order_by(SigningJob.created_at, SigningJob.id).limit(MAX_PASS_JOBS - 1).all()]
    claimed = []
    for job_id in candidates:
        if db.session.execute(
                update(SigningJob).where(and_(SigningJob.id == job_id, SigningJob.status == "queued",
                                              SigningJob.attempts == 0))
                .values(status="running", locked_by=me, locked_until=now + lease(), attempts=1)).rowcount:
            claimed.append(job_id)
    db.session.commit()
    return claimed


def _lease_keeper(document_id: str, job_ids: list[str], me: str):
    """A callback that renews the document's lock and the jobs' leases once a third of the lease has gone."""
    renewed = [time.monotonic()]

    def keep_alive() -> None:
        if time.monotonic() - renewed[0] < lease().total_seconds() / 3:
            return
        until = utcnow() + lease()
        db.session.execute(update(Document).where(and_(Document.id == document_id, Document.job_locked_by == me))
                           .values(job_locked_until=until))
        db.session.execute(update(SigningJob).where(and_(SigningJob.id.in_(job_ids), SigningJob.locked_by == me))
                           .values(locked_until=until))
        db.session.commit()
        renewed[0] = time.monotonic()
    return keep_alive


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


def run_one(me: str | None = None) -> int:
    """Claim and run one due job (with the document's other due signers, in one pass); how many jobs ran (0: none)."""
    me = me or worker_id()
    job = _claim(me)
    if job is None:
        return 0
    with working_for(job.request_id or f"job-{job.id}"):
        return _run(job, me)


def _run(job: SigningJob, me: str) -> int:
    job_id, meeting_id, document_id, kind = job.id, job.meeting_id, job.document_id, job.kind
    job_ids, failed = [job_id], {}
    try:
        job_ids += _claim_more(job, me)
        log.info("job %s (%s) started%s", job_id, kind, f" with {len(job_ids) - 1} more" if len(job_ids) > 1 else "",
                 extra={"job_id": job_id, "meeting_id": meeting_id})
        if kind == "apply":
            result = apply_pass(document_id, job_ids, _lease_keeper(document_id, job_ids, me))
            done, failed = result.done, result.failed
        else:
            from backend.services.completion import finish_meeting
            finish_meeting(meeting_id)
            done = [job_id]
        for done_id in done:
            row = db.session.get(SigningJob, done_id)
            row.status, row.done_at, row.locked_until, row.last_error = "done", utcnow(), None, None
        db.session.flush()
        _finish_due(meeting_id)
        db.session.commit()
        for done_id in done:
            log.info("job %s (%s) done", done_id, kind, extra={"job_id": done_id, "meeting_id": meeting_id})
        for failed_id, exc in failed.items():
            log.error("job %s failed", failed_id, exc_info=exc, extra={"job_id": failed_id, "meeting_id": meeting_id})
    except Exception as exc:  # any failure is retried with backoff; the job row keeps the reason
        db.session.rollback()
        log.exception("job %s failed", ", ".join(job_ids))
        failed = dict.fromkeys(job_ids, exc)
    try:
        for failed_id, exc in failed.items():
            _retry_later(failed_id, exc)
        db.session.commit()
    finally:
        _unlock_document(document_id, me)
    return len(job_ids)


def _retry_later(job_id: str, exc: Exception) -> None:
    job = db.session.get(SigningJob, job_id)
    job.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    job.locked_until = None
    if job.attempts >= MAX_ATTEMPTS:
        job.status = "failed"
    else:
        job.status = "queued"
        job.run_after = utcnow() + timedelta(seconds=min(2 ** job.attempts, 300))


def run_pending(limit: int = 1000) -> int:
    """Run due jobs until none is left (tests and the CLI use this); how many ran."""
    done = 0
    while done < limit:
        ran = run_one()
        if not ran:
            break
        done += ran
    return done


def tick(me: str | None = None, stop: threading.Event | None = None) -> None:
    """One round of background work: due signing jobs, reminders, SMS and webhooks, and now and then a purge."""
    from backend.services import housekeeping, outbox, reminders, webhook_deliveries
    me = me or worker_id()
    while run_one(me) and not (stop and stop.is_set()):
        pass
    reminders.send_due()
    outbox.deliver_due()
    webhook_deliveries.deliver_due(budget_seconds=WEBHOOK_SECONDS_PER_TICK)
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
