"""The audit chain: keyed links and platform-signed checkpoints that a database writer cannot forge."""
import base64
import hashlib
from datetime import datetime

import pytest
from sqlalchemy import update

from backend.core.extensions import db
from backend.core.resources import audit_key, platform_ca
from backend.lib.attestation.statements import certificate_sha256, checkpoint_statement, sign_statement, verify_statement
from backend.lib.attestation.timestamps import timestamp_token
from backend.lib.evidence.chain import public_digest
from backend.models import AuditCheckpoint, AuditEvent, Meeting
from backend.services import audit
from backend.services.audit import canonical_event, verify_chain


def _chain(mid):
    return AuditEvent.query.filter_by(meeting_id=mid).order_by(AuditEvent.seq).all()


def _rewrite(mid, seq, change, digest):
    """What a database writer does: change one event, recompute every later hash with `digest` (and the public
    digests, which need no key), move the head."""
    prev, prev_digest = None, audit.GENESIS
    for row in _chain(mid):
        if row.seq == seq:
            row.data = change(dict(row.data))
        if row.seq >= seq:
            row.prev_hash = prev if prev is not None else row.prev_hash
            canonical = canonical_event(row.meeting_id, row.seq, row.kind, row.data, row.actor, row.ip,
                                        row.channel, row.created_at, row.prev_hash)
            row.hash, row.digest = digest(canonical), public_digest(prev_digest, canonical)
        prev, prev_digest = row.hash, row.digest
    db.session.execute(update(Meeting).where(Meeting.id == mid).values(audit_head=prev, audit_digest=prev_digest))
    db.session.commit()


def _plain_sha256(canonical: bytes) -> str:
    # The chain's digest before it was keyed: the project's own canonical form, hashed with SHA-256.
    return hashlib.sha256(canonical).hexdigest()


def _forge_verified_method(c):
    """Rewrite the first signer's `verified` event (it precedes their sealed signature); its seq."""
    mid = c.meeting["id"]
    event = next(e for e in _chain(mid) if e.kind == "verified")
    return event.seq, (lambda data: {**data, "method": "wechat_face"})


def test_booking_each_signature_and_completion_are_sealed_by_the_platform(completed):
    c = completed
    mid = c.meeting["id"]
    trail = c.org.admin.get(f"/api/contracts/{mid}/audit").get_json()
    assert trail["chain_intact"] is True and trail["problems"] == []
    assert [cp["reason"] for cp in trail["checkpoints"]] == ["booked", "signed", "signed", "completed"]
    events = {e["seq"]: e for e in trail["events"]}
    for cp in trail["checkpoints"]:
        assert events[cp["seq"]]["kind"] == {"booked": "meeting_booked", "signed": "signed",
                                             "completed": "completed"}[cp["reason"]]
        assert events[cp["seq"]]["hash"] == cp["head"] and cp["timestamp"] is None  # no TSA_URL here
    result = db.session.get(Meeting, mid)
    assert result.audit_head == trail["events"][-1]["hash"]


def test_rewritten_and_rehashed_chain_is_reported_by_audit_check_and_the_seals_still_verify(completed, app):
    """The acceptance test: data changed, every later hash recomputed with the project's own digest, head moved."""
    c = completed
    mid = c.meeting["id"]
    seq, change = _forge_verified_method(c)
    _rewrite(mid, seq, change, _plain_sha256)

    result = app.test_cli_runner().invoke(args=["audit-check", mid])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"event {seq} (verified) was altered"), result.output
    trail = c.org.admin.get(f"/api/contracts/{mid}/audit").get_json()
    assert trail["chain_intact"] is False and trail["problems"][0] == first

    # The checkpoints verify with the platform certificate alone: its PEM, the statement, the signature.
    cert_pem = platform_ca().platform_credential().cert_pem
    assert trail["checkpoints"]
    for cp in trail["checkpoints"]:
        assert cp["certificate_sha256"] == certificate_sha256(cert_pem)
        statement = checkpoint_statement(mid, cp["seq"], cp["head"], cp["reason"], cp["created_at"], cp["digest"])
        assert verify_statement(cert_pem, statement, base64.b64decode(cp["signature"]))
        assert not verify_statement(cert_pem, statement.replace(cp["head"].encode(), b"0" * 64),
                                    base64.b64decode(cp["signature"]))
    # ... and what they sealed is not what the forged chain now says.
    rewritten = {e["seq"]: e["hash"] for e in trail["events"]}
    assert [cp["reason"] for cp in trail["checkpoints"] if cp["head"] != rewritten[cp["seq"]]] == \
           [cp["reason"] for cp in trail["checkpoints"] if cp["seq"] > seq]


def test_a_chain_rehashed_with_the_stolen_audit_key_is_caught_by_its_checkpoints(completed):
    c = completed
    mid = c.meeting["id"]
    seq, change = _forge_verified_method(c)
    _rewrite(mid, seq, change, audit_key().link)  # SECRET_KEY stolen: every link verifies again
    problems = verify_chain(mid)
    assert not any("altered" in p for p in problems)
    booked_seq = AuditCheckpoint.query.filter_by(meeting_id=mid, reason="booked").one().seq
    sealed_next = min(cp.seq for cp in AuditCheckpoint.query.filter_by(meeting_id=mid) if cp.seq > seq)
    assert problems[0] == (f"event {sealed_next} (signed) differs from the head the platform sealed (signed): "
                           f"events {booked_seq + 1}–{sealed_next} were rewritten")


def test_removing_or_resigning_the_checkpoints_does_not_hide_a_forgery(completed):
    c = completed
    mid = c.meeting["id"]
    seq, change = _forge_verified_method(c)
    _rewrite(mid, seq, change, audit_key().link)
    signed = AuditCheckpoint.query.filter_by(meeting_id=mid, reason="signed").order_by(AuditCheckpoint.seq).first()
    head = next(e.hash for e in _chain(mid) if e.seq == signed.seq)
    # a checkpoint moved to the forged head keeps its signature: it no longer verifies
    signed.head = head
    db.session.commit()
    assert f"checkpoint at event {signed.seq} (signed, {signed.created_at.isoformat()}): " \
           "the platform signature does not verify" in verify_chain(mid)
    # re-signed with a key of the forger's own: not the platform's certificate
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    own = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    signed.signature = base64.b64encode(sign_statement(own, audit.statement_of(signed))).decode()
    signed.certificate_sha256 = hashlib.sha256(b"forger").hexdigest()
    db.session.commit()
    assert any(p.startswith(f"checkpoint at event {signed.seq} (signed") and "is not the platform's" in p
               for p in verify_chain(mid))
    # every checkpoint deleted: each sealed event says its seal is gone
    AuditCheckpoint.query.filter_by(meeting_id=mid).delete()
    db.session.commit()
    problems = verify_chain(mid)
    sealed = [e for e in _chain(mid) if e.kind in audit.SEALED_KINDS]
    assert problems == [f"event {e.seq} ({e.kind}) has no platform checkpoint (its seal was removed)" for e in sealed]


def test_a_booked_chain_stripped_of_every_sealed_event_is_reported(booked):
    c = booked()
    mid = c.meeting["id"]
    AuditCheckpoint.query.filter_by(meeting_id=mid).delete()
    AuditEvent.query.filter_by(meeting_id=mid, kind="meeting_booked").delete()
    rows, prev, prev_digest = _chain(mid), audit.GENESIS, audit.GENESIS
    for n, row in enumerate(rows, start=1):  # renumbered and relinked with the stolen key
        row.seq, row.prev_hash = n, prev
        canonical = canonical_event(mid, n, row.kind, row.data, row.actor, row.ip, row.channel, row.created_at, prev)
        row.hash = prev = audit_key().link(canonical)
        row.digest = prev_digest = public_digest(prev_digest, canonical)
    db.session.execute(update(Meeting).where(Meeting.id == mid).values(audit_head=prev, audit_seq=len(rows)))
    db.session.commit()
    assert verify_chain(mid) == ["the meeting is booked but no platform checkpoint seals its chain"]


def test_checkpoints_made_before_the_platform_certificate_was_renewed_still_verify(completed):
    mid = completed.meeting["id"]
    ca = platform_ca()
    old = ca.platform_credential()
    ca.records.forget_credential("platform")  # renewal issues a new key and certificate
    assert ca.platform_credential().cert_pem != old.cert_pem
    assert verify_chain(mid) == []


def test_audit_check_says_intact_and_refuses_an_unknown_meeting(completed, app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit-check", completed.meeting["id"]])
    assert result.exit_code == 0 and "audit chain intact" in result.output and "4 checkpoints" in result.output
    result = runner.invoke(args=["audit-check", "nosuchmeeting"])
    assert result.exit_code == 2 and "no meeting" in result.output


@pytest.fixture
def local_tsa(app, monkeypatch):
    """TSA_URL set, answered by the platform's local timestamp authority instead of the network."""
    from backend.lib.pdf.finish import timestamper_for
    monkeypatch.setitem(app.config, "TSA_URL", "http://tsa.invalid/")
    monkeypatch.setattr(audit, "_timestamper", lambda: timestamper_for(platform_ca(), None))


def test_with_a_tsa_each_checkpoint_gets_a_timestamp_after_commit(booked, local_tsa):
    c = booked()
    mid = c.meeting["id"]
    [cp] = c.org.admin.get(f"/api/contracts/{mid}/audit").get_json()["checkpoints"]
    assert cp["reason"] == "booked" and cp["timestamp"]["token"]
    assert datetime.fromisoformat(cp["timestamp"]["at"]) >= datetime.fromisoformat(cp["created_at"])
    assert verify_chain(mid) == []
    row = AuditCheckpoint.query.filter_by(meeting_id=mid).one()
    # a genuine token, but over another signature
    row.timestamp_token = base64.b64encode(timestamp_token(audit._timestamper(), b"another signature")).decode()
    db.session.commit()
    assert verify_chain(mid) == [f"checkpoint at event {row.seq} (booked, {row.created_at.isoformat()}): "
                                 "the timestamp token does not cover its signature"]


def test_an_unreachable_tsa_leaves_the_checkpoint_valid_and_the_booking_done(booked, local_tsa, monkeypatch):
    class Down:
        async def async_timestamp(self, digest, algorithm):
            raise OSError("connection refused")
    monkeypatch.setattr(audit, "_timestamper", lambda: Down())
    c = booked()
    mid = c.meeting["id"]
    assert db.session.get(Meeting, mid).booked_at is not None
    assert [cp.timestamp_token for cp in AuditCheckpoint.query.filter_by(meeting_id=mid)] == [None]
    assert verify_chain(mid) == []
