"""demands: the resident-demand pipeline's tables (first revision of the ``demands`` branch)

Revision ID: demands_0001
Revises: (none; the branch starts here and depends on core's 0003_people)
Create Date: 2026-12-03

Generated with autogenerate against SQLite at every head, then tidied.
"""

from alembic import op
import sqlalchemy as sa


revision = "demands_0001"
down_revision = None
branch_labels = ("demands",)
depends_on = "0003_people"


def upgrade() -> None:
    op.create_table(
        "demands_disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
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
            name=op.f("fk_demands_disclosures_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands_disclosures")),
        sa.UniqueConstraint("org_id", "key", name="uq_demands_disclosures_org_key"),
    )
    with op.batch_alter_table("demands_disclosures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demands_disclosures_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_demands_disclosures_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "demands_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
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
            name=op.f("fk_demands_topics_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands_topics")),
    )
    with op.batch_alter_table("demands_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demands_topics_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_topics_org_path"), ["org_path"], unique=False)

    op.create_table(
        "demands_demands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracking_code", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=True),
        sa.Column("handler_user_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("documents_needed", sa.Text(), nullable=False),
        sa.Column("documents_notice_on", sa.Date(), nullable=True),
        sa.Column("referred_to", sa.String(length=200), nullable=False),
        sa.Column("escalated_to_org_id", sa.Integer(), nullable=True),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answered_by_org_id", sa.Integer(), nullable=True),
        sa.Column("solution", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("rating", sa.String(length=24), nullable=True),
        sa.Column("rated_on", sa.Date(), nullable=True),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["escalated_to_org_id"],
            ["org_units.id"],
            name=op.f("fk_demands_demands_escalated_to_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"],
            ["org_units.id"],
            name=op.f("fk_demands_demands_grid_id_org_units"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["handler_user_id"],
            ["users.id"],
            name=op.f("fk_demands_demands_handler_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_demands_demands_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_demands_demands_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["received_by"],
            ["users.id"],
            name=op.f("fk_demands_demands_received_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["demands_topics.id"],
            name=op.f("fk_demands_demands_topic_id_demands_topics"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands_demands")),
        sa.UniqueConstraint("tracking_code", name="uq_demands_demands_tracking_code"),
    )
    with op.batch_alter_table("demands_demands", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_demands_demands_escalated_to_org_id"),
            ["escalated_to_org_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_demands_demands_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_demands_org_path"), ["org_path"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_demands_demands_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_demands_demands_received_on"), ["received_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_demands_demands_status"), ["status"], unique=False)
        batch_op.create_index("ix_demands_demands_status_due", ["status", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_demands_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "demands_diary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_user_id", sa.Integer(), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands_demands.id"],
            name=op.f("fk_demands_diary_demand_id_demands_demands"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["officer_user_id"],
            ["users.id"],
            name=op.f("fk_demands_diary_officer_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_demands_diary_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_demands_diary_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands_diary")),
    )
    with op.batch_alter_table("demands_diary", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demands_diary_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_diary_org_path"), ["org_path"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_diary_person_id"), ["person_id"], unique=False)

    op.create_table(
        "demands_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("by_org_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_demands_steps_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands_demands.id"],
            name=op.f("fk_demands_steps_demand_id_demands_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_demands_steps_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands_steps")),
    )
    with op.batch_alter_table("demands_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_demands_steps_demand_id"), ["demand_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_steps_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_steps_org_path"), ["org_path"], unique=False)

    op.create_table(
        "demands_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands_demands.id"],
            name=op.f("fk_demands_photos_demand_id_demands_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_demands_photos_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["users.id"],
            name=op.f("fk_demands_photos_uploaded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands_photos")),
    )
    with op.batch_alter_table("demands_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_demands_photos_demand_id"), ["demand_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_demands_photos_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_demands_photos_org_path"), ["org_path"], unique=False)

    op.create_table(
        "demands_supervisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("overdue_since", sa.Date(), nullable=False),
        sa.Column("new_due_on", sa.Date(), nullable=False),
        sa.Column("new_due_provisional", sa.Boolean(), nullable=False),
        sa.Column("responsible_user_id", sa.Integer(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["demand_id"],
            ["demands_demands.id"],
            name=op.f("fk_demands_supervisions_demand_id_demands_demands"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_demands_supervisions_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"],
            ["users.id"],
            name=op.f("fk_demands_supervisions_responsible_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demands_supervisions")),
        sa.UniqueConstraint("demand_id", name="uq_demands_supervisions_demand_id"),
    )
    with op.batch_alter_table("demands_supervisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_demands_supervisions_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_demands_supervisions_org_path"), ["org_path"], unique=False
        )


def downgrade() -> None:
    op.drop_table("demands_photos")
    with op.batch_alter_table("demands_supervisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_supervisions_org_path"))
        batch_op.drop_index(batch_op.f("ix_demands_supervisions_org_id"))

    op.drop_table("demands_supervisions")
    with op.batch_alter_table("demands_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_steps_org_path"))
        batch_op.drop_index(batch_op.f("ix_demands_steps_org_id"))
        batch_op.drop_index(batch_op.f("ix_demands_steps_demand_id"))

    op.drop_table("demands_steps")
    with op.batch_alter_table("demands_diary", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_diary_person_id"))
        batch_op.drop_index(batch_op.f("ix_demands_diary_org_path"))
        batch_op.drop_index(batch_op.f("ix_demands_diary_org_id"))

    op.drop_table("demands_diary")
    with op.batch_alter_table("demands_demands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_demands_topic_id"))
        batch_op.drop_index("ix_demands_demands_status_due")
        batch_op.drop_index(batch_op.f("ix_demands_demands_status"))
        batch_op.drop_index(batch_op.f("ix_demands_demands_received_on"))
        batch_op.drop_index(batch_op.f("ix_demands_demands_person_id"))
        batch_op.drop_index(batch_op.f("ix_demands_demands_org_path"))
        batch_op.drop_index(batch_op.f("ix_demands_demands_org_id"))
        batch_op.drop_index(batch_op.f("ix_demands_demands_escalated_to_org_id"))

    op.drop_table("demands_demands")
    with op.batch_alter_table("demands_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_topics_org_path"))
        batch_op.drop_index(batch_op.f("ix_demands_topics_org_id"))

    op.drop_table("demands_topics")
    with op.batch_alter_table("demands_disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_demands_disclosures_org_path"))
        batch_op.drop_index(batch_op.f("ix_demands_disclosures_org_id"))

    op.drop_table("demands_disclosures")
