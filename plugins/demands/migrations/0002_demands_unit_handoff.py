"""demands: an escalated demand can be handed to a unit of the register (issue 16, 上报)

Revision ID: demands_0002
Revises: demands_0001
Create Date: 2026-12-03

The holder of an escalated demand (a street, or the city) hands it to a unit through the
partner-organisation grant; the unit's accounts answer it. Five nullable (or defaulted)
columns on ``demands_demands``; existing rows are not handed to anyone.
"""

from alembic import op
import sqlalchemy as sa


revision = "demands_0002"
down_revision = "demands_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("demands_demands", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handed_to_unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("handed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("handed_due_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "handed_due_provisional", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("answered_by_unit_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_demands_demands_handed_to_unit_id"), ["handed_to_unit_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_demands_demands_handed_to_unit_id_people_units"),
            "people_units",
            ["handed_to_unit_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("demands_demands", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_demands_demands_handed_to_unit_id_people_units"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_demands_demands_handed_to_unit_id"))
        batch_op.drop_column("answered_by_unit_id")
        batch_op.drop_column("handed_due_provisional")
        batch_op.drop_column("handed_due_on")
        batch_op.drop_column("handed_on")
        batch_op.drop_column("handed_to_unit_id")
