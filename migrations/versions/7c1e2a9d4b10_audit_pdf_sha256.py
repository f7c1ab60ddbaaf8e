"""meeting.audit_pdf_sha256: find an uploaded audit trail by its hash

Revision ID: 7c1e2a9d4b10
Revises: 48b2246c9171
Create Date: 2026-11-25 19:00:00
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = '7c1e2a9d4b10'
down_revision = '48b2246c9171'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audit_pdf_sha256', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_meeting_audit_pdf_sha256'), ['audit_pdf_sha256'], unique=False)
    _backfill()


def _backfill():
    # Audit trails written before this column existed: hash the stored files once, here.
    from backend.core.resources import files
    store = files()  # wherever STORAGE_URL keeps them: the filesystem or S3
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, audit_pdf_key FROM meeting WHERE audit_pdf_key IS NOT NULL")).fetchall()
    for meeting_id, key in rows:
        data = store.find(key)
        if data is not None:
            conn.execute(sa.text("UPDATE meeting SET audit_pdf_sha256 = :sha WHERE id = :id"),
                         {"sha": hashlib.sha256(data).hexdigest(), "id": meeting_id})


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_audit_pdf_sha256'))
        batch_op.drop_column('audit_pdf_sha256')
