"""supermarket: the love supermarket's tables (first revision of the ``supermarket`` branch)

Revision ID: supermarket_0001
Revises: (none; the branch starts here and depends on core's 0003_people)
Create Date: 2026-12-03

Generated with autogenerate against a SQLite database at every other head, then tidied.
"""

from alembic import op
import sqlalchemy as sa


revision = "supermarket_0001"
down_revision = None
branch_labels = ("supermarket",)
depends_on = "0003_people"


def upgrade() -> None:
    op.create_table(
        "supermarket_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("condition", sa.String(length=16), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("free_eligible", sa.Boolean(), nullable=False),
        sa.Column("estimated_value", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "category IN ('books', 'clothes', 'toys', 'school_bags', 'appliances', 'food', 'other')",
            name=op.f("ck_supermarket_items_category"),
        ),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_supermarket_items_on_hand_not_negative")),
        sa.CheckConstraint("points >= 0", name=op.f("ck_supermarket_items_points_not_negative")),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_items_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_items")),
    )
    with op.batch_alter_table("supermarket_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supermarket_items_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supermarket_items_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "supermarket_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_accounts_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_accounts_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_accounts")),
        sa.UniqueConstraint("org_id", "key", name="uq_supermarket_accounts_org_key"),
    )
    with op.batch_alter_table("supermarket_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supermarket_accounts_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_accounts_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_accounts_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "supermarket_donations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("donor_kind", sa.String(length=16), nullable=False),
        sa.Column("donor_person_id", sa.Integer(), nullable=True),
        sa.Column("donor_unit_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("condition", sa.String(length=16), nullable=False),
        sa.Column("estimated_value", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("photo_path", sa.String(length=255), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "condition IN ('new', 'good', 'used')", name=op.f("ck_supermarket_donations_condition")
        ),
        sa.CheckConstraint(
            "donor_kind IN ('person', 'unit', 'anonymous')",
            name=op.f("ck_supermarket_donations_donor_kind"),
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_supermarket_donations_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_supermarket_donations_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["donor_person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_donations_donor_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["donor_unit_id"],
            ["people_units.id"],
            name=op.f("fk_supermarket_donations_donor_unit_id_people_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["supermarket_items.id"],
            name=op.f("fk_supermarket_donations_item_id_supermarket_items"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_donations_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_donations")),
    )
    with op.batch_alter_table("supermarket_donations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supermarket_donations_donor_person_id"),
            ["donor_person_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_donations_donor_unit_id"), ["donor_unit_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_donations_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_donations_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_donations_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            "ix_supermarket_donations_path_on", ["org_path", "received_on"], unique=False
        )

    op.create_table(
        "supermarket_skill_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_skill_services_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["provider_person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_skill_services_provider_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_skill_services")),
    )
    with op.batch_alter_table("supermarket_skill_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supermarket_skill_services_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_skill_services_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_skill_services_provider_person_id"),
            ["provider_person_id"],
            unique=False,
        )

    op.create_table(
        "supermarket_txns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=True),
        sa.Column("ref", sa.String(length=80), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('earned', 'awarded', 'spent', 'expired', 'reversal')",
            name=op.f("ck_supermarket_txns_kind"),
        ),
        sa.CheckConstraint("points > 0", name=op.f("ck_supermarket_txns_points_positive")),
        sa.ForeignKeyConstraint(
            ["approved_by_user_id"],
            ["users.id"],
            name=op.f("fk_supermarket_txns_approved_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_supermarket_txns_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_txns_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_txns_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["supermarket_txns.id"],
            name=op.f("fk_supermarket_txns_reverses_id_supermarket_txns"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_txns")),
        sa.UniqueConstraint(
            "org_id", "kind", "source", "ref", name="uq_supermarket_txns_source_ref"
        ),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_supermarket_txns_reverses_id")),
    )
    with op.batch_alter_table("supermarket_txns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supermarket_txns_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supermarket_txns_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index("ix_supermarket_txns_path_at", ["org_path", "at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supermarket_txns_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "supermarket_wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_by_person_id", sa.Integer(), nullable=True),
        sa.Column("claimed_by_unit_id", sa.Integer(), nullable=True),
        sa.Column("claimed_on", sa.Date(), nullable=True),
        sa.Column("fulfilled_on", sa.Date(), nullable=True),
        sa.Column("fulfilment_note", sa.Text(), nullable=False),
        sa.Column("photo_path", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('open', 'claimed', 'fulfilled')", name=op.f("ck_supermarket_wishes_status")
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_wishes_claimed_by_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_unit_id"],
            ["people_units.id"],
            name=op.f("fk_supermarket_wishes_claimed_by_unit_id_people_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_wishes_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_wishes_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_wishes")),
    )
    with op.batch_alter_table("supermarket_wishes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supermarket_wishes_claimed_by_person_id"),
            ["claimed_by_person_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_wishes_claimed_by_unit_id"),
            ["claimed_by_unit_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_supermarket_wishes_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supermarket_wishes_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_wishes_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "supermarket_awards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("txn_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')",
            name=op.f("ck_supermarket_awards_status"),
        ),
        sa.CheckConstraint("points > 0", name=op.f("ck_supermarket_awards_points_positive")),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_supermarket_awards_decided_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_awards_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_awards_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_supermarket_awards_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["supermarket_txns.id"],
            name=op.f("fk_supermarket_awards_txn_id_supermarket_txns"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_awards")),
    )
    with op.batch_alter_table("supermarket_awards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supermarket_awards_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supermarket_awards_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_awards_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "supermarket_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("txn_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_supermarket_entries_amount_not_zero")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["supermarket_accounts.id"],
            name=op.f("fk_supermarket_entries_account_id_supermarket_accounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_entries_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["supermarket_txns.id"],
            name=op.f("fk_supermarket_entries_txn_id_supermarket_txns"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_entries")),
    )
    with op.batch_alter_table("supermarket_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supermarket_entries_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_supermarket_entries_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_supermarket_entries_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_supermarket_entries_txn_id"), ["txn_id"], unique=False)

    op.create_table(
        "supermarket_redemptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("free", sa.Boolean(), nullable=False),
        sa.Column("txn_id", sa.Integer(), nullable=True),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "quantity > 0", name=op.f("ck_supermarket_redemptions_quantity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_supermarket_redemptions_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["people_households.id"],
            name=op.f("fk_supermarket_redemptions_household_id_people_households"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["supermarket_items.id"],
            name=op.f("fk_supermarket_redemptions_item_id_supermarket_items"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_redemptions_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_redemptions_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"],
            ["supermarket_txns.id"],
            name=op.f("fk_supermarket_redemptions_txn_id_supermarket_txns"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_redemptions")),
    )
    with op.batch_alter_table("supermarket_redemptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supermarket_redemptions_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_redemptions_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_redemptions_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_redemptions_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            "ix_supermarket_redemptions_path_at", ["org_path", "at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_redemptions_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "supermarket_service_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("requester_person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('requested', 'done', 'cancelled')",
            name=op.f("ck_supermarket_service_requests_status"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_service_requests_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["requester_person_id"],
            ["people_persons.id"],
            name=op.f("fk_supermarket_service_requests_requester_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["supermarket_skill_services.id"],
            name=op.f("fk_supermarket_service_requests_service_id_supermarket_skill_services"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_service_requests")),
    )
    with op.batch_alter_table("supermarket_service_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supermarket_service_requests_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_service_requests_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_service_requests_requester_person_id"),
            ["requester_person_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_service_requests_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "supermarket_stock_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("donation_id", sa.Integer(), nullable=True),
        sa.Column("redemption_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('donation', 'issue', 'write_off', 'adjust')",
            name=op.f("ck_supermarket_stock_moves_kind"),
        ),
        sa.CheckConstraint(
            "quantity <> 0", name=op.f("ck_supermarket_stock_moves_quantity_not_zero")
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_supermarket_stock_moves_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["donation_id"],
            ["supermarket_donations.id"],
            name=op.f("fk_supermarket_stock_moves_donation_id_supermarket_donations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["supermarket_items.id"],
            name=op.f("fk_supermarket_stock_moves_item_id_supermarket_items"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_supermarket_stock_moves_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["redemption_id"],
            ["supermarket_redemptions.id"],
            name=op.f("fk_supermarket_stock_moves_redemption_id_supermarket_redemptions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supermarket_stock_moves")),
    )
    with op.batch_alter_table("supermarket_stock_moves", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supermarket_stock_moves_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_stock_moves_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supermarket_stock_moves_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            "ix_supermarket_stock_moves_path_at", ["org_path", "at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("supermarket_stock_moves", schema=None) as batch_op:
        batch_op.drop_index("ix_supermarket_stock_moves_path_at")
        batch_op.drop_index(batch_op.f("ix_supermarket_stock_moves_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_stock_moves_org_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_stock_moves_item_id"))

    op.drop_table("supermarket_stock_moves")
    with op.batch_alter_table("supermarket_service_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_service_requests_service_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_service_requests_requester_person_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_service_requests_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_service_requests_org_id"))

    op.drop_table("supermarket_service_requests")
    with op.batch_alter_table("supermarket_redemptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_redemptions_person_id"))
        batch_op.drop_index("ix_supermarket_redemptions_path_at")
        batch_op.drop_index(batch_op.f("ix_supermarket_redemptions_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_redemptions_org_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_redemptions_item_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_redemptions_household_id"))

    op.drop_table("supermarket_redemptions")
    with op.batch_alter_table("supermarket_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_entries_txn_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_entries_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_entries_org_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_entries_account_id"))

    op.drop_table("supermarket_entries")
    with op.batch_alter_table("supermarket_awards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_awards_person_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_awards_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_awards_org_id"))

    op.drop_table("supermarket_awards")
    with op.batch_alter_table("supermarket_wishes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_wishes_person_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_wishes_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_wishes_org_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_wishes_claimed_by_unit_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_wishes_claimed_by_person_id"))

    op.drop_table("supermarket_wishes")
    with op.batch_alter_table("supermarket_txns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_txns_person_id"))
        batch_op.drop_index("ix_supermarket_txns_path_at")
        batch_op.drop_index(batch_op.f("ix_supermarket_txns_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_txns_org_id"))

    op.drop_table("supermarket_txns")
    with op.batch_alter_table("supermarket_skill_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_skill_services_provider_person_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_skill_services_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_skill_services_org_id"))

    op.drop_table("supermarket_skill_services")
    with op.batch_alter_table("supermarket_donations", schema=None) as batch_op:
        batch_op.drop_index("ix_supermarket_donations_path_on")
        batch_op.drop_index(batch_op.f("ix_supermarket_donations_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_donations_org_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_donations_item_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_donations_donor_unit_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_donations_donor_person_id"))

    op.drop_table("supermarket_donations")
    with op.batch_alter_table("supermarket_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_accounts_person_id"))
        batch_op.drop_index(batch_op.f("ix_supermarket_accounts_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_accounts_org_id"))

    op.drop_table("supermarket_accounts")
    with op.batch_alter_table("supermarket_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supermarket_items_org_path"))
        batch_op.drop_index(batch_op.f("ix_supermarket_items_org_id"))

    op.drop_table("supermarket_items")
