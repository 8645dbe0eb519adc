"""Tables of the love supermarket; every one is tenant-owned and kept by a community.

Two ledgers, both append-only: stock moves (donated in, issued, written off, adjusted) per
item, and the points ledger in double entry — each transaction posts entries that sum to
zero across a person's account and a system account (volunteering, awards, goods, expiry).
No balance column exists: a balance is the sum of an account's entries. ``Item.on_hand`` is
a counter kept under the item's row lock and checked against the moves by reconciliation.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, TimestampMixin, utcnow
from plugins.supermarket.vocab import (
    AWARD_STATUSES,
    CATEGORIES,
    CONDITIONS,
    DONOR_KINDS,
    MOVE_KINDS,
    REQUEST_STATUSES,
    TXN_KINDS,
    WISH_STATUSES,
)
from tenants.scoping import TenantMixin

PERSON_FK = "people_persons.id"


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


class Item(TimestampMixin, TenantMixin, Base):
    """A kind of goods on the shelves, its price in points and its stock counter."""

    __tablename__ = "supermarket_items"
    __table_args__ = (
        _one_of("category", CATEGORIES),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("points >= 0", name="points_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(24))
    condition: Mapped[str] = mapped_column(String(16), default="good")
    points: Mapped[int] = mapped_column(Integer, default=0)
    # May be issued free to households with a qualifying tag, within their quota.
    free_eligible: Mapped[bool] = mapped_column(Boolean, default=True)
    estimated_value: Mapped[int] = mapped_column(Integer, default=0)  # yuan per piece
    on_hand: Mapped[int] = mapped_column(Integer, default=0)


class Donation(TenantMixin, Base):
    """Goods received: from a person, a unit or anonymously (捐赠登记)."""

    __tablename__ = "supermarket_donations"
    __table_args__ = (
        _one_of("donor_kind", DONOR_KINDS),
        _one_of("condition", CONDITIONS),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_supermarket_donations_path_on", "org_path", "received_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("supermarket_items.id", ondelete="RESTRICT"), index=True
    )
    donor_kind: Mapped[str] = mapped_column(String(16))
    donor_person_id: Mapped[int | None] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True
    )
    donor_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_units.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    condition: Mapped[str] = mapped_column(String(16), default="good")
    estimated_value: Mapped[int] = mapped_column(Integer, default=0)  # yuan, the whole gift
    note: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(255))
    received_on: Mapped[date] = mapped_column(Date)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StockMove(TenantMixin, Base):
    """One stock movement (signed quantity); the stock of an item is the sum of its moves."""

    __tablename__ = "supermarket_stock_moves"
    __table_args__ = (
        _one_of("kind", MOVE_KINDS),
        CheckConstraint("quantity <> 0", name="quantity_not_zero"),
        Index("ix_supermarket_stock_moves_path_at", "org_path", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("supermarket_items.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(Integer)
    donation_id: Mapped[int | None] = mapped_column(
        ForeignKey("supermarket_donations.id", ondelete="RESTRICT")
    )
    redemption_id: Mapped[int | None] = mapped_column(
        ForeignKey("supermarket_redemptions.id", ondelete="RESTRICT")
    )
    reason: Mapped[str] = mapped_column(String(200), default="")
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Account(TenantMixin, Base):
    """A points account: one per person per community, plus the community's system accounts.

    ``key`` is ``person:<id>`` or ``system:<kind>``; the row is also the lock a redemption
    takes (``SELECT … FOR UPDATE``) so one account is never spent twice at once.
    """

    __tablename__ = "supermarket_accounts"
    __table_args__ = (UniqueConstraint("org_id", "key", name="uq_supermarket_accounts_org_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Txn(TenantMixin, Base):
    """One points movement: who, when, why and a reference; its entries sum to zero.

    ``(org_id, kind, source, ref)`` is unique, so a volunteer service is credited once and
    reversed once however often its event arrives.
    """

    __tablename__ = "supermarket_txns"
    __table_args__ = (
        _one_of("kind", TXN_KINDS),
        CheckConstraint("points > 0", name="points_positive"),
        UniqueConstraint("org_id", "kind", "source", "ref", name="uq_supermarket_txns_source_ref"),
        # What the entries' (txn_id, at) refer to, so an entry's time is its transaction's.
        Index("uq_supermarket_txns_id_at", "id", "at", unique=True),
        Index("ix_supermarket_txns_path_at", "org_path", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True
    )
    source: Mapped[str | None] = mapped_column(String(32))
    ref: Mapped[str | None] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(200), default="")
    hours: Mapped[float | None] = mapped_column()
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("supermarket_txns.id", ondelete="RESTRICT"), unique=True
    )
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Entry(TenantMixin, Base):
    """One side of a transaction on one account (signed points).

    ``at`` is the transaction's own time, copied when the entry is written, so reconciliation
    and expiry aggregate the entries without joining every one to its transaction. A foreign
    key on ``(txn_id, at)`` keeps the copy equal to the transaction's time (an update of the
    transaction's time cascades), so it cannot drift.
    """

    __tablename__ = "supermarket_entries"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        ForeignKeyConstraint(
            ["txn_id", "at"],
            ["supermarket_txns.id", "supermarket_txns.at"],
            name="fk_supermarket_entries_txn_at",
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        Index("ix_supermarket_entries_path_at", "org_path", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    txn_id: Mapped[int] = mapped_column(
        ForeignKey("supermarket_txns.id", ondelete="RESTRICT"), index=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("supermarket_accounts.id", ondelete="RESTRICT"), index=True
    )
    amount: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Award(TenantMixin, Base):
    """Points a staff member awards; above the threshold it waits for a second staff member."""

    __tablename__ = "supermarket_awards"
    __table_args__ = (
        _one_of("status", AWARD_STATUSES),
        CheckConstraint("points > 0", name="points_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True)
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    txn_id: Mapped[int | None] = mapped_column(
        ForeignKey("supermarket_txns.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()


class Redemption(TenantMixin, Base):
    """Goods out: paid in points, or free within a qualifying household's quota (a receipt)."""

    __tablename__ = "supermarket_redemptions"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_supermarket_redemptions_path_at", "org_path", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True)
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_households.id", ondelete="SET NULL"), index=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("supermarket_items.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer, default=0)
    free: Mapped[bool] = mapped_column(Boolean, default=False)
    txn_id: Mapped[int | None] = mapped_column(
        ForeignKey("supermarket_txns.id", ondelete="RESTRICT")
    )
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SkillService(TimestampMixin, TenantMixin, Base):
    """A skill a party member or volunteer offers for free (appliance repair, health checks …)."""

    __tablename__ = "supermarket_skill_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_person_id: Mapped[int] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceRequest(TimestampMixin, TenantMixin, Base):
    """A resident's request for a skill service, and its completion."""

    __tablename__ = "supermarket_service_requests"
    __table_args__ = (_one_of("status", REQUEST_STATUSES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("supermarket_skill_services.id", ondelete="RESTRICT"), index=True
    )
    requester_person_id: Mapped[int] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="requested")
    note: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")


class Wish(TimestampMixin, TenantMixin, Base):
    """A small wish (微心愿) on the board: posted, claimed by a person or unit, fulfilled."""

    __tablename__ = "supermarket_wishes"
    __table_args__ = (_one_of("status", WISH_STATUSES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(32), default="")  # e.g. 民情连心卡
    status: Mapped[str] = mapped_column(String(16), default="open")
    claimed_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey(PERSON_FK, ondelete="RESTRICT"), index=True
    )
    claimed_by_unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_units.id", ondelete="RESTRICT"), index=True
    )
    claimed_on: Mapped[date | None] = mapped_column(Date)
    fulfilled_on: Mapped[date | None] = mapped_column(Date)
    fulfilment_note: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(255))
