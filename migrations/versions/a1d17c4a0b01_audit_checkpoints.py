"""Keyed audit chains and platform-signed checkpoints: audit_checkpoint, existing chains re-keyed

Revision ID: a1d17c4a0b01
Revises: 5d0c7e3a9b21
Create Date: 2026-12-03 15:00:00

Chains were plain SHA-256, which anyone with write access could recompute. Each chain that still
checks with the old digest is re-keyed in place (HMAC-SHA256, key derived from SECRET_KEY) and,
if it holds a booking, signature or completion, sealed at its head by the platform key (reason
"rekeyed"). A chain that fails the old check is left as it is, so it keeps reporting as altered.
The old digest, the key derivation and the checkpoint statement are copied here on purpose: this
migration must keep doing what it did when app code changes.
"""
import base64
import hashlib
import hmac
import json
import logging
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = 'a1d17c4a0b01'
down_revision = '5d0c7e3a9b21'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
GENESIS = "0" * 64
SEALED_KINDS = ("meeting_booked", "signed", "completed")

_meeting = sa.table("meeting", sa.column("id", sa.String), sa.column("audit_head", sa.String))
_event = sa.table("audit_event", sa.column("id", sa.Integer), sa.column("meeting_id", sa.String),
                  sa.column("seq", sa.Integer), sa.column("kind", sa.String), sa.column("data", sa.JSON),
                  sa.column("actor", sa.String), sa.column("ip", sa.String), sa.column("channel", sa.String),
                  sa.column("created_at", sa.DateTime), sa.column("prev_hash", sa.String), sa.column("hash", sa.String))


def upgrade():
    op.create_table('audit_checkpoint',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('certificate_serial', sa.String(length=40), nullable=False),
    sa.Column('certificate_sha256', sa.String(length=64), nullable=False),
    sa.Column('timestamp_token', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_audit_checkpoint_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint')),
    sa.UniqueConstraint('meeting_id', 'seq', name='uq_audit_checkpoint_meeting_seq')
    )
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_checkpoint_meeting_id'), ['meeting_id'], unique=False)
    key = _hmac_key()
    checkpoint = sa.table("audit_checkpoint", *(sa.column(n) for n in (
        "meeting_id", "seq", "head", "reason", "signature", "certificate_serial", "certificate_sha256")),
        sa.column("created_at", sa.DateTime))
    signer = _PlatformSigner()
    for meeting_id, rows in _chains(plain_link, lambda c: hashlib.sha256(c).hexdigest()):
        head = _relink(meeting_id, rows, lambda c: hmac.new(key, c, hashlib.sha256).hexdigest())
        if any(r.kind in SEALED_KINDS for r in rows):
            op.get_bind().execute(checkpoint.insert().values(meeting_id=meeting_id, seq=rows[-1].seq, head=head,
                                                             reason="rekeyed", **signer.seal(meeting_id, rows[-1].seq, head)))


def downgrade():
    key = _hmac_key()
    for meeting_id, rows in _chains(plain_link, lambda c: hmac.new(key, c, hashlib.sha256).hexdigest()):
        _relink(meeting_id, rows, lambda c: hashlib.sha256(c).hexdigest())
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_checkpoint_meeting_id'))
    op.drop_table('audit_checkpoint')


def plain_link(row, prev_hash) -> bytes:
    """The event's canonical bytes, exactly as the app hashed them when this migration was written."""
    created_at = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
    data = json.loads(row.data) if isinstance(row.data, str) else row.data
    return json.dumps([row.meeting_id, row.seq, row.kind, data, row.actor, row.ip, row.channel, created_at.isoformat(),
                       prev_hash], ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _hmac_key() -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from flask import current_app

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"signstage audit chain v1").derive(current_app.config["SECRET_KEY"].encode())


def _chains(canonical, digest):
    """(meeting_id, events) of every chain that checks under `digest`; the others are named and left alone."""
    conn = op.get_bind()
    for meeting_id, head in conn.execute(sa.select(_meeting.c.id, _meeting.c.audit_head)).all():
        rows = conn.execute(sa.select(_event).where(_event.c.meeting_id == meeting_id).order_by(_event.c.seq)).all()
        if not rows:
            continue
        prev, intact = GENESIS, head == rows[-1].hash
        for expected, row in enumerate(rows, start=1):
            intact = intact and row.seq == expected and row.prev_hash == prev and digest(canonical(row, prev)) == row.hash
            prev = row.hash
        if intact:
            yield meeting_id, rows
        else:
            log.warning("audit chain of meeting %s does not check: left as it is (it reports as altered)", meeting_id)


def _relink(meeting_id, rows, digest) -> str:
    conn, prev = op.get_bind(), GENESIS
    for row in rows:
        link = digest(plain_link(row, prev))
        conn.execute(_event.update().where(_event.c.id == row.id).values(prev_hash=prev, hash=link))
        prev = link
    conn.execute(_meeting.update().where(_meeting.c.id == meeting_id).values(audit_head=prev))
    return prev


class _PlatformSigner:
    """Signs checkpoint statements with the platform credential, loaded on first use only."""

    def __init__(self):
        self._cred = None

    def seal(self, meeting_id: str, seq: int, head: str) -> dict:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec, padding

        if self._cred is None:
            # The key lives where the app keeps it: ask the app, as the audit PDF's signing does.
            from backend.core.resources import platform_ca
            self._cred = platform_ca().platform_credential()
        cred = self._cred
        now = datetime.now(timezone.utc).replace(microsecond=0)
        statement = json.dumps({"type": "signstage.audit.checkpoint", "v": 1, "meeting_id": meeting_id, "seq": seq,
                                "head": head, "reason": "rekeyed", "created_at": now.isoformat()},
                               ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        key = serialization.load_pem_private_key(cred.key_pem, password=None)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            signature = key.sign(statement, ec.ECDSA(hashes.SHA256()))
        else:
            signature = key.sign(statement, padding.PKCS1v15(), hashes.SHA256())
        der = x509.load_pem_x509_certificate(cred.cert_pem).public_bytes(serialization.Encoding.DER)
        return {"created_at": now.replace(tzinfo=None), "signature": base64.b64encode(signature).decode(),
                "certificate_serial": format(cred.serial, "x"), "certificate_sha256": hashlib.sha256(der).hexdigest()}
