"""party: in-service party members' tables (first revision of the ``party`` branch)

Revision ID: party_0001
Revises: (none; the branch starts here and depends on core's 0003_people)
Create Date: 2026-12-03

Generated with autogenerate against a SQLite database at core's head, then tidied.
Conduct notes are ciphertext (core.privacy.types.Encrypted), stored as TEXT.
"""

from alembic import op
import sqlalchemy as sa


revision = "party_0001"
down_revision = None
branch_labels = ("party",)
depends_on = "0003_people"


def upgrade() -> None:
    op.create_table(
        "party_consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_party_consultations_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_consultations_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_consultations")),
    )
    with op.batch_alter_table("party_consultations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_consultations_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_party_consultations_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "party_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
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
            name=op.f("fk_party_posts_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_posts")),
        sa.UniqueConstraint("org_id", "name", name="uq_party_posts_org_name"),
    )
    with op.batch_alter_table("party_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_posts_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_posts_org_path"), ["org_path"], unique=False)

    op.create_table(
        "party_representatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
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
            name=op.f("fk_party_representatives_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_party_representatives_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_representatives")),
        sa.UniqueConstraint("org_id", "year", "user_id", name="uq_party_representatives_once"),
    )
    with op.batch_alter_table("party_representatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_representatives_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_party_representatives_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_party_representatives_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "party_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.String(length=100), nullable=False),
        sa.Column("skills", sa.String(length=500), nullable=False),
        sa.Column("interests", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("in_team", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"],
            ["users.id"],
            name=op.f("fk_party_members_confirmed_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_members_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people_persons.id"],
            name=op.f("fk_party_members_person_id_people_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["party_posts.id"],
            name=op.f("fk_party_members_post_id_party_posts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["people_units.id"],
            name=op.f("fk_party_members_unit_id_people_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_members")),
        sa.UniqueConstraint("person_id", name="uq_party_members_person"),
    )
    with op.batch_alter_table("party_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_members_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_members_org_path"), ["org_path"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_members_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "party_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("representative_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=24), nullable=False),
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
            ["party_members.id"],
            name=op.f("fk_party_ballots_member_id_party_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_ballots_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["representative_id"],
            ["party_representatives.id"],
            name=op.f("fk_party_ballots_representative_id_party_representatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_ballots")),
        sa.UniqueConstraint(
            "year", "member_id", "representative_id", name="uq_party_ballots_one_per_rater"
        ),
    )
    with op.batch_alter_table("party_ballots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_ballots_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_ballots_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_ballots_org_path"), ["org_path"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_ballots_year"), ["year"], unique=False)

    op.create_table(
        "party_clearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("asked_by", sa.Integer(), nullable=True),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.String(length=1000), nullable=False),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["answered_by"],
            ["users.id"],
            name=op.f("fk_party_clearances_answered_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["asked_by"],
            ["users.id"],
            name=op.f("fk_party_clearances_asked_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["party_members.id"],
            name=op.f("fk_party_clearances_member_id_party_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_clearances_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["people_units.id"],
            name=op.f("fk_party_clearances_unit_id_people_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_clearances")),
    )
    with op.batch_alter_table("party_clearances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_clearances_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_party_clearances_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_party_clearances_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_party_clearances_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "party_conduct",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
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
            ["party_members.id"],
            name=op.f("fk_party_conduct_member_id_party_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_conduct_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_party_conduct_recorded_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_conduct")),
    )
    with op.batch_alter_table("party_conduct", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_conduct_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_conduct_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_conduct_org_path"), ["org_path"], unique=False)

    op.create_table(
        "party_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["users.id"],
            name=op.f("fk_party_feedback_acknowledged_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["party_members.id"],
            name=op.f("fk_party_feedback_member_id_party_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_feedback_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["people_units.id"],
            name=op.f("fk_party_feedback_unit_id_people_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_feedback")),
        sa.UniqueConstraint("member_id", "year", name="uq_party_feedback_member_year"),
    )
    with op.batch_alter_table("party_feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_feedback_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_party_feedback_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_feedback_org_path"), ["org_path"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_feedback_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "party_outstanding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("named_by", sa.Integer(), nullable=True),
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
            ["party_members.id"],
            name=op.f("fk_party_outstanding_member_id_party_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["named_by"],
            ["users.id"],
            name=op.f("fk_party_outstanding_named_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_outstanding_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_outstanding")),
        sa.UniqueConstraint("year", "member_id", name="uq_party_outstanding_once"),
    )
    with op.batch_alter_table("party_outstanding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_outstanding_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_party_outstanding_org_path"), ["org_path"], unique=False
        )

    op.create_table(
        "party_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
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
            ["party_members.id"],
            name=op.f("fk_party_reminders_member_id_party_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_reminders_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["people_units.id"],
            name=op.f("fk_party_reminders_unit_id_people_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_reminders")),
        sa.UniqueConstraint("member_id", "year", "month", name="uq_party_reminders_month"),
    )
    with op.batch_alter_table("party_reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_reminders_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_party_reminders_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_reminders_org_path"), ["org_path"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_reminders_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "party_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["party_consultations.id"],
            name=op.f("fk_party_responses_consultation_id_party_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["party_members.id"],
            name=op.f("fk_party_responses_member_id_party_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_responses_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_responses")),
        sa.UniqueConstraint("consultation_id", "member_id", name="uq_party_responses_once"),
    )
    with op.batch_alter_table("party_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_responses_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_party_responses_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_responses_org_path"), ["org_path"], unique=False)

    op.create_table(
        "party_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("reversed", sa.Boolean(), nullable=False),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"],
            ["users.id"],
            name=op.f("fk_party_services_confirmed_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["party_members.id"],
            name=op.f("fk_party_services_member_id_party_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_party_services_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_services")),
        sa.UniqueConstraint("source", "ref", name="uq_party_services_source_ref"),
    )
    with op.batch_alter_table("party_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_services_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_party_services_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_services_org_path"), ["org_path"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_services_year"), ["year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("party_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_services_year"))
        batch_op.drop_index(batch_op.f("ix_party_services_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_services_org_id"))
        batch_op.drop_index(batch_op.f("ix_party_services_member_id"))

    op.drop_table("party_services")
    with op.batch_alter_table("party_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_responses_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_responses_org_id"))
        batch_op.drop_index(batch_op.f("ix_party_responses_member_id"))

    op.drop_table("party_responses")
    with op.batch_alter_table("party_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_reminders_unit_id"))
        batch_op.drop_index(batch_op.f("ix_party_reminders_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_reminders_org_id"))
        batch_op.drop_index(batch_op.f("ix_party_reminders_member_id"))

    op.drop_table("party_reminders")
    with op.batch_alter_table("party_outstanding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_outstanding_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_outstanding_org_id"))

    op.drop_table("party_outstanding")
    with op.batch_alter_table("party_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_feedback_unit_id"))
        batch_op.drop_index(batch_op.f("ix_party_feedback_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_feedback_org_id"))
        batch_op.drop_index(batch_op.f("ix_party_feedback_member_id"))

    op.drop_table("party_feedback")
    with op.batch_alter_table("party_conduct", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_conduct_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_conduct_org_id"))
        batch_op.drop_index(batch_op.f("ix_party_conduct_member_id"))

    op.drop_table("party_conduct")
    with op.batch_alter_table("party_clearances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_clearances_unit_id"))
        batch_op.drop_index(batch_op.f("ix_party_clearances_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_clearances_org_id"))
        batch_op.drop_index(batch_op.f("ix_party_clearances_member_id"))

    op.drop_table("party_clearances")
    with op.batch_alter_table("party_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_ballots_year"))
        batch_op.drop_index(batch_op.f("ix_party_ballots_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_ballots_org_id"))
        batch_op.drop_index(batch_op.f("ix_party_ballots_member_id"))

    op.drop_table("party_ballots")
    with op.batch_alter_table("party_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_members_unit_id"))
        batch_op.drop_index(batch_op.f("ix_party_members_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_members_org_id"))

    op.drop_table("party_members")
    with op.batch_alter_table("party_representatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_representatives_user_id"))
        batch_op.drop_index(batch_op.f("ix_party_representatives_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_representatives_org_id"))

    op.drop_table("party_representatives")
    with op.batch_alter_table("party_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_posts_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_posts_org_id"))

    op.drop_table("party_posts")
    with op.batch_alter_table("party_consultations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_consultations_org_path"))
        batch_op.drop_index(batch_op.f("ix_party_consultations_org_id"))

    op.drop_table("party_consultations")
