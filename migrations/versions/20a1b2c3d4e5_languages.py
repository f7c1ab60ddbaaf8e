"""Languages: enterprise.language, employee.language, admin_user.language, participant.language, meeting.screen_language

Revision ID: 20a1b2c3d4e5
Revises: 19c3d4e5f6a7
Create Date: 2026-12-04 18:00:00

Columns are added in place (nullable, or with a server default of Chinese, what every existing row spoke):
meeting and participant are never rebuilt on SQLite.
"""
import sqlalchemy as sa
from alembic import op

revision = "20a1b2c3d4e5"
down_revision = "19c3d4e5f6a7"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("enterprise", sa.Column("language", sa.String(2), nullable=False, server_default="zh"))
    op.add_column("employee", sa.Column("language", sa.String(2), nullable=True))
    op.add_column("admin_user", sa.Column("language", sa.String(2), nullable=True))
    op.add_column("participant", sa.Column("language", sa.String(2), nullable=False, server_default="zh"))
    op.add_column("meeting", sa.Column("screen_language", sa.String(9), nullable=False, server_default="zh"))


def downgrade():
    for table, column in (("meeting", "screen_language"), ("participant", "language"), ("admin_user", "language"),
                          ("employee", "language"), ("enterprise", "language")):
        op.drop_column(table, column)
