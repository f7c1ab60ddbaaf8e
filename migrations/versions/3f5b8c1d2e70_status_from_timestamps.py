"""Statuses derive from timestamps: drop meeting.status and participant.status, add participant.notified_at

Revision ID: 3f5b8c1d2e70
Revises: 7c1e2a9d4b10
Create Date: 2026-12-02 19:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '3f5b8c1d2e70'
down_revision = '7c1e2a9d4b10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notified_at', sa.DateTime(), nullable=True))
    # Every stored status must still read the same from the timestamps alone.
    op.execute("UPDATE meeting SET cancelled_at = COALESCE(cancelled_at, created_at) WHERE status = 'cancelled'")
    op.execute("UPDATE meeting SET booked_at = COALESCE(booked_at, created_at) "
               "WHERE status IN ('scheduled', 'completed')")
    op.execute("UPDATE meeting SET completed_at = COALESCE(completed_at, ends_at) WHERE status = 'completed'")
    op.execute("UPDATE participant SET notified_at = (SELECT COALESCE(m.booked_at, m.created_at) FROM meeting m "
               "WHERE m.id = participant.meeting_id) WHERE status <> 'pending'")
    op.execute("UPDATE participant SET verified_at = COALESCE(verified_at, notified_at) "
               "WHERE status IN ('verified', 'signed')")
    op.execute("UPDATE participant SET signed_at = COALESCE(signed_at, (SELECT s.signed_at FROM signature s "
               "WHERE s.participant_id = participant.id), notified_at) WHERE status = 'signed'")
    op.execute("UPDATE participant SET declined_at = COALESCE(declined_at, notified_at) WHERE status = 'declined'")
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('status')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('status')


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='draft'))
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='pending'))
    op.execute("UPDATE meeting SET status = CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled' "
               "WHEN audit_pdf_key IS NOT NULL THEN 'completed' WHEN booked_at IS NOT NULL THEN 'scheduled' "
               "ELSE 'draft' END")
    op.execute("UPDATE participant SET status = CASE WHEN declined_at IS NOT NULL THEN 'declined' "
               "WHEN signed_at IS NOT NULL THEN 'signed' WHEN verified_at IS NOT NULL THEN 'verified' "
               "WHEN notified_at IS NOT NULL THEN 'notified' ELSE 'pending' END")
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('notified_at')
