"""patrol: the seven-colour patrol line's tables (first revision of the ``patrol`` branch)

Revision ID: patrol_0001
Revises: (none; the branch starts here and depends on core's 0001_core)
Create Date: 2026-11-22

Generated with autogenerate against a SQLite database at core's head, then tidied.
"""

from alembic import op
import sqlalchemy as sa


revision = "patrol_0001"
down_revision = None
branch_labels = ("patrol",)
depends_on = "0001_core"


def upgrade() -> None:
    op.create_table(
        "patrol_joint_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
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
            name=op.f("fk_patrol_joint_meetings_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_joint_meetings")),
    )
    with op.batch_alter_table("patrol_joint_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_joint_meetings_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_joint_meetings_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "patrol_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('police', 'auxiliary_police', 'guard', 'party_member', 'resident', 'youth', 'low_income', 'volunteer', 'other')",
            name=op.f("ck_patrol_members_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_members_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_patrol_members_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_members")),
    )
    with op.batch_alter_table("patrol_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_members_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_members_org_path"), ["org_path"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_members_user_id"), ["user_id"], unique=False)

    op.create_table(
        "patrol_merchants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("door_number", sa.String(length=50), nullable=False),
        sa.Column("business_name", sa.String(length=200), nullable=False),
        sa.Column("legal_person", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("licence_no", sa.String(length=64), nullable=False),
        sa.Column("last_verified_on", sa.Date(), nullable=True),
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
            name=op.f("fk_patrol_merchants_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_merchants")),
    )
    with op.batch_alter_table("patrol_merchants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_merchants_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patrol_merchants_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "patrol_teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("is_builtin", sa.Boolean(), nullable=False),
        sa.Column("seed_key", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "colour IN ('gold', 'red', 'purple', 'orange', 'silver', 'green', 'blue')",
            name=op.f("ck_patrol_teams_colour"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_teams_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_teams")),
        sa.UniqueConstraint("org_id", "seed_key", name="uq_patrol_teams_org_seed"),
    )
    with op.batch_alter_table("patrol_teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_teams_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_teams_org_path"), ["org_path"], unique=False)

    op.create_table(
        "patrol_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('home_visit', 'lecture', 'publicity', 'convenience', 'legal_consultation')",
            name=op.f("ck_patrol_activities_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_activities_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["patrol_teams.id"],
            name=op.f("fk_patrol_activities_team_id_patrol_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_activities")),
    )
    with op.batch_alter_table("patrol_activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_activities_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patrol_activities_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index("ix_patrol_activities_path_on", ["org_path", "held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_activities_team_id"), ["team_id"], unique=False)

    op.create_table(
        "patrol_merchant_verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "result IN ('ok', 'changed', 'closed')",
            name=op.f("ck_patrol_merchant_verifications_result"),
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_patrol_merchant_verifications_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["patrol_merchants.id"],
            name=op.f("fk_patrol_merchant_verifications_merchant_id_patrol_merchants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_merchant_verifications_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_merchant_verifications")),
        sa.UniqueConstraint("merchant_id", "round", name="uq_patrol_merchant_verifications_round"),
    )
    with op.batch_alter_table("patrol_merchant_verifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_merchant_verifications_merchant_id"),
            ["merchant_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_merchant_verifications_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_merchant_verifications_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "patrol_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["patrol_members.id"],
            name=op.f("fk_patrol_notifications_member_id_patrol_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_notifications_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_patrol_notifications_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_notifications")),
        sa.UniqueConstraint(
            "member_id", "kind", "ref", name="uq_patrol_notifications_member_kind_ref"
        ),
    )
    with op.batch_alter_table("patrol_notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_notifications_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_notifications_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_notifications_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_notifications_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "patrol_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("reporter_member_id", sa.Integer(), nullable=True),
        sa.Column("reported_by", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "category IN ('dispute', 'safety_hazard', 'unlicensed_vendor', 'traffic_blockage', 'vehicle_theft', 'sanitation', 'fight', 'illegal_structure', 'other')",
            name=op.f("ck_patrol_reports_category"),
        ),
        sa.CheckConstraint(
            "status IN ('new', 'handling', 'mediated', 'resolved', 'reported_upward')",
            name=op.f("ck_patrol_reports_status"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_reports_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by"],
            ["users.id"],
            name=op.f("fk_patrol_reports_reported_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_member_id"],
            ["patrol_members.id"],
            name=op.f("fk_patrol_reports_reporter_member_id_patrol_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_reports")),
    )
    with op.batch_alter_table("patrol_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_reports_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_reports_org_path"), ["org_path"], unique=False)
        batch_op.create_index(
            "ix_patrol_reports_path_at", ["org_path", "occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_reports_reporter_member_id"), ["reporter_member_id"], unique=False
        )

    op.create_table(
        "patrol_shift_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("active_from", sa.Date(), nullable=False),
        sa.Column("active_until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "weekday BETWEEN 0 AND 6", name=op.f("ck_patrol_shift_schedules_weekday")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_shift_schedules_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["patrol_teams.id"],
            name=op.f("fk_patrol_shift_schedules_team_id_patrol_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_shift_schedules")),
    )
    with op.batch_alter_table("patrol_shift_schedules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_shift_schedules_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_shift_schedules_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_shift_schedules_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "patrol_team_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["patrol_members.id"],
            name=op.f("fk_patrol_team_memberships_member_id_patrol_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_team_memberships_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["patrol_teams.id"],
            name=op.f("fk_patrol_team_memberships_team_id_patrol_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_team_memberships")),
    )
    with op.batch_alter_table("patrol_team_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_team_memberships_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_team_memberships_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_team_memberships_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_team_memberships_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "patrol_report_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("stored_path", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_report_photos_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["patrol_reports.id"],
            name=op.f("fk_patrol_report_photos_report_id_patrol_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["users.id"],
            name=op.f("fk_patrol_report_photos_uploaded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_report_photos")),
    )
    with op.batch_alter_table("patrol_report_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_report_photos_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_report_photos_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_report_photos_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "patrol_report_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_patrol_report_steps_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_report_steps_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["patrol_reports.id"],
            name=op.f("fk_patrol_report_steps_report_id_patrol_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_report_steps")),
    )
    with op.batch_alter_table("patrol_report_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_report_steps_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patrol_report_steps_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_report_steps_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "patrol_shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("route", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'done', 'missed')", name=op.f("ck_patrol_shifts_status")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_shifts_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["patrol_shift_schedules.id"],
            name=op.f("fk_patrol_shifts_schedule_id_patrol_shift_schedules"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["patrol_teams.id"],
            name=op.f("fk_patrol_shifts_team_id_patrol_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_shifts")),
        sa.UniqueConstraint("schedule_id", "starts_at", name="uq_patrol_shifts_schedule_start"),
    )
    with op.batch_alter_table("patrol_shifts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_shifts_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_shifts_org_path"), ["org_path"], unique=False)
        batch_op.create_index(
            "ix_patrol_shifts_path_start", ["org_path", "starts_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_patrol_shifts_schedule_id"), ["schedule_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_patrol_shifts_team_id"), ["team_id"], unique=False)

    op.create_table(
        "patrol_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["patrol_members.id"],
            name=op.f("fk_patrol_checkins_member_id_patrol_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_checkins_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["patrol_shifts.id"],
            name=op.f("fk_patrol_checkins_shift_id_patrol_shifts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["patrol_teams.id"],
            name=op.f("fk_patrol_checkins_team_id_patrol_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_checkins")),
        sa.UniqueConstraint("shift_id", "member_id", name="uq_patrol_checkins_shift_member"),
    )
    with op.batch_alter_table("patrol_checkins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_checkins_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_patrol_checkins_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_checkins_org_path"), ["org_path"], unique=False)
        batch_op.create_index(
            "ix_patrol_checkins_path_in", ["org_path", "checked_in_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_patrol_checkins_shift_id"), ["shift_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_checkins_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("patrol_checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_checkins_team_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_checkins_shift_id"))
        batch_op.drop_index("ix_patrol_checkins_path_in")
        batch_op.drop_index(batch_op.f("ix_patrol_checkins_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_checkins_org_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_checkins_member_id"))

    op.drop_table("patrol_checkins")
    with op.batch_alter_table("patrol_shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_shifts_team_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_shifts_schedule_id"))
        batch_op.drop_index("ix_patrol_shifts_path_start")
        batch_op.drop_index(batch_op.f("ix_patrol_shifts_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_shifts_org_id"))

    op.drop_table("patrol_shifts")
    with op.batch_alter_table("patrol_report_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_report_steps_report_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_report_steps_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_report_steps_org_id"))

    op.drop_table("patrol_report_steps")
    with op.batch_alter_table("patrol_report_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_report_photos_report_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_report_photos_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_report_photos_org_id"))

    op.drop_table("patrol_report_photos")
    with op.batch_alter_table("patrol_team_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_team_memberships_team_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_team_memberships_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_team_memberships_org_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_team_memberships_member_id"))

    op.drop_table("patrol_team_memberships")
    with op.batch_alter_table("patrol_shift_schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_shift_schedules_team_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_shift_schedules_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_shift_schedules_org_id"))

    op.drop_table("patrol_shift_schedules")
    with op.batch_alter_table("patrol_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_reports_reporter_member_id"))
        batch_op.drop_index("ix_patrol_reports_path_at")
        batch_op.drop_index(batch_op.f("ix_patrol_reports_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_reports_org_id"))

    op.drop_table("patrol_reports")
    with op.batch_alter_table("patrol_notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_notifications_user_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_notifications_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_notifications_org_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_notifications_member_id"))

    op.drop_table("patrol_notifications")
    with op.batch_alter_table("patrol_merchant_verifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_merchant_verifications_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_merchant_verifications_org_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_merchant_verifications_merchant_id"))

    op.drop_table("patrol_merchant_verifications")
    with op.batch_alter_table("patrol_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_activities_team_id"))
        batch_op.drop_index("ix_patrol_activities_path_on")
        batch_op.drop_index(batch_op.f("ix_patrol_activities_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_activities_org_id"))

    op.drop_table("patrol_activities")
    with op.batch_alter_table("patrol_teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_teams_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_teams_org_id"))

    op.drop_table("patrol_teams")
    with op.batch_alter_table("patrol_merchants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_merchants_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_merchants_org_id"))

    op.drop_table("patrol_merchants")
    with op.batch_alter_table("patrol_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_members_user_id"))
        batch_op.drop_index(batch_op.f("ix_patrol_members_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_members_org_id"))

    op.drop_table("patrol_members")
    with op.batch_alter_table("patrol_joint_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_joint_meetings_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_joint_meetings_org_id"))

    op.drop_table("patrol_joint_meetings")
