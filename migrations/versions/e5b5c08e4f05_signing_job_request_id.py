"""signing_job.request_id: a job logs under the id of the request that queued it

Revision ID: e5b5c08e4f05
Revises: c3f39e6c2d03
Create Date: 2026-12-03 15:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'e5b5c08e4f05'
down_revision = 'c3f39e6c2d03'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signing_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('signing_job', schema=None) as batch_op:
        batch_op.drop_column('request_id')
