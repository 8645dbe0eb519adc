"""Tables of the children's home; every one is a tenant row of the community that keeps it.

No names, phones or ID numbers live here: a child, a guardian, a person who drops off or
collects a child are ``person_id``s of the register; helpers are user accounts. Parents'
contact details and every helper note are :class:`~core.privacy.Encrypted`, so the raw
database holds ciphertext only.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin, utcnow
from core.privacy import Encrypted
from plugins.children.vocab import (
    ACTIVITY_KINDS,
    CATEGORIES,
    CONTACT_MODES,
    HELPER_KINDS,
)
from tenants.scoping import TenantMixin

PERSON_FK = "people_persons.id"


def _one_of(column: str, values: tuple[str, ...], name: str | None = None) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or column)


class Child(TimestampMixin, TenantMixin, Base):
    """A child of the home: a register person under 18, with category, school and family."""

    __tablename__ = "children_children"
    __table_args__ = (
        UniqueConstraint("org_id", "person_id", name="uq_children_children_org_person"),
        _one_of("category", CATEGORIES),
        _one_of("status", ("active", "archived", "anonymised"), "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    school: Mapped[str] = mapped_column(String(100), default="")
    class_name: Mapped[str] = mapped_column(String(50), default="")
    guardian_person_id: Mapped[int | None] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="SET NULL"), index=True
    )
    guardian_relation: Mapped[str] = mapped_column(String(32), default="")
    # Stored only under guardian consent (children.care): a JSON list of
    # {relation, workplace, contact, home_frequency}; ciphertext at rest.
    parents: Mapped[str | None] = mapped_column(Encrypted("children_children.parents"))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    archived_on: Mapped[date | None] = mapped_column(Date)
    leave_reason: Mapped[str | None] = mapped_column(String(16))
    anonymised_at: Mapped[datetime | None] = mapped_column()


class Pairing(TimestampMixin, TenantMixin, Base):
    """结对帮扶: a helper (a user account) paired with a child from a date until ended."""

    __tablename__ = "children_pairings"
    __table_args__ = (_one_of("helper_kind", HELPER_KINDS),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(
        ForeignKey("children_children.id", ondelete="CASCADE"), index=True
    )
    helper_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    helper_kind: Mapped[str] = mapped_column(String(16))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    last_contact_on: Mapped[date | None] = mapped_column(Date)
    # Set by the nightly job when no contact happened for contact_days; cleared by a contact.
    overdue_since: Mapped[date | None] = mapped_column(Date, index=True)


class Contact(TenantMixin, Base):
    """One contact or visit of a helper with a child; every note is encrypted at rest."""

    __tablename__ = "children_contacts"
    __table_args__ = (_one_of("mode", CONTACT_MODES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(
        ForeignKey("children_children.id", ondelete="CASCADE"), index=True
    )
    pairing_id: Mapped[int | None] = mapped_column(
        ForeignKey("children_pairings.id", ondelete="SET NULL")
    )
    helper_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    contact_on: Mapped[date] = mapped_column(Date, index=True)
    mode: Mapped[str] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(20), default="")  # e.g. 2026秋 for school results
    emotional: Mapped[str | None] = mapped_column(Encrypted("children_contacts.emotional"))
    moral: Mapped[str | None] = mapped_column(Encrypted("children_contacts.moral"))
    growth: Mapped[str | None] = mapped_column(Encrypted("children_contacts.growth"))
    family: Mapped[str | None] = mapped_column(Encrypted("children_contacts.family"))
    thinking: Mapped[str | None] = mapped_column(Encrypted("children_contacts.thinking"))
    school_results: Mapped[str | None] = mapped_column(
        Encrypted("children_contacts.school_results")
    )
    behaviour: Mapped[str | None] = mapped_column(Encrypted("children_contacts.behaviour"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Pickup(TenantMixin, Base):
    """A person the guardian named who may collect the child from the home, until revoked."""

    __tablename__ = "children_pickups"
    __table_args__ = (
        UniqueConstraint("child_id", "person_id", name="uq_children_pickups_child_person"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(
        ForeignKey("children_children.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey(PERSON_FK, ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(32), default="")
    named_on: Mapped[date] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column()
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Custody(TenantMixin, Base):
    """One stay at the migrant children's home: sign-in, and sign-out to an allowed person."""

    __tablename__ = "children_custody"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(
        ForeignKey("children_children.id", ondelete="CASCADE"), index=True
    )
    signed_in_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    dropped_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="SET NULL")
    )
    signed_in_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_out_at: Mapped[datetime | None] = mapped_column()
    collected_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="SET NULL")
    )
    signed_out_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Activity(TimestampMixin, TenantMixin, Base):
    """An activity of the home (pre-school, homework help, counselling, parenting class …)."""

    __tablename__ = "children_activities"
    __table_args__ = (_one_of("kind", ACTIVITY_KINDS),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")


class Attendance(TenantMixin, Base):
    """A person (a child, or a temporary guardian at a parenting class) at an activity."""

    __tablename__ = "children_attendance"
    __table_args__ = (
        UniqueConstraint("activity_id", "person_id", name="uq_children_attendance_activity_person"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("children_activities.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey(PERSON_FK, ondelete="CASCADE"), index=True)


class Reminder(TenantMixin, Base):
    """A reminder that a pairing is overdue, to its helper or the director (one per day flagged).

    The kernel's notification outbox (``core/notify``) has not landed yet; until it does the
    reminders live here and the console shows them.
    """

    __tablename__ = "children_reminders"
    __table_args__ = (
        UniqueConstraint(
            "pairing_id", "user_id", "overdue_since", name="uq_children_reminders_once"
        ),
        _one_of("recipient", ("helper", "director"), "recipient"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("children_pairings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(16))
    overdue_since: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()
