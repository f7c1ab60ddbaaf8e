"""participant.title: a participant's job title (职务), shown under the name on the big screen

Revision ID: 17a1b2c3d4e5
Revises: 17c3d4e5f6a7
Create Date: 2026-12-10 10:00:00

A plain ADD COLUMN (nullable): participant is never rebuilt on SQLite, where the rows that
reference it forbid dropping the table.
"""
import sqlalchemy as sa
from alembic import op

revision = '17a1b2c3d4e5'
down_revision = "17c3d4e5f6a7"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('participant', sa.Column('title', sa.String(length=50), nullable=True))


def downgrade():
    op.drop_column('participant', 'title')
