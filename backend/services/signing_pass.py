"""A signing pass: the queued signers of one document signed into its PDF one after another, stored once.

The PDF is fetched once, each signer's fields are signed in memory in turn (lib.pdf.sign.SignedDocument),
and the result is stored once with one move of Document.current_key. A signer whose values cannot be
signed is left out (the document stays as it was before them) and reported; the others go on.
Nothing is stored until the end, so a pass that dies leaves the document as it was, and the retried
jobs skip fields already filled.
"""
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, update

from backend.core.extensions import db
from backend.core.resources import files, platform_ca
from backend.lib.attestation.statements import certificate_sha256
from backend.lib.pdf.sign import FieldValue, SignedDocument, SignerIdentity
from backend.models import Document, Participant, Seal, SignatureRecord, SigningJob
from backend.services import audit
from backend.services.handwriting import shown_image as handwriting_image


@dataclass(frozen=True)
class _Turn:
    job_id: str
    participant_id: str
    signer: SignerIdentity
    values: tuple[FieldValue, ...]
    signed_at: object


@dataclass
class PassResult:
    """What a pass did: jobs done (their signers applied, or nothing left to apply) and jobs that failed."""

    done: list[str] = field(default_factory=list)
    failed: dict[str, Exception] = field(default_factory=dict)


def _turn(job: SigningJob, doc: Document, seal_images: dict) -> _Turn:
    participant = db.session.get(Participant, job.participant_id)
    record = SignatureRecord.query.filter_by(participant_id=participant.id).one()
    handwriting = None
    values = []
    for control in doc.controls:
        if control.participant_id != participant.id:
            continue
        if control.kind == "seal":
            seal = db.session.get(Seal, record.seal_choices[control.id])
            if seal.image_key not in seal_images:  # a seal many signers share is fetched once
                seal_images[seal.image_key] = files().get(seal.image_key)
            values.append(FieldValue(control.field_name, "seal", image_png=seal_images[seal.image_key]))
        elif control.kind == "signature":
            handwriting = handwriting if handwriting is not None else handwriting_image(record)
            values.append(FieldValue(control.field_name, "signature", image_png=handwriting))
        else:
            values.append(FieldValue(control.field_name, "date", text=record.date_text))
    return _Turn(job.id, participant.id, SignerIdentity(participant.name, participant.enterprise_name),
                 tuple(values), record.signed_at)


def apply_pass(document_id: str, job_ids: list[str], keep_alive: Callable[[], None] = lambda: None) -> PassResult:
    """Sign the signers of `job_ids` (in that order) into the document; returns which jobs are done and failed.

    The caller commits. Raises (every job to be retried) when the pass as a whole fails: the store, or
    the document moved on under it.
    """
    result = PassResult()
    doc = db.session.get(Document, document_id)
    meeting_id, sources, rehearsal = doc.meeting_id, [c.field_name for c in doc.controls], doc.meeting.rehearsal
    turns, seal_images = [], {}
    for job_id in job_ids:
        try:
            turns.append(_turn(db.session.get(SigningJob, job_id), doc, seal_images))
        except Exception as exc:  # this signer's data is broken; the others are not held up
            result.failed[job_id] = exc
    base_key, base_sha = doc.current_key, doc.current_sha256
    db.session.rollback()  # no transaction (on SQLite: no write lock) is held while the PDF is signed

    signed = SignedDocument(files().get(base_key), platform_ca().signing_for(rehearsal), image_sources=sources)
    applied = []
    for turn in turns:
        try:
            changed = signed.sign(turn.signer, turn.values, signing_time=turn.signed_at)
        except Exception as exc:  # the document stays as before this signer
            result.failed[turn.job_id] = exc
        else:
            result.done.append(turn.job_id)
            if changed:
                applied.append((turn.participant_id, _signatures(turn, signed.certificates)))
        keep_alive()
    if not applied:
        return result  # every field was already on the PDF (a retried job after a crash), or all failed
    new_key = files().put(signed.pdf, prefix="revisions", suffix=".pdf")
    if current_app.config["JOB_PAUSE_AFTER_SIGN"]:
        time.sleep(current_app.config["JOB_PAUSE_AFTER_SIGN"])
    moved = db.session.execute(
        update(Document).where(and_(Document.id == document_id, Document.current_key == base_key))
        .values(current_key=new_key, current_sha256=hashlib.sha256(signed.pdf).hexdigest(),
                revision=Document.revision + len(applied))).rowcount
    if not moved:
        db.session.rollback()
        raise RuntimeError(f"document {document_id} changed under jobs {', '.join(job_ids)} (was {base_sha}); "
                           "retrying")
    for participant_id, signatures in applied:
        # Which certificate signed which field: an offline verifier ties the event to the PDF's signatures.
        audit.record(meeting_id, "signature_applied", {"participant_id": participant_id, "document_id": document_id,
                                                       "signatures": signatures})
    return result


def _signatures(turn: _Turn, certificates: dict[str, bytes]) -> list[dict]:
    return [{"field": v.field_name, "certificate_sha256": certificate_sha256(certificates[v.field_name])}
            for v in turn.values if v.field_name in certificates]
