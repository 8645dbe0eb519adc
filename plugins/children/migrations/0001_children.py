"""children: the children's home tables (first revision of the ``children`` branch)

Revision ID: children_0001
Revises: (none; the branch starts here and depends on core's 0003_people)
Create Date: 2026-12-03

Generated with autogenerate against a SQLite database at core's head.
"""

from alembic import op
import sqlalchemy as sa


revision = "children_0001"
down_revision = None
branch_labels = ("children",)
depends_on = "0003_people"


def upgrade() -> None:
    op.create_table(
        "children_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('preschool', 'homework', 'counselling', 'legal_aid', 'rights', 'parenting')",
            name=op.f("ck_children_activities_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_children_activities_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_activities")),
    )
    with op.batch_alter_table("children_activities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_children_activities_held_on"), ["held_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_children_activities_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_activities_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "children_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["children_activities.id"],
            name=op.f("fk_children_attendance_activity_id_children_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_children_attendance_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_children_attendance_person_id_people_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_attendance")),
        sa.UniqueConstraint(
            "activity_id", "person_id", name="uq_children_attendance_activity_person"
        ),
    )
    with op.batch_alter_table("children_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_children_attendance_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_children_attendance_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_attendance_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_children_attendance_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "children_children",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("school", sa.String(length=100), nullable=False),
        sa.Column("class_name", sa.String(length=50), nullable=False),
        sa.Column("guardian_person_id", sa.Integer(), nullable=True),
        sa.Column("guardian_relation", sa.String(length=32), nullable=False),
        sa.Column("parents", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.Column("leave_reason", sa.String(length=16), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "category IN ('left_behind', 'migrant', 'difficulty')",
            name=op.f("ck_children_children_category"),
        ),
        sa.CheckConstraint(
            "status IN ('active', 'archived', 'anonymised')",
            name=op.f("ck_children_children_status"),
        ),
        sa.ForeignKeyConstraint(
            ["guardian_person_id"],
            ["people_persons.id"],
            name=op.f("fk_children_children_guardian_person_id_people_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_children_children_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_children_children_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_children")),
        sa.UniqueConstraint("org_id", "person_id", name="uq_children_children_org_person"),
    )
    with op.batch_alter_table("children_children", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_children_children_guardian_person_id"),
            ["guardian_person_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_children_children_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_children_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_children_children_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_children_children_status"), ["status"], unique=False)

    op.create_table(
        "children_custody",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dropped_by_person_id", sa.Integer(), nullable=True),
        sa.Column("signed_in_by", sa.Integer(), nullable=True),
        sa.Column("signed_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collected_by_person_id", sa.Integer(), nullable=True),
        sa.Column("signed_out_by", sa.Integer(), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children_children.id"],
            name=op.f("fk_children_custody_child_id_children_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["collected_by_person_id"],
            ["people_persons.id"],
            name=op.f("fk_children_custody_collected_by_person_id_people_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dropped_by_person_id"],
            ["people_persons.id"],
            name=op.f("fk_children_custody_dropped_by_person_id_people_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_children_custody_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["signed_in_by"],
            ["users.id"],
            name=op.f("fk_children_custody_signed_in_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signed_out_by"],
            ["users.id"],
            name=op.f("fk_children_custody_signed_out_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_custody")),
    )
    with op.batch_alter_table("children_custody", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_children_custody_child_id"), ["child_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_children_custody_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_custody_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_children_custody_signed_in_at"), ["signed_in_at"], unique=False
        )

    op.create_table(
        "children_pairings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("helper_user_id", sa.Integer(), nullable=False),
        sa.Column("helper_kind", sa.String(length=16), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("last_contact_on", sa.Date(), nullable=True),
        sa.Column("overdue_since", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "helper_kind IN ('party_member', 'volunteer', 'teacher')",
            name=op.f("ck_children_pairings_helper_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children_children.id"],
            name=op.f("fk_children_pairings_child_id_children_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["helper_user_id"],
            ["users.id"],
            name=op.f("fk_children_pairings_helper_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_children_pairings_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_pairings")),
    )
    with op.batch_alter_table("children_pairings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_children_pairings_child_id"), ["child_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_children_pairings_helper_user_id"), ["helper_user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_children_pairings_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_pairings_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_children_pairings_overdue_since"), ["overdue_since"], unique=False
        )

    op.create_table(
        "children_pickups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("named_on", sa.Date(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children_children.id"],
            name=op.f("fk_children_pickups_child_id_children_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_children_pickups_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_children_pickups_person_id_people_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_children_pickups_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_pickups")),
        sa.UniqueConstraint("child_id", "person_id", name="uq_children_pickups_child_person"),
    )
    with op.batch_alter_table("children_pickups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_children_pickups_child_id"), ["child_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_children_pickups_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_pickups_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "children_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=True),
        sa.Column("helper_user_id", sa.Integer(), nullable=True),
        sa.Column("contact_on", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("term", sa.String(length=20), nullable=False),
        sa.Column("emotional", sa.Text(), nullable=True),
        sa.Column("moral", sa.Text(), nullable=True),
        sa.Column("growth", sa.Text(), nullable=True),
        sa.Column("family", sa.Text(), nullable=True),
        sa.Column("thinking", sa.Text(), nullable=True),
        sa.Column("school_results", sa.Text(), nullable=True),
        sa.Column("behaviour", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "mode IN ('home_visit', 'phone', 'school', 'home')",
            name=op.f("ck_children_contacts_mode"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children_children.id"],
            name=op.f("fk_children_contacts_child_id_children_children"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["helper_user_id"],
            ["users.id"],
            name=op.f("fk_children_contacts_helper_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_children_contacts_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["children_pairings.id"],
            name=op.f("fk_children_contacts_pairing_id_children_pairings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_contacts")),
    )
    with op.batch_alter_table("children_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_children_contacts_child_id"), ["child_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_children_contacts_contact_on"), ["contact_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_children_contacts_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_contacts_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "children_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("overdue_since", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "recipient IN ('helper', 'director')", name=op.f("ck_children_reminders_recipient")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_children_reminders_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["children_pairings.id"],
            name=op.f("fk_children_reminders_pairing_id_children_pairings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_children_reminders_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children_reminders")),
        sa.UniqueConstraint(
            "pairing_id", "user_id", "overdue_since", name="uq_children_reminders_once"
        ),
    )
    with op.batch_alter_table("children_reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_children_reminders_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_reminders_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_children_reminders_pairing_id"), ["pairing_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_children_reminders_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("children_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_reminders_user_id"))
        batch_op.drop_index(batch_op.f("ix_children_reminders_pairing_id"))
        batch_op.drop_index(batch_op.f("ix_children_reminders_org_path"))
        batch_op.drop_index(batch_op.f("ix_children_reminders_org_id"))

    op.drop_table("children_reminders")
    with op.batch_alter_table("children_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_contacts_org_path"))
        batch_op.drop_index(batch_op.f("ix_children_contacts_org_id"))
        batch_op.drop_index(batch_op.f("ix_children_contacts_contact_on"))
        batch_op.drop_index(batch_op.f("ix_children_contacts_child_id"))

    op.drop_table("children_contacts")
    with op.batch_alter_table("children_pickups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_pickups_org_path"))
        batch_op.drop_index(batch_op.f("ix_children_pickups_org_id"))
        batch_op.drop_index(batch_op.f("ix_children_pickups_child_id"))

    op.drop_table("children_pickups")
    with op.batch_alter_table("children_pairings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_pairings_overdue_since"))
        batch_op.drop_index(batch_op.f("ix_children_pairings_org_path"))
        batch_op.drop_index(batch_op.f("ix_children_pairings_org_id"))
        batch_op.drop_index(batch_op.f("ix_children_pairings_helper_user_id"))
        batch_op.drop_index(batch_op.f("ix_children_pairings_child_id"))

    op.drop_table("children_pairings")
    with op.batch_alter_table("children_custody", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_custody_signed_in_at"))
        batch_op.drop_index(batch_op.f("ix_children_custody_org_path"))
        batch_op.drop_index(batch_op.f("ix_children_custody_org_id"))
        batch_op.drop_index(batch_op.f("ix_children_custody_child_id"))

    op.drop_table("children_custody")
    with op.batch_alter_table("children_children", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_children_status"))
        batch_op.drop_index(batch_op.f("ix_children_children_person_id"))
        batch_op.drop_index(batch_op.f("ix_children_children_org_path"))
        batch_op.drop_index(batch_op.f("ix_children_children_org_id"))
        batch_op.drop_index(batch_op.f("ix_children_children_guardian_person_id"))

    op.drop_table("children_children")
    with op.batch_alter_table("children_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_attendance_person_id"))
        batch_op.drop_index(batch_op.f("ix_children_attendance_org_path"))
        batch_op.drop_index(batch_op.f("ix_children_attendance_org_id"))
        batch_op.drop_index(batch_op.f("ix_children_attendance_activity_id"))

    op.drop_table("children_attendance")
    with op.batch_alter_table("children_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_activities_org_path"))
        batch_op.drop_index(batch_op.f("ix_children_activities_org_id"))
        batch_op.drop_index(batch_op.f("ix_children_activities_held_on"))

    op.drop_table("children_activities")
