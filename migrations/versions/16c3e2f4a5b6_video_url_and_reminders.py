"""meeting.video_url (the video-meeting link every notice carries) and participant.reminded_at (one reminder each)

Revision ID: 16c3e2f4a5b6
Revises: 16a1c0b2d3e4
Create Date: 2026-12-04 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '16c3e2f4a5b6'
down_revision = '16a1c0b2d3e4'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE, never a batch rebuild: on SQLite a rebuild drops the table, which the rows
    # that reference meeting and participant forbid (foreign keys are on).
    op.add_column('meeting', sa.Column('video_url', sa.String(length=500), nullable=True))
    op.add_column('participant', sa.Column('reminded_at', sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column('participant', 'reminded_at')  # SQLite 3.35+ drops a plain column in place
    op.drop_column('meeting', 'video_url')
