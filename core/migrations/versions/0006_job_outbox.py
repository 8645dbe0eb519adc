"""job outbox: job messages commit with the request's rows, a relay sends them to the broker

Revision ID: 0006_job_outbox
Revises: 0005_token_version
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op


revision = '0006_job_outbox'
down_revision = '0005_token_version'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('job_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=36), nullable=False),
    sa.Column('queue_name', sa.String(length=64), nullable=False),
    sa.Column('actor_name', sa.String(length=128), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('kwargs', sa.JSON(), nullable=False),
    sa.Column('delay_ms', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_outbox'))
    )


def downgrade() -> None:
    op.drop_table('job_outbox')
