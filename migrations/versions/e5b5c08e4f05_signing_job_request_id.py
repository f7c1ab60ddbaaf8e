"""signing_job.request_id: a job logs under the id of the request that queued it

Revision ID: e5b5c08e4f05
Revises: a1d17c4a0b01
Create Date: 2026-12-03 15:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'e5b5c08e4f05'
down_revision = 'a1d17c4a0b01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signing_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('signing_job', schema=None) as batch_op:
        batch_op.drop_column('request_id')
