"""Tables of the party plugin; every row is a tenant row of the community where the member lives.

Rows a unit may read carry ``unit_id`` themselves (members, feedback forms, clearances,
reminders) or hang off a member (ledger, conduct, responses, ballots): a unit's reads
filter on ``PartyMember.unit_id`` through ``UnitAccess.only``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin
from core.privacy.types import Encrypted
from tenants.scoping import TenantMixin

GRADES = ("excellent", "competent", "basically_competent", "incompetent")
"""优秀 / 合格 / 基本合格 / 不合格, best first."""


class PartyPost(TimestampMixin, TenantMixin, Base):
    """One of the community's service posts (十大服务岗位)."""

    __tablename__ = "party_posts"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_party_posts_org_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PartyMember(TimestampMixin, TenantMixin, Base):
    """A report-in (报到): a person who works for a unit, registered where they live."""

    __tablename__ = "party_members"
    __table_args__ = (UniqueConstraint("person_id", name="uq_party_members_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people_persons.id", ondelete="RESTRICT"))
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("people_units.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[str] = mapped_column(String(100), default="")
    skills: Mapped[str] = mapped_column(String(500), default="")
    interests: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | confirmed
    reported_on: Mapped[date] = mapped_column(Date)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column()
    post_id: Mapped[int | None] = mapped_column(ForeignKey("party_posts.id", ondelete="SET NULL"))
    in_team: Mapped[bool] = mapped_column(Boolean, default=False)  # 党员志愿服务队


class PartyService(TimestampMixin, TenantMixin, Base):
    """One service item in the ledger (台账): confirmed by the community, or heard from another module."""

    __tablename__ = "party_services"
    __table_args__ = (UniqueConstraint("source", "ref", name="uq_party_services_source_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("party_members.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    served_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    source: Mapped[str] = mapped_column(String(32))  # "party" or the emitting plugin
    ref: Mapped[str] = mapped_column(String(100))
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PartyConsultation(TimestampMixin, TenantMixin, Base):
    """The community consults its in-service members on a major affair."""

    __tablename__ = "party_consultations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PartyResponse(TimestampMixin, TenantMixin, Base):
    """A member's answer to a consultation."""

    __tablename__ = "party_responses"
    __table_args__ = (
        UniqueConstraint("consultation_id", "member_id", name="uq_party_responses_once"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("party_consultations.id", ondelete="CASCADE")
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("party_members.id", ondelete="CASCADE"), index=True
    )
    response: Mapped[str] = mapped_column(Text)


class PartyConduct(TimestampMixin, TenantMixin, Base):
    """Conduct outside work, as the community saw it (supervision)."""

    __tablename__ = "party_conduct"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("party_members.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # praise | concern
    note: Mapped[str | None] = mapped_column(Encrypted("party_conduct.note"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PartyRepresentative(TimestampMixin, TenantMixin, Base):
    """A residents' or party-member representative who may rate members in a year (民主评议)."""

    __tablename__ = "party_representatives"
    __table_args__ = (
        UniqueConstraint("org_id", "year", "user_id", name="uq_party_representatives_once"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # resident | party_member
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class PartyBallot(TimestampMixin, TenantMixin, Base):
    """One representative's rating of one member in one year."""

    __tablename__ = "party_ballots"
    __table_args__ = (
        UniqueConstraint(
            "year", "member_id", "representative_id", name="uq_party_ballots_one_per_rater"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("party_members.id", ondelete="CASCADE"), index=True
    )
    representative_id: Mapped[int] = mapped_column(
        ForeignKey("party_representatives.id", ondelete="CASCADE")
    )
    grade: Mapped[str] = mapped_column(String(24))


class PartyOutstanding(TimestampMixin, TenantMixin, Base):
    """A member the community named outstanding (优秀) for a year."""

    __tablename__ = "party_outstanding"
    __table_args__ = (UniqueConstraint("year", "member_id", name="uq_party_outstanding_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("party_members.id", ondelete="CASCADE"))
    named_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PartyFeedback(TimestampMixin, TenantMixin, Base):
    """The yearly feedback form (反馈单) on a member, sent to the unit's inbox."""

    __tablename__ = "party_feedback"
    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_party_feedback_member_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("party_members.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("people_units.id", ondelete="RESTRICT"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    sent_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PartyClearance(TimestampMixin, TenantMixin, Base):
    """A unit asks whether a member may be promoted or rewarded; the community answers by a deadline."""

    __tablename__ = "party_clearances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("party_members.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("people_units.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # promotion | award
    year: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    asked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    asked_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending | cleared | refused
    answer: Mapped[str] = mapped_column(String(1000), default="")
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column()


class PartyReminder(TimestampMixin, TenantMixin, Base):
    """A member below the yearly minimum was reminded (and their unit told), once a month from October."""

    __tablename__ = "party_reminders"
    __table_args__ = (
        UniqueConstraint("member_id", "year", "month", name="uq_party_reminders_month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("party_members.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("people_units.id", ondelete="RESTRICT"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer)
    minimum: Mapped[int] = mapped_column(Integer)
