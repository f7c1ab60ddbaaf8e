"""copy_link: each signer's link to the signed copy of a completed contract

Revision ID: 16a1c0b2d3e4
Revises: e5b5c08e4f05
Create Date: 2026-12-20 10:00:00

New table only: contracts completed before it get no links (their signers were never sent one).
"""
import sqlalchemy as sa
from alembic import op

revision = '16a1c0b2d3e4'
down_revision = 'e5b5c08e4f05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('copy_link',
                    sa.Column('id', sa.String(length=16), nullable=False),
                    sa.Column('meeting_id', sa.String(length=16), nullable=False),
                    sa.Column('participant_id', sa.String(length=16), nullable=False),
                    sa.Column('token_hash', sa.String(length=64), nullable=False),
                    sa.Column('phone_enc', sa.Text(), nullable=False),
                    sa.Column('phone_hmac', sa.String(length=64), nullable=False),
                    sa.Column('expires_at', sa.DateTime(), nullable=False),
                    sa.Column('access_hash', sa.String(length=64), nullable=True),
                    sa.Column('access_expires_at', sa.DateTime(), nullable=True),
                    sa.Column('created_at', sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_copy_link_meeting_id_meeting')),
                    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                            name=op.f('fk_copy_link_participant_id_participant')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_copy_link')),
                    sa.UniqueConstraint('access_hash', name=op.f('uq_copy_link_access_hash')),
                    sa.UniqueConstraint('token_hash', name=op.f('uq_copy_link_token_hash')))
    with op.batch_alter_table('copy_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_copy_link_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_copy_link_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('copy_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_copy_link_participant_id'))
        batch_op.drop_index(batch_op.f('ix_copy_link_meeting_id'))
    op.drop_table('copy_link')
