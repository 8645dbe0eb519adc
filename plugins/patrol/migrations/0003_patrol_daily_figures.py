"""patrol: the daily roll-up the statistics read (issue 18 item 6)

Revision ID: patrol_0003
Revises: patrol_0002
Create Date: 2026-12-03

``patrol_daily_figures`` holds, per org, local (Beijing) day and kind, how many raw rows
fall in a cell (``n``) and what they add up to (``amount``): check-ins per team (minutes),
activities per team or 0 (participants), reports per category and status, report steps to
mediated / reported_upward / resolved per report category, missed shifts. The upgrade fills
it from the existing rows with the same grouping ``plugins.patrol.figures.rebuild`` uses
(written out here so that this revision does not change when the plugin's code does).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "patrol_0003"
down_revision = "patrol_0002"
branch_labels = None
depends_on = None

_INSERT = (
    "INSERT INTO patrol_daily_figures "
    "(org_id, org_path, day, kind, team_id, category, status, n, amount) "
)
# One statement per kind; {day} turns a stored UTC time into its local day.
_BACKFILL = (
    "SELECT org_id, org_path, {day:checked_in_at} AS d, 'checkin', team_id, '', '', count(*), "
    "coalesce(sum(minutes), 0) FROM patrol_checkins GROUP BY org_id, org_path, d, team_id",
    "SELECT org_id, org_path, held_on, 'activity', coalesce(team_id, 0), '', '', count(*), "
    "coalesce(sum(participants), 0) FROM patrol_activities "
    "GROUP BY org_id, org_path, held_on, coalesce(team_id, 0)",
    "SELECT org_id, org_path, {day:occurred_at} AS d, 'report', 0, category, status, count(*), 0 "
    "FROM patrol_reports GROUP BY org_id, org_path, d, category, status",
    "SELECT s.org_id, s.org_path, {day:s.at} AS d, 'step', 0, r.category, s.to_status, count(*), 0 "
    "FROM patrol_report_steps s JOIN patrol_reports r ON r.id = s.report_id "
    "WHERE s.to_status IN ('mediated', 'reported_upward', 'resolved') "
    "GROUP BY s.org_id, s.org_path, d, r.category, s.to_status",
    "SELECT org_id, org_path, {day:starts_at} AS d, 'missed', 0, '', '', count(*), 0 "
    "FROM patrol_shifts WHERE status = 'missed' GROUP BY org_id, org_path, d",
)


class _Day:
    """Formats ``{day:column}`` as the dialect's local-day expression."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def __format__(self, column: str) -> str:
        if self.dialect == "postgresql":
            return f"CAST(timezone('Asia/Shanghai', {column}) AS DATE)"
        # SQLite keeps UTC text; Beijing has been UTC+8 without summer time since 1991.
        return f"date({column}, '+480 minutes')"


def upgrade() -> None:
    op.create_table(
        "patrol_daily_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column(
            "org_path",
            sa.String(length=255).with_variant(sa.String(length=255, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["org_units.id"],
            name=op.f("fk_patrol_daily_figures_org_id_org_units"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_daily_figures")),
        sa.UniqueConstraint(
            "org_id", "day", "kind", "team_id", "category", "status",
            name="uq_patrol_daily_figures_cell",
        ),
    )
    with op.batch_alter_table("patrol_daily_figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_daily_figures_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patrol_daily_figures_org_path"), ["org_path"], unique=False
        )
        batch_op.create_index("ix_patrol_daily_figures_path_day", ["org_path", "day"], unique=False)
    conn = op.get_bind()
    day = _Day(conn.dialect.name)
    for select in _BACKFILL:
        conn.execute(sa.text(_INSERT + select.format(day=day)))


def downgrade() -> None:
    with op.batch_alter_table("patrol_daily_figures", schema=None) as batch_op:
        batch_op.drop_index("ix_patrol_daily_figures_path_day")
        batch_op.drop_index(batch_op.f("ix_patrol_daily_figures_org_path"))
        batch_op.drop_index(batch_op.f("ix_patrol_daily_figures_org_id"))
    op.drop_table("patrol_daily_figures")
