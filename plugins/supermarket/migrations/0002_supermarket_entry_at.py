"""supermarket: ledger entries carry their transaction's time, indexed with the org path

Revision ID: supermarket_0002
Revises: supermarket_0001
Create Date: 2026-12-03

Reconciliation summed a year of entries joined one by one to their transactions to learn
which period each fell in; with the time on the entry itself it aggregates the entries alone
(the join was over half of its time). Existing entries take their transaction's time, and a
foreign key on ``(txn_id, at)`` to the transaction's ``(id, at)`` (a unique index) keeps it
equal: an update of the transaction's time cascades to its entries.
"""

from alembic import op
import sqlalchemy as sa


revision = "supermarket_0002"
down_revision = "supermarket_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A unique index, not a constraint: SQLite adds it without copying the table (which its
    # entries reference), and both engines accept it as the target of a foreign key.
    op.create_index("uq_supermarket_txns_id_at", "supermarket_txns", ["id", "at"], unique=True)
    with op.batch_alter_table("supermarket_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE supermarket_entries SET at = (SELECT supermarket_txns.at FROM supermarket_txns"
        " WHERE supermarket_txns.id = supermarket_entries.txn_id)"
    )
    with op.batch_alter_table("supermarket_entries", schema=None) as batch_op:
        batch_op.alter_column("at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_index("ix_supermarket_entries_path_at", ["org_path", "at"], unique=False)
        batch_op.create_foreign_key(
            "fk_supermarket_entries_txn_at",
            "supermarket_txns",
            ["txn_id", "at"],
            ["id", "at"],
            onupdate="CASCADE",
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("supermarket_entries", schema=None) as batch_op:
        batch_op.drop_constraint("fk_supermarket_entries_txn_at", type_="foreignkey")
        batch_op.drop_index("ix_supermarket_entries_path_at")
        batch_op.drop_column("at")
    op.drop_index("uq_supermarket_txns_id_at", table_name="supermarket_txns")
