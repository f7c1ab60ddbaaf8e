"""meeting.allow_typed_signature: the organizer lets signers type their name instead of drawing it

Revision ID: 18d4e5f6a7b8
Revises: 20a1b2c3d4e5
Create Date: 2026-12-04 18:00:00

Added in place with a server default (false: every existing meeting keeps asking for handwriting);
meeting is never rebuilt on SQLite.
"""
import sqlalchemy as sa
from alembic import op

revision = '18d4e5f6a7b8'
down_revision = '20a1b2c3d4e5'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('meeting', sa.Column('allow_typed_signature', sa.Boolean(), nullable=False,
                                       server_default=sa.false()))


def downgrade():
    op.drop_column('meeting', 'allow_typed_signature')
