"""Public audit digests: audit_event.digest, audit_checkpoint.digest, meeting.audit_digest, existing chains back-filled

Revision ID: 19c3d4e5f6a7
Revises: 19b2c3d4e5f6
Create Date: 2026-12-05 10:00:00

Beside each event's keyed link (HMAC) the app now keeps a public SHA-256 digest over the previous digest
and the same canonical bytes, which checkpoints (statement version 2) seal too, so an evidence package
can be checked offline. Every chain whose keyed links still check is given its digests here, in seq
order; a chain that fails the keyed check is left without digests (it reports as altered either way:
a digest must never vouch publicly for a chain that does not check). Checkpoints already made stay
version 1 (no digest) and keep verifying with the audit key. The canonical form, the digest and the key
derivation are copied here on purpose: this migration must keep doing what it did when app code changes.

The columns are added in place (nullable, or with a server default): meeting is never rebuilt on SQLite.
Downgrading drops the digests, and with them what version-2 checkpoints signed: those no longer verify
under the older code (as a1d17c4a0b01's downgrade drops every checkpoint). Keep a backup before it.
"""
import hashlib
import hmac
import json
import logging
from datetime import timezone

import sqlalchemy as sa
from alembic import op

revision = '19c3d4e5f6a7'
down_revision = "19b2c3d4e5f6"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
GENESIS = "0" * 64

_meeting = sa.table("meeting", sa.column("id", sa.String), sa.column("audit_head", sa.String),
                    sa.column("audit_digest", sa.String))
_event = sa.table("audit_event", sa.column("id", sa.Integer), sa.column("meeting_id", sa.String),
                  sa.column("seq", sa.Integer), sa.column("kind", sa.String), sa.column("data", sa.JSON),
                  sa.column("actor", sa.String), sa.column("ip", sa.String), sa.column("channel", sa.String),
                  sa.column("created_at", sa.DateTime), sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
                  sa.column("digest", sa.String))


def upgrade():
    op.add_column('audit_event', sa.Column('digest', sa.String(length=64), nullable=True))
    op.add_column('audit_checkpoint', sa.Column('digest', sa.String(length=64), nullable=True))
    op.add_column('meeting', sa.Column('audit_digest', sa.String(length=64), nullable=False, server_default=GENESIS))
    _backfill()


def downgrade():
    op.drop_column('meeting', 'audit_digest')
    op.drop_column('audit_checkpoint', 'digest')
    op.drop_column('audit_event', 'digest')


def canonical(row) -> bytes:
    """The event's canonical bytes, exactly as the app links and digests them when this migration was written."""
    created_at = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
    data = json.loads(row.data) if isinstance(row.data, str) else row.data
    return json.dumps([row.meeting_id, row.seq, row.kind, data, row.actor, row.ip, row.channel, created_at.isoformat(),
                       row.prev_hash], ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _link_key() -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from flask import current_app

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"signstage audit chain v1").derive(current_app.config["SECRET_KEY"].encode())


def _backfill():
    conn = op.get_bind()
    meetings = conn.execute(sa.select(_meeting.c.id, _meeting.c.audit_head)).all()
    key = _link_key() if meetings else b""
    for meeting_id, head in meetings:
        rows = conn.execute(sa.select(_event).where(_event.c.meeting_id == meeting_id).order_by(_event.c.seq)).all()
        if not rows:
            continue
        prev, intact = GENESIS, head == rows[-1].hash
        for expected, row in enumerate(rows, start=1):
            intact = intact and row.seq == expected and row.prev_hash == prev and hmac.compare_digest(
                hmac.new(key, canonical(row), hashlib.sha256).hexdigest(), row.hash)
            prev = row.hash
        if not intact:
            log.warning("audit chain of meeting %s does not check: left without public digests", meeting_id)
            continue
        digest = GENESIS
        for row in rows:
            digest = hashlib.sha256(digest.encode("ascii") + canonical(row)).hexdigest()
            conn.execute(_event.update().where(_event.c.id == row.id).values(digest=digest))
        conn.execute(_meeting.update().where(_meeting.c.id == meeting_id).values(audit_digest=digest))
