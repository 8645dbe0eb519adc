"""accounts: job title, encrypted phone, and a forced password change

Revision ID: 0004_accounts
Revises: 0003_people
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = '0004_accounts'
down_revision = '0003_people'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('job_title', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('phone', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('phone')
        batch_op.drop_column('job_title')
