"""Identity documents other than the mainland ID: participant.id_type and id_country, employee.id_country

Revision ID: 20b2c3d4e5f6
Revises: 18d4e5f6a7b8
Create Date: 2026-12-05 18:00:00

Every row stored so far holds a mainland resident ID, which the server default says. employee.id_type
existed already (String(16), no server default); on PostgreSQL it is widened to 24 with the default, on
SQLite it is left as it is (SQLite does not enforce the length, the app always sets the type, and the
employee table is not rebuilt for a default). Phones need no data migration: a stored 11-digit number
means +86, and only numbers of other countries are stored in E.164 (lib/identity/mobile.py).
"""
import sqlalchemy as sa
from alembic import op

revision = '20b2c3d4e5f6'
down_revision = '18d4e5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('participant', sa.Column('id_type', sa.String(length=24), nullable=False,
                                           server_default='resident_id'))
    op.add_column('participant', sa.Column('id_country', sa.String(length=2), nullable=True))
    op.add_column('employee', sa.Column('id_country', sa.String(length=2), nullable=True))
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('employee', 'id_type', type_=sa.String(length=24), existing_type=sa.String(length=16),
                        existing_nullable=False, server_default='resident_id')


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('employee', 'id_type', type_=sa.String(length=16), existing_type=sa.String(length=24),
                        existing_nullable=False, server_default=None)
    op.drop_column('employee', 'id_country')
    op.drop_column('participant', 'id_country')
    op.drop_column('participant', 'id_type')
