"""notification claims and provider answers, short_link: every SMS sent once, links short enough for Tencent

Revision ID: c3f39e6c2d03
Revises: a1d17c4a0b01
Create Date: 2026-12-10 10:00:00

A message being sent is claimed (status "sending", claimed_by, claimed_until); the provider's id
(Tencent's SerialNo) and answer are kept. Existing rows keep their status: nothing is "sending" yet.
"""
import sqlalchemy as sa
from alembic import op

revision = 'c3f39e6c2d03'
down_revision = 'a1d17c4a0b01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('provider_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('provider_answer', sa.JSON(), nullable=True))
    op.create_table('short_link',
                    sa.Column('code', sa.String(length=16), nullable=False),
                    sa.Column('target', sa.Text(), nullable=False),
                    sa.Column('created_at', sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('code'))


def downgrade():
    op.drop_table('short_link')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('provider_answer')
        batch_op.drop_column('provider_id')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
