"""Tables of the resident-demand pipeline; every one is tenant-owned (TenantMixin).

A demand, its steps, its supervision order, topics, diary entries and disclosures belong to
the community that keeps them (``org_id``); an escalated demand stays the community's row and
names the superior holding it (``escalated_to_org_id``), so the street's scope, which contains
its communities, finds it in its queue, and another street's scope never does. A holder may
hand it on to a unit (``handed_to_unit_id``); the unit's accounts read it across communities
only through ``core.partners.UnitAccess``. The resident
is a person of the register (``person_id``); this module keeps no name or phone of its own.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin, utcnow
from tenants.scoping import TenantMixin


class Topic(TimestampMixin, TenantMixin, Base):
    """一事一答: many residents raising the same issue, answered once."""

    __tablename__ = "demands_topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[date | None] = mapped_column(Date)


class Demand(TimestampMixin, TenantMixin, Base):
    """One resident demand, from intake to 销号."""

    __tablename__ = "demands_demands"
    __table_args__ = (
        UniqueConstraint("tracking_code", name="uq_demands_demands_tracking_code"),
        Index("ix_demands_demands_status_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(24))
    category: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_persons.id", ondelete="RESTRICT"), index=True
    )
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="SET NULL"))
    received_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(24), default="open", index=True)
    kind: Mapped[str | None] = mapped_column(String(24))  # the disposition, once chosen
    handler_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    documents_needed: Mapped[str] = mapped_column(Text, default="")
    documents_notice_on: Mapped[date | None] = mapped_column(Date)
    referred_to: Mapped[str] = mapped_column(String(200), default="")
    escalated_to_org_id: Mapped[int | None] = mapped_column(
        ForeignKey("org_units.id", ondelete="RESTRICT"), index=True
    )
    escalated_on: Mapped[date | None] = mapped_column(Date)
    # Handed by the holder of an escalated demand to a unit of the register (a partner
    # organisation, core/partners), whose accounts see it and answer it in the holder's place.
    handed_to_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_units.id", ondelete="RESTRICT"), index=True
    )
    handed_on: Mapped[date | None] = mapped_column(Date)
    handed_due_on: Mapped[date | None] = mapped_column(Date)
    handed_due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[date | None] = mapped_column(Date)
    answered_by_org_id: Mapped[int | None] = mapped_column(Integer)
    answered_by_unit_id: Mapped[int | None] = mapped_column(Integer)
    solution: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    rating: Mapped[str | None] = mapped_column(String(24))
    rated_on: Mapped[date | None] = mapped_column(Date)
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("demands_topics.id", ondelete="SET NULL"), index=True
    )


class Step(TenantMixin, Base):
    """One thing that happened to a demand (the history the console and the resident see)."""

    __tablename__ = "demands_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_id: Mapped[int] = mapped_column(
        ForeignKey("demands_demands.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by_org_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Supervision(TimestampMixin, TenantMixin, Base):
    """督办单: an overdue demand's supervision order, with a new limit and a responsible cadre."""

    __tablename__ = "demands_supervisions"
    # One order per demand, however often the job runs (or two runs race).
    __table_args__ = (UniqueConstraint("demand_id", name="uq_demands_supervisions_demand_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("demands_demands.id", ondelete="CASCADE"))
    issued_on: Mapped[date] = mapped_column(Date)
    overdue_since: Mapped[date] = mapped_column(Date)
    new_due_on: Mapped[date] = mapped_column(Date)
    new_due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    responsible_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    resolved_on: Mapped[date | None] = mapped_column(Date)


class DiaryEntry(TimestampMixin, TenantMixin, Base):
    """民情日志: an information officer's note of a home visit; it may become a demand."""

    __tablename__ = "demands_diary"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    officer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    visited_on: Mapped[date] = mapped_column(Date)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_persons.id", ondelete="RESTRICT"), index=True
    )
    note: Mapped[str] = mapped_column(Text)
    demand_id: Mapped[int | None] = mapped_column(
        ForeignKey("demands_demands.id", ondelete="SET NULL")
    )


class Disclosure(TimestampMixin, TenantMixin, Base):
    """七公开: one disclosed item (procedures, basis, …) of a community, shown on its public page."""

    __tablename__ = "demands_disclosures"
    __table_args__ = (UniqueConstraint("org_id", "key", name="uq_demands_disclosures_org_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(24))
    body: Mapped[str] = mapped_column(Text, default="")


class Photo(TenantMixin, Base):
    """A photo of a demand (JPEG, PNG or WebP). Kept in the database, so it is written and
    rolled back with its demand and backed up with it; the size limit keeps that cheap."""

    __tablename__ = "demands_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_id: Mapped[int] = mapped_column(
        ForeignKey("demands_demands.id", ondelete="CASCADE"), index=True
    )
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
