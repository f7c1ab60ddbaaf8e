"""api keys: an enterprise's long-lived credentials, stored as their SHA-256 (api_key)

Revision ID: 19a1b2c3d4e5
Revises: 17a1b2c3d4e5
Create Date: 2026-12-04 09:00:00

A new table only: nothing existing is altered.
"""
import sqlalchemy as sa
from alembic import op

revision = '19a1b2c3d4e5'
down_revision = "17a1b2c3d4e5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_key',
                    sa.Column('id', sa.String(length=16), nullable=False),
                    sa.Column('enterprise_id', sa.String(length=16), nullable=False),
                    sa.Column('created_by_id', sa.String(length=16), nullable=False),
                    sa.Column('name', sa.String(length=60), nullable=False),
                    sa.Column('scope', sa.String(length=8), nullable=False),
                    sa.Column('prefix', sa.String(length=32), nullable=False),
                    sa.Column('key_hash', sa.String(length=64), nullable=False),
                    sa.Column('created_at', sa.DateTime(), nullable=False),
                    sa.Column('last_used_at', sa.DateTime(), nullable=True),
                    sa.Column('revoked_at', sa.DateTime(), nullable=True),
                    sa.ForeignKeyConstraint(['created_by_id'], ['admin_user.id'],
                                            name=op.f('fk_api_key_created_by_id_admin_user')),
                    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'],
                                            name=op.f('fk_api_key_enterprise_id_enterprise')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_key')),
                    sa.UniqueConstraint('prefix', name=op.f('uq_api_key_prefix')))
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_key_enterprise_id'), ['enterprise_id'], unique=False)


def downgrade():
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_key_enterprise_id'))
    op.drop_table('api_key')
