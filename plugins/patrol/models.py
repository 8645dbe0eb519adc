"""Tables of the seven-colour patrol line; every one is tenant-owned (TenantMixin).

Which org owns a row: teams, members, schedules' teams, activities, merchants and meetings
belong to the community that keeps them. Shifts, schedules, check-ins and reports that happen
at a grid belong to that grid (their ``org_id`` is the grid), otherwise to the community.
So a grid worker's scope sees exactly their grid's rows, and a community, street or city
aggregates its subtree through the ``org_path`` prefix with no extra column.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin, utcnow
from plugins.patrol.vocab import (
    ACTIVITY_KINDS,
    COLOURS,
    MEMBER_KINDS,
    REPORT_CATEGORIES,
    REPORT_STATUSES,
    VERIFICATION_RESULTS,
)
from tenants.scoping import TenantMixin


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


class Team(TimestampMixin, TenantMixin, Base):
    """A patrol team of a community: one of the seven colours, or a local addition."""

    __tablename__ = "patrol_teams"
    __table_args__ = (
        # seed_key is the colour for the seven built-in teams and NULL for local ones, so
        # seeding twice cannot create a second gold team (NULLs never collide).
        UniqueConstraint("org_id", "seed_key", name="uq_patrol_teams_org_seed"),
        _one_of("colour", COLOURS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    colour: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    is_builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    seed_key: Mapped[str | None] = mapped_column(String(16))


class Member(TimestampMixin, TenantMixin, Base):
    """A person of the register who patrols or serves, optionally linked to a user account.

    The name and phone live on the register's person (``person_id``), encrypted and masked
    there; patrol keeps only what it adds: the kind of member and the account.
    """

    __tablename__ = "patrol_members"
    __table_args__ = (_one_of("kind", MEMBER_KINDS),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people_persons.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )


class TeamMembership(TimestampMixin, TenantMixin, Base):
    """A member's time in a team: dated joining and (once left) leaving."""

    __tablename__ = "patrol_team_memberships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_members.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_teams.id", ondelete="CASCADE"), index=True
    )
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)


class ShiftSchedule(TimestampMixin, TenantMixin, Base):
    """A weekly recurring shift (weekday 0 = Monday) that the roster turns into shifts."""

    __tablename__ = "patrol_shift_schedules"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_teams.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    route: Mapped[str] = mapped_column(Text, default="")
    active_from: Mapped[date] = mapped_column(Date)
    active_until: Mapped[date | None] = mapped_column(Date)


class Shift(TimestampMixin, TenantMixin, Base):
    """One patrol shift of a team at a grid (org_id) or the whole community."""

    __tablename__ = "patrol_shifts"
    __table_args__ = (
        UniqueConstraint("schedule_id", "starts_at", name="uq_patrol_shifts_schedule_start"),
        CheckConstraint("status IN ('scheduled', 'done', 'missed')", name="status"),
        Index("ix_patrol_shifts_path_start", "org_path", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_teams.id", ondelete="CASCADE"), index=True
    )
    schedule_id: Mapped[int | None] = mapped_column(
        ForeignKey("patrol_shift_schedules.id", ondelete="SET NULL"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    route: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="scheduled")


class CheckIn(TimestampMixin, TenantMixin, Base):
    """A member's presence on a shift; ``minutes`` is set at check-out (summed in SQL)."""

    __tablename__ = "patrol_checkins"
    __table_args__ = (
        UniqueConstraint("shift_id", "member_id", name="uq_patrol_checkins_shift_member"),
        Index("ix_patrol_checkins_path_in", "org_path", "checked_in_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_shifts.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_members.id", ondelete="CASCADE"), index=True
    )
    # Denormalised from the shift so per-team statistics need no join over a million rows.
    team_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_teams.id", ondelete="CASCADE"), index=True
    )
    checked_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_out_at: Mapped[datetime | None] = mapped_column()
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    # How often the check-out was corrected; part of the reference announced to core, so a
    # corrected service is a new fact (the old one is reversed, not edited).
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lat: Mapped[float | None] = mapped_column()
    lon: Mapped[float | None] = mapped_column()


class Activity(TimestampMixin, TenantMixin, Base):
    """A home visit, lecture, publicity, convenience service or legal consultation."""

    __tablename__ = "patrol_activities"
    __table_args__ = (
        _one_of("kind", ACTIVITY_KINDS),
        Index("ix_patrol_activities_path_on", "org_path", "held_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("patrol_teams.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    # Person-times: how many people took part (served or serving), as the community counts them.
    participants: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class Report(TimestampMixin, TenantMixin, Base):
    """An incident or clue reported by a patrol, with its place in the status flow."""

    __tablename__ = "patrol_reports"
    __table_args__ = (
        _one_of("category", REPORT_CATEGORIES),
        _one_of("status", REPORT_STATUSES),
        Index("ix_patrol_reports_path_at", "org_path", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24), default="new")
    reporter_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("patrol_members.id", ondelete="SET NULL"), index=True
    )
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column()
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text)


class ReportStep(TenantMixin, Base):
    """One move in a report's status flow: who, when, from where to where, and why."""

    __tablename__ = "patrol_report_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_reports.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class ReportPhoto(TenantMixin, Base):
    """A photo attached to a report; the bytes live in the file store under ``stored_path``."""

    __tablename__ = "patrol_report_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_reports.id", ondelete="CASCADE"), index=True
    )
    stored_path: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Merchant(TimestampMixin, TenantMixin, Base):
    """A shop in the merchant register (商户登记)."""

    __tablename__ = "patrol_merchants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    door_number: Mapped[str] = mapped_column(String(50))
    business_name: Mapped[str] = mapped_column(String(200))
    legal_person: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    employees: Mapped[int] = mapped_column(Integer, default=0)
    licence_no: Mapped[str] = mapped_column(String(64), default="")
    last_verified_on: Mapped[date | None] = mapped_column(Date)


class MerchantVerification(TenantMixin, Base):
    """One check of a merchant's record during a numbered verification round."""

    __tablename__ = "patrol_merchant_verifications"
    __table_args__ = (
        UniqueConstraint("merchant_id", "round", name="uq_patrol_merchant_verifications_round"),
        _one_of("result", VERIFICATION_RESULTS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    merchant_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_merchants.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(Integer)
    verified_on: Mapped[date] = mapped_column(Date)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    result: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class JointMeeting(TimestampMixin, TenantMixin, Base):
    """A joint meeting with co-building units (共建单位联席会议)."""

    __tablename__ = "patrol_joint_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    units: Mapped[list[Any]] = mapped_column(JSON, default=list)
    topics: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")


class Notification(TenantMixin, Base):
    """An outbox entry for a member (shift reminders); core has no notification hook yet."""

    __tablename__ = "patrol_notifications"
    __table_args__ = (
        # One reminder per member, kind and shift: the reminder job may run twice.
        UniqueConstraint(
            "member_id", "kind", "ref", name="uq_patrol_notifications_member_kind_ref"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("patrol_members.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()


class DailyFigure(TenantMixin, Base):
    """One cell of the daily roll-up the statistics read instead of the raw rows.

    A row counts, for one org (the raw rows' own org: a grid or the community), one local day
    and one ``kind``, how many raw rows fall in the cell (``n``) and what they add up to
    (``amount``): check-ins per team (minutes), activities per team or 0 for none
    (participants), reports per category and status, report steps to a counted status per
    the report's category and the step's status, missed shifts. Kept in step with the raw
    rows by ``plugins.patrol.figures`` in the writing transaction; rebuilt from them by
    ``figures.rebuild``. ``team_id`` is 0 and ``category``/``status`` are '' where a kind
    does not use them, so the cell's key has no NULLs and upserts always meet it.
    """

    __tablename__ = "patrol_daily_figures"
    __table_args__ = (
        UniqueConstraint(
            "org_id", "day", "kind", "team_id", "category", "status", name="uq_patrol_daily_figures_cell"
        ),
        Index("ix_patrol_daily_figures_path_day", "org_path", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))
    team_id: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str] = mapped_column(String(24), default="")
    status: Mapped[str] = mapped_column(String(24), default="")
    n: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Integer, default=0)
