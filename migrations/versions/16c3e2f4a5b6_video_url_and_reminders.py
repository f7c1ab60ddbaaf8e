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
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('video_url', sa.String(length=500), nullable=True))
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('reminded_at')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('video_url')
