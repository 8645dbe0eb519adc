"""notification outbox: messages and their delivery log (core.notify)

Revision ID: 0008_notify
Revises: 0007_partners
Create Date: 2026-12-03

Generated with autogenerate against SQLite at 0003_people, then tidied.
"""

from alembic import op
import sqlalchemy as sa


revision = '0008_notify'
down_revision = '0007_partners'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notify_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('ref', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('recipient_user_id', sa.Integer(), nullable=True),
    sa.Column('recipient_person_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', sa.String(length=255).with_variant(sa.String(length=255, collation='C'), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_notify_messages_org_id_org_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['recipient_person_id'], ['people_persons.id'], name=op.f('fk_notify_messages_recipient_person_id_people_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recipient_user_id'], ['users.id'], name=op.f('fk_notify_messages_recipient_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_messages')),
    sa.UniqueConstraint('dedupe_key', name='uq_notify_messages_dedupe_key')
    )
    with op.batch_alter_table('notify_messages', schema=None) as batch_op:
        batch_op.create_index('ix_notify_messages_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notify_messages_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notify_messages_org_path'), ['org_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_notify_messages_recipient_person_id'), ['recipient_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notify_messages_recipient_user_id'), ['recipient_user_id'], unique=False)
        batch_op.create_index('ix_notify_messages_source_ref', ['source', 'ref'], unique=False)

    op.create_table('notify_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', sa.String(length=255).with_variant(sa.String(length=255, collation='C'), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['notify_messages.id'], name=op.f('fk_notify_deliveries_message_id_notify_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_notify_deliveries_org_id_org_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_deliveries'))
    )
    with op.batch_alter_table('notify_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notify_deliveries_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notify_deliveries_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notify_deliveries_org_path'), ['org_path'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('notify_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notify_deliveries_org_path'))
        batch_op.drop_index(batch_op.f('ix_notify_deliveries_org_id'))
        batch_op.drop_index(batch_op.f('ix_notify_deliveries_message_id'))

    op.drop_table('notify_deliveries')
    with op.batch_alter_table('notify_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_notify_messages_source_ref')
        batch_op.drop_index(batch_op.f('ix_notify_messages_recipient_user_id'))
        batch_op.drop_index(batch_op.f('ix_notify_messages_recipient_person_id'))
        batch_op.drop_index(batch_op.f('ix_notify_messages_org_path'))
        batch_op.drop_index(batch_op.f('ix_notify_messages_org_id'))
        batch_op.drop_index('ix_notify_messages_due')

    op.drop_table('notify_messages')
