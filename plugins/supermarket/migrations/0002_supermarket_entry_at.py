"""supermarket: ledger entries carry their transaction's time, indexed with the org path

Revision ID: supermarket_0002
Revises: supermarket_0001
Create Date: 2026-12-03

Reconciliation summed a year of entries joined one by one to their transactions to learn
which period each fell in; with the time on the entry itself it aggregates the entries alone
(the join was over half of its time). Existing entries take their transaction's time.
"""

from alembic import op
import sqlalchemy as sa


revision = "supermarket_0002"
down_revision = "supermarket_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("supermarket_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE supermarket_entries SET at = (SELECT supermarket_txns.at FROM supermarket_txns"
        " WHERE supermarket_txns.id = supermarket_entries.txn_id)"
    )
    with op.batch_alter_table("supermarket_entries", schema=None) as batch_op:
        batch_op.alter_column("at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_index("ix_supermarket_entries_path_at", ["org_path", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supermarket_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_supermarket_entries_path_at")
        batch_op.drop_column("at")
