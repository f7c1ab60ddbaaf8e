"""The Alembic history builds exactly the schema the models describe, and its data migrations keep their promises."""
from datetime import timezone

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from backend.core.extensions import db
from backend.models import Meeting


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    # Column types differ only by our UTC wrapper (stored as DateTime); anything else is a missing migration.
    real = [d for d in diff if not (isinstance(d, list) and d and d[0][0] == "modify_type")]
    assert real == []


def _plain_chain_checks(conn, table, meeting_id) -> bool:
    import hashlib

    from backend.services.audit import GENESIS, canonical_event
    prev = GENESIS
    for row in conn.execute(table.select().where(table.c.meeting_id == meeting_id).order_by(table.c.seq)):
        created_at = row.created_at.replace(tzinfo=timezone.utc)
        canonical = canonical_event(row.meeting_id, row.seq, row.kind, row.data, row.actor, row.ip, row.channel,
                                    created_at, prev)
        if row.prev_hash != prev or hashlib.sha256(canonical).hexdigest() != row.hash:
            return False
        prev = row.hash
    return True


def test_plain_sha256_chains_are_rekeyed_and_sealed_and_a_broken_one_is_left_broken(app, booked):
    """a1d17c4a0b01: chains written before the key existed keep verifying; a forged one keeps failing."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, update
    from sqlalchemy.types import JSON

    from backend.models import AuditCheckpoint
    from backend.services.audit import verify_chain

    kept, forged = booked(), booked()
    kept.phones[0].login().verify_by_sms()
    assert kept.phones[0].sign().status_code == 200
    kept_id, forged_id = kept.meeting["id"], forged.meeting["id"]
    db.session.remove()
    # The pre-migration table, as the old code saw it (naive UTC times, plain SHA-256 hashes).
    events = Table("audit_event", MetaData(), Column("id", Integer), Column("meeting_id", String), Column("seq", Integer),
                   Column("kind", String), Column("data", JSON), Column("actor", String), Column("ip", String),
                   Column("channel", String), Column("created_at", DateTime), Column("prev_hash", String),
                   Column("hash", String))
    downgrade(revision="5d0c7e3a9b21")  # just before the keyed chain
    try:
        with db.engine.begin() as conn:
            assert _plain_chain_checks(conn, events, kept_id) and _plain_chain_checks(conn, events, forged_id)
            # a forgery the old digest would catch: data changed, hash left alone
            first_seq = conn.execute(events.select().where(events.c.meeting_id == forged_id)
                                     .order_by(events.c.seq)).first()
            conn.execute(update(events).where(events.c.id == first_seq.id).values(data={"name": "另一个会议"}))
    finally:
        upgrade()

    assert verify_chain(kept_id) == []
    [seal] = AuditCheckpoint.query.filter_by(meeting_id=kept_id).all()
    assert seal.reason == "rekeyed" and seal.seq == db.session.get(Meeting, kept_id).audit_seq
    problems = verify_chain(forged_id)
    assert problems[0] == f"event 1 ({first_seq.kind}) was altered: its hash is not the audit key's"
    assert AuditCheckpoint.query.filter_by(meeting_id=forged_id).count() == 0
    # the re-keyed chain goes on: the next signature is sealed as usual
    kept.phones[1].login().verify_by_sms()
    assert kept.phones[1].sign().status_code == 200
    assert verify_chain(kept_id) == []
    assert [c.reason for c in AuditCheckpoint.query.filter_by(meeting_id=kept_id).order_by(AuditCheckpoint.seq)] == \
           ["rekeyed", "signed"]
