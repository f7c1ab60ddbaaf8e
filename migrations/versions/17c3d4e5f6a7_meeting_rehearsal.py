"""meeting.rehearsal: a meeting booked as a rehearsal makes no contract

Revision ID: 17c3d4e5f6a7
Revises: 16b2d1e3f4a5
Create Date: 2026-12-10 10:00:00

Every existing meeting is a real one: the column defaults to false on the server. meeting is altered in
place, never rebuilt: on SQLite a rebuild drops the table, which the rows that reference it forbid.
"""
import sqlalchemy as sa
from alembic import op

revision = '17c3d4e5f6a7'
down_revision = '16b2d1e3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('meeting', sa.Column('rehearsal', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    op.drop_column('meeting', 'rehearsal')
