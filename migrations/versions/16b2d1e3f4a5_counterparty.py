"""counterparty: an enterprise invited to a meeting names its own signers (participant.counterparty_id)

Revision ID: 16b2d1e3f4a5
Revises: 16c3e2f4a5b6
Create Date: 2026-12-03 18:15:24

Existing participants were all typed by the organizer: their counterparty_id stays empty.
participant is altered in place, never rebuilt: on SQLite a rebuild drops the table, which the rows
of control, signature and notification that reference it forbid (foreign keys are on).
"""
import sqlalchemy as sa
from alembic import op

revision = '16b2d1e3f4a5'
down_revision = '16c3e2f4a5b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('counterparty',
                    sa.Column('id', sa.String(length=16), nullable=False),
                    sa.Column('meeting_id', sa.String(length=16), nullable=False),
                    sa.Column('enterprise_id', sa.String(length=16), nullable=False),
                    sa.Column('invited_by_id', sa.String(length=16), nullable=True),
                    sa.Column('invited_at', sa.DateTime(), nullable=False),
                    sa.Column('created_at', sa.DateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'],
                                            name=op.f('fk_counterparty_enterprise_id_enterprise')),
                    sa.ForeignKeyConstraint(['invited_by_id'], ['admin_user.id'],
                                            name=op.f('fk_counterparty_invited_by_id_admin_user')),
                    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_counterparty_meeting_id_meeting')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_counterparty')),
                    sa.UniqueConstraint('meeting_id', 'enterprise_id', name='uq_counterparty_meeting_enterprise'))
    with op.batch_alter_table('counterparty', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counterparty_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_counterparty_meeting_id'), ['meeting_id'], unique=False)
    fk = 'fk_participant_counterparty_id_counterparty'
    if op.get_bind().dialect.name == 'sqlite':  # SQLite alters no constraints, but takes a column's own REFERENCES
        op.execute(f'ALTER TABLE participant ADD COLUMN counterparty_id VARCHAR(16) CONSTRAINT {fk} '
                   'REFERENCES counterparty (id)')
    else:
        op.add_column('participant', sa.Column('counterparty_id', sa.String(length=16), nullable=True))
        op.create_foreign_key(op.f(fk), 'participant', 'counterparty', ['counterparty_id'], ['id'])
    op.create_index(op.f('ix_participant_counterparty_id'), 'participant', ['counterparty_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_participant_counterparty_id'), table_name='participant')
    if op.get_bind().dialect.name != 'sqlite':  # SQLite's DROP COLUMN takes a column's own REFERENCES with it
        op.drop_constraint(op.f('fk_participant_counterparty_id_counterparty'), 'participant', type_='foreignkey')
    op.drop_column('participant', 'counterparty_id')
    with op.batch_alter_table('counterparty', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counterparty_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_counterparty_enterprise_id'))
    op.drop_table('counterparty')
