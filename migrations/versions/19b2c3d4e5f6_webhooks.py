"""webhooks: subscriptions, their queued deliveries and the log of every attempt

Revision ID: 19b2c3d4e5f6
Revises: 19a1b2c3d4e5
Create Date: 2026-12-04 09:30:00

New tables only: nothing existing is altered.
"""
import sqlalchemy as sa
from alembic import op

revision = '19b2c3d4e5f6'
down_revision = '19a1b2c3d4e5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('webhook',
                    sa.Column('id', sa.String(length=16), nullable=False),
                    sa.Column('enterprise_id', sa.String(length=16), nullable=False),
                    sa.Column('created_by_id', sa.String(length=16), nullable=True),
                    sa.Column('url', sa.String(length=500), nullable=False),
                    sa.Column('events', sa.JSON(), nullable=False),
                    sa.Column('secret_enc', sa.Text(), nullable=False),
                    sa.Column('previous_secret_enc', sa.Text(), nullable=True),
                    sa.Column('previous_secret_until', sa.DateTime(), nullable=True),
                    sa.Column('created_at', sa.DateTime(), nullable=False),
                    sa.Column('rotated_at', sa.DateTime(), nullable=True),
                    sa.Column('deleted_at', sa.DateTime(), nullable=True),
                    sa.ForeignKeyConstraint(['created_by_id'], ['admin_user.id'],
                                            name=op.f('fk_webhook_created_by_id_admin_user')),
                    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'],
                                            name=op.f('fk_webhook_enterprise_id_enterprise')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook')))
    with op.batch_alter_table('webhook', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_enterprise_id'), ['enterprise_id'], unique=False)
    op.create_table('webhook_delivery',
                    sa.Column('id', sa.String(length=16), nullable=False),
                    sa.Column('webhook_id', sa.String(length=16), nullable=False),
                    sa.Column('message_id', sa.String(length=40), nullable=False),
                    sa.Column('event_type', sa.String(length=40), nullable=False),
                    sa.Column('meeting_id', sa.String(length=16), nullable=True),
                    sa.Column('payload', sa.Text(), nullable=False),
                    sa.Column('status', sa.String(length=16), nullable=False),
                    sa.Column('attempts', sa.Integer(), nullable=False),
                    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
                    sa.Column('claimed_by', sa.String(length=120), nullable=True),
                    sa.Column('claimed_until', sa.DateTime(), nullable=True),
                    sa.Column('first_attempt_at', sa.DateTime(), nullable=True),
                    sa.Column('delivered_at', sa.DateTime(), nullable=True),
                    sa.Column('last_status_code', sa.Integer(), nullable=True),
                    sa.Column('last_error', sa.String(length=300), nullable=True),
                    sa.Column('created_at', sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'],
                                            name=op.f('fk_webhook_delivery_meeting_id_meeting')),
                    sa.ForeignKeyConstraint(['webhook_id'], ['webhook.id'],
                                            name=op.f('fk_webhook_delivery_webhook_id_webhook')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery')),
                    sa.UniqueConstraint('message_id', name=op.f('uq_webhook_delivery_message_id')))
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_delivery_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_delivery_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_delivery_webhook_id'), ['webhook_id'], unique=False)
    op.create_table('webhook_attempt',
                    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
                    sa.Column('delivery_id', sa.String(length=16), nullable=False),
                    sa.Column('attempted_at', sa.DateTime(), nullable=False),
                    sa.Column('address', sa.String(length=64), nullable=True),
                    sa.Column('status_code', sa.Integer(), nullable=True),
                    sa.Column('latency_ms', sa.Integer(), nullable=True),
                    sa.Column('response_excerpt', sa.Text(), nullable=True),
                    sa.Column('error', sa.String(length=300), nullable=True),
                    sa.ForeignKeyConstraint(['delivery_id'], ['webhook_delivery.id'],
                                            name=op.f('fk_webhook_attempt_delivery_id_webhook_delivery')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempt')))
    with op.batch_alter_table('webhook_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_attempt_delivery_id'), ['delivery_id'], unique=False)


def downgrade():
    with op.batch_alter_table('webhook_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_attempt_delivery_id'))
    op.drop_table('webhook_attempt')
    with op.batch_alter_table('webhook_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_webhook_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_status'))
        batch_op.drop_index(batch_op.f('ix_webhook_delivery_meeting_id'))
    op.drop_table('webhook_delivery')
    with op.batch_alter_table('webhook', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_enterprise_id'))
    op.drop_table('webhook')
