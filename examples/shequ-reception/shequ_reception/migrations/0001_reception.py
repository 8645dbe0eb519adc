"""reception: the visit log.

Revision ID: 0001_reception
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_reception"
down_revision = None
branch_labels = ("reception",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "reception_visits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("receiver", sa.String(50), nullable=False),
        sa.Column("receiver_id", sa.Integer(), nullable=True),
        sa.Column("visitor", sa.String(50), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("org_units.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("org_path", sa.String(255).with_variant(sa.String(255, collation="C"), "postgresql"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reception_visits_visit_date", "reception_visits", ["visit_date"])
    op.create_index("ix_reception_visits_org_id", "reception_visits", ["org_id"])
    op.create_index("ix_reception_visits_org_path", "reception_visits", ["org_path"])


def downgrade() -> None:
    op.drop_table("reception_visits")
