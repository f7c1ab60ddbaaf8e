"""Completing a contract: the PDF work holds no transaction, and a failure part-way is carried on once."""
from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.pdf.verify import verify_pdf
from backend.models import AuditEvent, Document, Meeting, SigningJob
from backend.services import completion, jobs
from backend.services.audit import verify_chain


def _sign_all(booked):
    c = booked()
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    return c


def test_sealing_and_the_audit_trail_hold_no_transaction(booked, monkeypatch):
    c = _sign_all(booked)
    seen = []

    def outside_a_transaction(real):
        def run(*args, **kw):
            seen.append(db.session().in_transaction())  # a transaction here would hold SQLite's lock
            return real(*args, **kw)
        return run
    monkeypatch.setattr(completion, "seal_document", outside_a_transaction(completion.seal_document))
    monkeypatch.setattr(completion, "audit_trail_pdf", outside_a_transaction(completion.audit_trail_pdf))
    jobs.run_pending()
    assert seen == [False, False]
    meeting = db.session.get(Meeting, c.meeting["id"])
    assert meeting.status == "completed" and meeting.audit_pdf_key


def test_a_finish_that_fails_after_sealing_is_carried_on_once(booked, monkeypatch):
    c = _sign_all(booked)
    real = completion.audit_trail_pdf
    calls = []

    def fails_once(*args, **kw):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(*args, **kw)
    monkeypatch.setattr(completion, "audit_trail_pdf", fails_once)
    jobs.run_pending()
    meeting = db.session.get(Meeting, c.meeting["id"])
    assert meeting.completed_at and meeting.audit_pdf_key is None  # sealed, audit trail not yet written
    finish = SigningJob.query.filter_by(kind="finish").one()
    assert finish.status == "queued" and "disk full" in finish.last_error
    finish.run_after = finish.created_at  # due now instead of after the backoff
    db.session.commit()
    jobs.run_pending()
    db.session.expire_all()
    meeting = db.session.get(Meeting, c.meeting["id"])
    assert meeting.status == "completed" and files().get(meeting.audit_pdf_key).startswith(b"%PDF")
    assert AuditEvent.query.filter_by(meeting_id=meeting.id, kind="completed").count() == 1
    doc = Document.query.one()
    assert doc.current_sha256 == doc.final_sha256
    report = verify_pdf(files().get(doc.current_key), platform_ca().trust_roots)
    assert report.authentic and sum(1 for s in report.signatures if not s.signer_name or
                                    s.signer_name not in {p.info["name"] for p in c.phones}) == 1
    assert verify_chain(meeting.id) == []


def test_a_sealed_contract_reads_as_completed_while_its_audit_trail_is_written(booked, monkeypatch):
    """The `completed` event goes out with the seal: status, completed_at and the event agree from then on."""
    c = _sign_all(booked)
    mid = c.meeting["id"]

    def not_yet(*_a, **_k):
        raise OSError("disk full")
    monkeypatch.setattr(completion, "audit_trail_pdf", not_yet)
    jobs.run_pending()  # sealed; the audit trail is still to be written
    assert c.api.get(f"/api/meetings/{mid}").get_json()["status"] == "completed"
    pending = c.api.get(f"/api/contracts/{mid}/audit.pdf")
    assert pending.status_code == 409 and pending.get_json()["error"]["code"] == "audit_trail_pending"
    assert pending.headers["Retry-After"]
    assert c.api.post(f"/api/meetings/{mid}/cancel").status_code == 409  # a sealed contract stays signed
    assert c.phones[0].get("").get_json()["meeting"]["status"] == "completed"

    monkeypatch.undo()
    finish = SigningJob.query.filter_by(kind="finish").one()
    finish.run_after = finish.created_at
    db.session.commit()
    jobs.run_pending()
    assert c.api.get(f"/api/contracts/{mid}/audit.pdf").data.startswith(b"%PDF")
