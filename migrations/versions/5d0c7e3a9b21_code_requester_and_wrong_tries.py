"""one_time_code.requester and wrong_tries: a code belongs to whoever asked and dies after wrong tries

Revision ID: 5d0c7e3a9b21
Revises: 3f5b8c1d2e70
Create Date: 2026-12-03 15:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '5d0c7e3a9b21'
down_revision = '3f5b8c1d2e70'
branch_labels = None
depends_on = None


def upgrade():
    # Codes that were live at the upgrade had no requester: they can no longer be used (5 minutes at most).
    with op.batch_alter_table('one_time_code', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requester', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('wrong_tries', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_one_time_code_requester'), ['requester'], unique=False)


def downgrade():
    with op.batch_alter_table('one_time_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_one_time_code_requester'))
        batch_op.drop_column('wrong_tries')
        batch_op.drop_column('requester')
