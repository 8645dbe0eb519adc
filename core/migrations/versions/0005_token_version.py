"""users.token_version: revoke every token of an account at once

Revision ID: 0005_token_version
Revises: 0004_accounts
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op


revision = "0005_token_version"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("token_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("token_version")
