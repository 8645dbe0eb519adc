"""partner organisations: unit roles of accounts

Revision ID: 0007_partners
Revises: 0006_job_outbox
Create Date: 2026-12-03

An account holds a unit role (unit_party_admin …) on one unit of the register; casbin
decides with the unit as the domain. See core/partners and docs/architecture.md.
"""

import sqlalchemy as sa
from alembic import op


revision = "0007_partners"
down_revision = "0006_job_outbox"
branch_labels = None
depends_on = None

_PATH = sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "partner_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("org_path", _PATH, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_partner_grants_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_partner_grants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["people_units.id"],
            name=op.f("fk_partner_grants_unit_id_people_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_grants")),
        sa.UniqueConstraint("user_id", "unit_id", "role", name="uq_partner_grants_user_unit_role"),
    )
    with op.batch_alter_table("partner_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_grants_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_grants_org_path"), ["org_path"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_grants_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_grants_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("partner_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_grants_unit_id"))
        batch_op.drop_index(batch_op.f("ix_partner_grants_user_id"))
        batch_op.drop_index(batch_op.f("ix_partner_grants_org_path"))
        batch_op.drop_index(batch_op.f("ix_partner_grants_org_id"))
    op.drop_table("partner_grants")
