"""people register and personal-data protection

Revision ID: 0003_people
Revises: 0002_job_runs
Create Date: 2026-12-03

ID numbers, phones and notes are ciphertext (core.privacy.types.Encrypted), stored as TEXT.
"""

import sqlalchemy as sa
from alembic import op


revision = '0003_people'
down_revision = '0002_job_runs'
branch_labels = None
depends_on = None

_PATH = sa.String(length=255).with_variant(sa.String(length=255, collation='C'), 'postgresql')


def upgrade() -> None:
    op.create_table('people_households',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('building', sa.String(length=32), nullable=False),
    sa.Column('unit_no', sa.String(length=32), nullable=False),
    sa.Column('room', sa.String(length=32), nullable=False),
    sa.Column('head_person_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', _PATH, nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_people_households_org_id_org_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_households'))
    )
    with op.batch_alter_table('people_households', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_households_head_person_id'), ['head_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_households_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_households_org_path'), ['org_path'], unique=False)

    op.create_table('people_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('relation', sa.String(length=16), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('party_org_name', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=100), nullable=False),
    sa.Column('contact_phone', sa.Text(), nullable=True),
    sa.Column('contact_phone_bidx', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', _PATH, nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_people_units_org_id_org_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_units'))
    )
    with op.batch_alter_table('people_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_units_contact_phone_bidx'), ['contact_phone_bidx'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_units_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_units_org_path'), ['org_path'], unique=False)

    op.create_table('privacy_access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=150), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', _PATH, nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_privacy_access_log_org_id_org_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_access_log'))
    )
    with op.batch_alter_table('privacy_access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_access_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_access_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_access_log_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_access_log_org_path'), ['org_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_access_log_person_id'), ['person_id'], unique=False)

    op.create_table('people_persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('id_type', sa.String(length=24), nullable=False),
    sa.Column('id_number', sa.Text(), nullable=True),
    sa.Column('id_number_bidx', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('phone_bidx', sa.String(length=40), nullable=True),
    sa.Column('building', sa.String(length=32), nullable=False),
    sa.Column('unit_no', sa.String(length=32), nullable=False),
    sa.Column('room', sa.String(length=32), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('relation_to_head', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', _PATH, nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['people_households.id'], name=op.f('fk_people_persons_household_id_people_households'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_people_persons_org_id_org_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_people_persons_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_persons')),
    sa.UniqueConstraint('user_id', name=op.f('uq_people_persons_user_id'))
    )
    with op.batch_alter_table('people_persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_persons_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_persons_id_number_bidx'), ['id_number_bidx'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_persons_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_people_persons_org_name', ['org_path', 'name'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_persons_org_path'), ['org_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_persons_phone_bidx'), ['phone_bidx'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_persons_status'), ['status'], unique=False)

    op.create_table('people_person_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('from_org_id', sa.Integer(), nullable=True),
    sa.Column('to_org_id', sa.Integer(), nullable=False),
    sa.Column('moved_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('moved_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', _PATH, nullable=False),
    sa.ForeignKeyConstraint(['moved_by'], ['users.id'], name=op.f('fk_people_person_moves_moved_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_people_person_moves_org_id_org_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['people_persons.id'], name=op.f('fk_people_person_moves_person_id_people_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_person_moves'))
    )
    with op.batch_alter_table('people_person_moves', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_person_moves_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_person_moves_org_path'), ['org_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_person_moves_person_id'), ['person_id'], unique=False)

    op.create_table('people_person_tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=32), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', _PATH, nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_people_person_tags_org_id_org_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['people_persons.id'], name=op.f('fk_people_person_tags_person_id_people_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_person_tags')),
    sa.UniqueConstraint('person_id', 'tag', name='uq_people_person_tags_person_tag')
    )
    with op.batch_alter_table('people_person_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_person_tags_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_person_tags_org_path'), ['org_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_person_tags_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_person_tags_tag'), ['tag'], unique=False)

    op.create_table('privacy_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=64), nullable=False),
    sa.Column('guardian_person_id', sa.Integer(), nullable=True),
    sa.Column('guardian_name', sa.String(length=100), nullable=False),
    sa.Column('relation', sa.String(length=32), nullable=False),
    sa.Column('document', sa.String(length=300), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', _PATH, nullable=False),
    sa.ForeignKeyConstraint(['guardian_person_id'], ['people_persons.id'], name=op.f('fk_privacy_consents_guardian_person_id_people_persons'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_privacy_consents_org_id_org_units'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['people_persons.id'], name=op.f('fk_privacy_consents_person_id_people_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_privacy_consents_recorded_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_consents'))
    )
    with op.batch_alter_table('privacy_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_consents_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_consents_org_path'), ['org_path'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_consents_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_consents_purpose'), ['purpose'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('privacy_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_consents_purpose'))
        batch_op.drop_index(batch_op.f('ix_privacy_consents_person_id'))
        batch_op.drop_index(batch_op.f('ix_privacy_consents_org_path'))
        batch_op.drop_index(batch_op.f('ix_privacy_consents_org_id'))

    op.drop_table('privacy_consents')
    with op.batch_alter_table('people_person_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_person_tags_tag'))
        batch_op.drop_index(batch_op.f('ix_people_person_tags_person_id'))
        batch_op.drop_index(batch_op.f('ix_people_person_tags_org_path'))
        batch_op.drop_index(batch_op.f('ix_people_person_tags_org_id'))

    op.drop_table('people_person_tags')
    with op.batch_alter_table('people_person_moves', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_person_moves_person_id'))
        batch_op.drop_index(batch_op.f('ix_people_person_moves_org_path'))
        batch_op.drop_index(batch_op.f('ix_people_person_moves_org_id'))

    op.drop_table('people_person_moves')
    with op.batch_alter_table('people_persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_persons_status'))
        batch_op.drop_index(batch_op.f('ix_people_persons_phone_bidx'))
        batch_op.drop_index(batch_op.f('ix_people_persons_org_path'))
        batch_op.drop_index('ix_people_persons_org_name')
        batch_op.drop_index(batch_op.f('ix_people_persons_org_id'))
        batch_op.drop_index(batch_op.f('ix_people_persons_id_number_bidx'))
        batch_op.drop_index(batch_op.f('ix_people_persons_household_id'))

    op.drop_table('people_persons')
    with op.batch_alter_table('privacy_access_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_access_log_person_id'))
        batch_op.drop_index(batch_op.f('ix_privacy_access_log_org_path'))
        batch_op.drop_index(batch_op.f('ix_privacy_access_log_org_id'))
        batch_op.drop_index(batch_op.f('ix_privacy_access_log_at'))
        batch_op.drop_index(batch_op.f('ix_privacy_access_log_actor_id'))

    op.drop_table('privacy_access_log')
    with op.batch_alter_table('people_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_units_org_path'))
        batch_op.drop_index(batch_op.f('ix_people_units_org_id'))
        batch_op.drop_index(batch_op.f('ix_people_units_contact_phone_bidx'))

    op.drop_table('people_units')
    with op.batch_alter_table('people_households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_households_org_path'))
        batch_op.drop_index(batch_op.f('ix_people_households_org_id'))
        batch_op.drop_index(batch_op.f('ix_people_households_head_person_id'))

    op.drop_table('people_households')
