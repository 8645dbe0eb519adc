"""The register of people: persons, households, units, tags and moves (tenant rows).

A person belongs to the grid they live in (or to the community while no grid is known); a
household and a unit belong to the org that registered them. ID numbers and phones are
:class:`~core.privacy.types.Encrypted` with a blind index beside them for exact lookup; names
stay searchable in the database and are masked wherever they leave it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin, utcnow
from core.privacy.types import BlindIndex, Encrypted
from tenants.scoping import TenantMixin


class Household(TimestampMixin, TenantMixin, Base):
    """A household (户): people who live at one address, one of them the head."""

    __tablename__ = "people_households"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    building: Mapped[str] = mapped_column(String(32), default="")
    unit_no: Mapped[str] = mapped_column(String(32), default="")
    room: Mapped[str] = mapped_column(String(32), default="")
    # No foreign key: households and persons refer to each other; the service keeps it true.
    head_person_id: Mapped[int | None] = mapped_column(Integer, index=True)


class Person(TimestampMixin, TenantMixin, Base):
    """One resident (or anyone the community serves); plugins refer to them by ``id``."""

    __tablename__ = "people_persons"
    __table_args__ = (
        Index("ix_people_persons_org_name", "org_path", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str] = mapped_column(String(8), default="")  # "male" | "female" | ""
    birth_date: Mapped[date | None] = mapped_column(Date)
    id_type: Mapped[str] = mapped_column(String(24), default="resident")
    id_number: Mapped[str | None] = mapped_column(Encrypted("people_persons.id_number"))
    id_number_bidx: Mapped[str | None] = mapped_column(BlindIndex(), index=True)
    phone: Mapped[str | None] = mapped_column(Encrypted("people_persons.phone"))
    phone_bidx: Mapped[str | None] = mapped_column(BlindIndex(), index=True)
    building: Mapped[str] = mapped_column(String(32), default="")
    unit_no: Mapped[str] = mapped_column(String(32), default="")
    room: Mapped[str] = mapped_column(String(32), default="")
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_households.id", ondelete="SET NULL"), index=True
    )
    relation_to_head: Mapped[str] = mapped_column(String(16), default="")
    # active | moved_away (left the platform's territory) | deceased | erased
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    left_on: Mapped[date | None] = mapped_column(Date)
    erased_at: Mapped[datetime | None] = mapped_column()
    # A staff member or helper who is also on the register (at most one person per account).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    notes: Mapped[str | None] = mapped_column(Encrypted("people_persons.notes"))


class PersonTag(TenantMixin, Base):
    """A tag from the controlled vocabulary (低保, 党员, 留守儿童 …) on a person, with its period."""

    __tablename__ = "people_person_tags"
    __table_args__ = (UniqueConstraint("person_id", "tag", name="uq_people_person_tags_person_tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people_persons.id", ondelete="CASCADE"), index=True
    )
    tag: Mapped[str] = mapped_column(String(32), index=True)
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(32), default="")  # "register" or a plugin id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PersonMove(TenantMixin, Base):
    """A move between grids or communities; the row travels with the person (history)."""

    __tablename__ = "people_person_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people_persons.id", ondelete="CASCADE"), index=True
    )
    from_org_id: Mapped[int | None] = mapped_column(Integer)
    to_org_id: Mapped[int] = mapped_column(Integer)
    moved_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    moved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Unit(TimestampMixin, TenantMixin, Base):
    """A unit in the area (驻区单位) or a co-building unit (共建单位), with its party organisation."""

    __tablename__ = "people_units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(24), default="company")
    relation: Mapped[str] = mapped_column(String(16), default="resident")  # resident | co_building
    credit_code: Mapped[str] = mapped_column(String(18), default="")  # 统一社会信用代码
    address: Mapped[str] = mapped_column(String(200), default="")
    party_org_name: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str | None] = mapped_column(Encrypted("people_units.contact_phone"))
    contact_phone_bidx: Mapped[str | None] = mapped_column(BlindIndex(), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
