"""The notification outbox: one row per message to one recipient, and its delivery log.

A message is a tenant row of the org that sent it (a community tells its resident), so a
community's scope sees its own outbox and nothing of another's. A user's inbox spans the
orgs that wrote to them and is read with an explicit, named unscoped block
(``core.notify.services.Outbox.inbox``) filtered by the recipient.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from tenants.scoping import TenantMixin

STATUSES = ("pending", "sent", "failed")


class Notification(TenantMixin, Base):
    """A message to one recipient (a user, a person of the register, or both) on one channel."""

    __tablename__ = "notify_messages"
    __table_args__ = (
        # (source, ref, kind, recipient) says "this message was already written": a job that
        # runs twice, or a form posted twice, does not tell the resident twice.
        UniqueConstraint("dedupe_key", name="uq_notify_messages_dedupe_key"),
        Index("ix_notify_messages_due", "status", "next_attempt_at"),
        Index("ix_notify_messages_source_ref", "source", "ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32))  # "core" or the plugin id
    ref: Mapped[str] = mapped_column(
        String(64), default=""
    )  # the source's record, e.g. a demand id
    kind: Mapped[str] = mapped_column(String(48))  # the source's message kind, e.g. "accepted"
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    recipient_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    recipient_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people_persons.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(32), default="inbox")
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    read_at: Mapped[datetime | None] = mapped_column()


class Delivery(TenantMixin, Base):
    """One delivery attempt of a message: when, through which channel, and how it went."""

    __tablename__ = "notify_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("notify_messages.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(32))
    ok: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
