"""The worker signs a document's queued signers in one pass: fetched once, stored once, one event per signer."""
from datetime import timedelta

from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.pdf.sign import SignedDocument
from backend.lib.pdf.verify import verify_pdf
from backend.models import AuditEvent, Document, Meeting, SigningJob
from backend.models.base import utcnow
from backend.services import jobs
from tests.pdf.test_images import image_objects, shown_images


def _signed_by_all(booked, signers_per_enterprise=2):
    c = booked(signers_per_enterprise=signers_per_enterprise)
    for phone in c.phones:
        phone.login().verify_by_sms()
        assert phone.sign().status_code == 200
    db.session.commit()
    return c


def test_queued_signers_are_signed_in_one_pass_and_stored_once(booked, monkeypatch):
    c = _signed_by_all(booked)  # four signers, two enterprises: two seals
    doc = Document.query.one()
    base_revision, base_key = doc.revision, doc.current_key
    fetched, stored = [], []
    real_get, real_put = files().get, files().put
    monkeypatch.setattr(files(), "get", lambda key: (fetched.append(key), real_get(key))[1])
    monkeypatch.setattr(files(), "put", lambda data, **kw: (stored.append(kw.get("prefix")), real_put(data, **kw))[1])

    assert jobs.run_one() == 4  # the four signers' jobs, in one pass
    assert stored == ["revisions"] and fetched.count(base_key) == 1
    db.session.expire_all()
    doc = Document.query.one()
    assert doc.revision == base_revision + 4  # one move of current_key, counting every signer applied
    applies = SigningJob.query.filter_by(kind="apply").all()
    assert {j.status for j in applies} == {"done"} and {j.attempts for j in applies} == {1}
    events = AuditEvent.query.filter_by(meeting_id=c.meeting["id"], kind="signature_applied").all()
    assert sorted(e.data["participant_id"] for e in events) == sorted(s["id"] for s in c.signers)

    pdf = files().get(doc.current_key)
    report = verify_pdf(pdf, platform_ca().trust_roots)
    assert report.authentic, report.problems
    assert len(report.signatures) == 8
    shown = shown_images(pdf)
    seals = {v for k, v in shown.items() if k.startswith("seal_")}
    assert len(seals) == 2  # each enterprise's seal embedded once, shared by its two signers

    assert jobs.run_pending() == 1  # then the finish
    assert db.session.get(Meeting, c.meeting["id"]).status == "completed"


def test_a_signer_that_cannot_be_signed_holds_no_one_up_and_is_retried_alone(booked, monkeypatch):
    c = _signed_by_all(booked)
    bad = (c.signers[1]["name"], c.signers[1]["enterprise_name"])
    real = SignedDocument.async_sign

    async def refuses_one(self, signer, values, **kw):
        if (signer.name, signer.organisation) == bad:
            raise RuntimeError("this signer's values cannot be signed")
        return await real(self, signer, values, **kw)
    monkeypatch.setattr(SignedDocument, "async_sign", refuses_one)

    assert jobs.run_one() == 4
    db.session.expire_all()
    applies = {j.participant_id: j for j in SigningJob.query.filter_by(kind="apply")}
    failed = applies[c.signers[1]["id"]]
    assert failed.status == "queued" and "cannot be signed" in failed.last_error and failed.run_after > utcnow()
    assert all(j.status == "done" for p, j in applies.items() if p != failed.participant_id)
    assert AuditEvent.query.filter_by(kind="signature_applied").count() == 3
    assert Document.query.one().revision > 0  # the other three were stored

    monkeypatch.setattr(SignedDocument, "async_sign", real)
    failed.run_after = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert jobs.run_one() == 1  # a retried job runs alone
    assert jobs.run_pending() == 1  # and the finish follows
    db.session.expire_all()
    assert db.session.get(Meeting, c.meeting["id"]).status == "completed"
    pdf = files().get(Document.query.one().current_key)
    assert verify_pdf(pdf, platform_ca().trust_roots).authentic
    shown = shown_images(pdf)
    assert len({v for k, v in shown.items() if k.startswith("seal_")}) == 2  # the late signer's seal reused too
    # the four test handwritings are identical: shown once in the first pass, embedded again by the late
    # signer's own pass (a handwriting is only looked for among the images of its pass)
    assert len(image_objects(pdf)) == 2 + 2


def test_a_long_pass_renews_its_leases(booked, app, monkeypatch):
    _signed_by_all(booked, signers_per_enterprise=1)
    monkeypatch.setitem(app.config, "JOB_LEASE_SECONDS", 0.3)  # renewed after each signer past 0.1 s
    renewals = []
    real = jobs._lease_keeper

    def spying(document_id, job_ids, me):
        keep = real(document_id, job_ids, me)

        def keep_alive():
            before = db.session.get(Document, document_id).job_locked_until
            db.session.rollback()
            keep()
            after = db.session.get(Document, document_id).job_locked_until
            db.session.rollback()
            renewals.append(after > before)
        return keep_alive
    monkeypatch.setattr(jobs, "_lease_keeper", spying)
    assert jobs.run_pending() == 3
    assert renewals and any(renewals)
