"""job runs: long work people start and watch (provisioning, exports)

Revision ID: 0002_job_runs
Revises: 0001_core
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op


revision = '0002_job_runs'
down_revision = '0001_core'
branch_labels = None
depends_on = None

_PATH = sa.String(length=255).with_variant(sa.String(length=255, collation='C'), 'postgresql')


def upgrade() -> None:
    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('perm_obj', sa.String(length=64), nullable=False),
    sa.Column('perm_act', sa.String(length=32), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('input_name', sa.String(length=200), nullable=False),
    sa.Column('input_file', sa.LargeBinary(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('file_type', sa.String(length=100), nullable=False),
    sa.Column('file', sa.LargeBinary(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('org_path', _PATH, nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_job_runs_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['org_units.id'], name=op.f('fk_job_runs_org_id_org_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs'))
    )
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_runs_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_runs_created_by'), ['created_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_runs_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_runs_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_runs_org_path'), ['org_path'], unique=False)


def downgrade() -> None:
    op.drop_table('job_runs')
