"""The public digest beside the keyed chain: written by every append, sealed by the checkpoints, checked by the
server too, and back-filled by migration 19c3d4e5f6a7 for chains that still check."""
import base64

from sqlalchemy import text, update

from backend.core.extensions import db
from backend.core.resources import platform_ca
from backend.lib.attestation.statements import checkpoint_statement, sign_statement, verify_statement
from backend.lib.evidence.chain import GENESIS, canonical_event, public_digest
from backend.models import AuditCheckpoint, AuditEvent, Meeting
from backend.services.audit import verify_chain


def _chain(mid):
    return AuditEvent.query.filter_by(meeting_id=mid).order_by(AuditEvent.seq).all()


def statement_v1(seal: AuditCheckpoint) -> bytes:
    return checkpoint_statement(seal.meeting_id, seal.seq, seal.head, seal.reason, seal.created_at.isoformat())


def test_every_event_has_a_digest_anyone_can_recompute_and_each_checkpoint_seals_it(booked):
    c = booked()
    c.phones[0].login().verify_by_sms()
    assert c.phones[0].sign().status_code == 200
    mid = c.meeting["id"]
    prev = GENESIS
    for e in _chain(mid):  # with the library alone: no audit key
        prev_expected = public_digest(prev, canonical_event(mid, e.seq, e.kind, e.data, e.actor, e.ip, e.channel,
                                                            e.created_at.isoformat(), e.prev_hash))
        assert e.digest == prev_expected
        prev = e.digest
    assert db.session.get(Meeting, mid).audit_digest == prev
    cert = platform_ca().platform_credential().cert_pem
    seals = AuditCheckpoint.query.filter_by(meeting_id=mid).order_by(AuditCheckpoint.seq).all()
    assert [s.reason for s in seals] == ["booked", "signed"]
    digests = {e.seq: e.digest for e in _chain(mid)}
    for seal in seals:
        assert seal.digest == digests[seal.seq]
        statement = checkpoint_statement(mid, seal.seq, seal.head, seal.reason, seal.created_at.isoformat(), seal.digest)
        assert b'"v":2' in statement
        assert verify_statement(cert, statement, base64.b64decode(seal.signature))
        forged = checkpoint_statement(mid, seal.seq, seal.head, seal.reason, seal.created_at.isoformat(), "0" * 64)
        assert not verify_statement(cert, forged, base64.b64decode(seal.signature))
    trail = c.org.admin.get(f"/api/contracts/{mid}/audit").get_json()
    assert [(cp["v"], cp["digest"]) for cp in trail["checkpoints"]] == [(2, s.digest) for s in seals]


def test_a_digest_changed_in_the_database_is_reported_by_the_server(booked):
    c = booked()
    mid = c.meeting["id"]
    assert verify_chain(mid) == []
    event = _chain(mid)[2]
    db.session.execute(update(AuditEvent).where(AuditEvent.id == event.id).values(digest="f" * 64))
    db.session.commit()
    # Its own digest no longer recomputes, nor does the next one, which was made from the real one.
    assert verify_chain(mid) == [f"event {event.seq} ({event.kind}): its public digest does not recompute "
                                 "(1 later event neither)"]


def test_the_migration_backfills_the_digests_of_chains_that_check_and_no_others(app, booked):
    from flask_migrate import downgrade, upgrade

    kept, forged = booked(), booked()
    kept_id, forged_id = kept.meeting["id"], forged.meeting["id"]
    written = {e.seq: e.digest for e in _chain(kept_id)}
    seals = [(s.id, statement_v1(s)) for s in AuditCheckpoint.query.filter_by(meeting_id=kept_id)]
    db.session.remove()
    downgrade(revision="16b2d1e3f4a5")
    try:
        with db.engine.begin() as conn:
            # What the code before the digest wrote: version 1 checkpoints, sealing the keyed head alone.
            key = platform_ca().platform_credential().key_pem
            for seal_id, statement in seals:
                conn.execute(text("UPDATE audit_checkpoint SET signature = :s WHERE id = :id"),
                             {"s": base64.b64encode(sign_statement(key, statement)).decode(), "id": seal_id})
            conn.execute(text("UPDATE audit_event SET data = :data WHERE meeting_id = :m AND seq = 1"),
                         {"data": '{"name": "另一个会议"}', "m": forged_id})
    finally:
        upgrade()
    assert {s.digest for s in AuditCheckpoint.query.filter_by(meeting_id=kept_id)} == {None}  # version 1 stays 1
    assert {e.seq: e.digest for e in _chain(kept_id)} == written  # the same digests the app wrote
    assert db.session.get(Meeting, kept_id).audit_digest == written[max(written)]
    assert verify_chain(kept_id) == []
    # A chain that fails its keyed check gets no digest: nothing public vouches for it.
    assert {e.digest for e in _chain(forged_id)} == {None}
    assert verify_chain(forged_id)[0].startswith("event 1 (meeting_created) was altered")
    # The kept chain goes on from its back-filled head.
    kept.phones[0].login().verify_by_sms()
    assert kept.phones[0].sign().status_code == 200
    assert verify_chain(kept_id) == []
