"""The outbox service: write messages, deliver the due ones with retries, read an inbox."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.notify._queue import deliver_soon
from core.notify._types import INBOX, Notifier
from core.notify.models import Delivery, Notification
from tenants.models import OrgUnit
from tenants.scoping import unscoped

log = logging.getLogger("shequ.notify")

MAX_ATTEMPTS = 6
"""Attempts before a message is marked failed (the delivery log keeps every one)."""
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
BATCH = 200


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: 30 s doubling, at most an hour."""
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def notifiers_by_channel(notifiers: Iterable[Notifier]) -> dict[str, Notifier]:
    """The registered channels by name (the first registration of a name wins)."""
    out: dict[str, Notifier] = {}
    for n in notifiers:
        out.setdefault(n.channel, n)
    return out


class Outbox:
    """The notification outbox of the session's scope."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        org: OrgUnit,
        *,
        source: str,
        kind: str,
        body: str,
        subject: str = "",
        ref: str = "",
        recipient_user_id: int | None = None,
        recipient_person_id: int | None = None,
        channel: str | None = None,
        once: bool = True,
    ) -> Notification:
        """Write one message (once per source, ref, kind and recipient unless ``once`` is off).

        The delivery job picks it up after the transaction commits
        (:func:`core.notify.jobs.deliver_soon`).
        """
        key = None
        if once:
            key = f"{source}:{ref}:{kind}:{recipient_user_id or ''}:{recipient_person_id or ''}"[
                :200
            ]
            found = (
                await self.session.execute(
                    select(Notification).where(Notification.dedupe_key == key)
                )
            ).scalar_one_or_none()
            if found is not None:
                return found
        message = Notification(
            org_id=org.id,
            source=source,
            ref=ref,
            kind=kind,
            dedupe_key=key,
            recipient_user_id=recipient_user_id,
            recipient_person_id=recipient_person_id,
            channel=channel or INBOX,
            subject=subject[:200],
            body=body,
        )
        self.session.add(message)
        await self.session.flush()
        deliver_soon(self.session, org.id)
        return message

    async def about(self, source: str, ref: str) -> list[Notification]:
        """Every message a source wrote about one of its records, oldest first."""
        stmt = (
            select(Notification)
            .where(Notification.source == source, Notification.ref == ref)
            .order_by(Notification.created_at, Notification.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def deliveries(self, message_id: int) -> list[Delivery]:
        """The delivery log of one message."""
        stmt = select(Delivery).where(Delivery.message_id == message_id).order_by(Delivery.id)
        return list((await self.session.execute(stmt)).scalars())

    async def deliver_due(
        self, notifiers: Iterable[Notifier], now: datetime | None = None
    ) -> dict[str, int]:
        """Try every pending message whose time has come, once; log each attempt.

        Returns counts of ``sent``, ``retry`` (failed, tried again later) and ``failed``
        (out of attempts). Safe to run twice: a sent message is never picked again.
        """
        now = now or utcnow()
        channels = notifiers_by_channel(notifiers)
        stmt = (
            select(Notification)
            .where(Notification.status == "pending", Notification.next_attempt_at <= now)
            .order_by(Notification.id)
            .limit(BATCH)
        )
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        counts = {"sent": 0, "retry": 0, "failed": 0}
        for message in (await self.session.execute(stmt)).scalars().all():
            outcome = await self._attempt(message, channels, now)
            counts[outcome] += 1
        await self.session.flush()
        return counts

    async def _attempt(
        self, message: Notification, channels: dict[str, Notifier], now: datetime
    ) -> str:
        message.attempts += 1
        error = ""
        if message.channel != INBOX:
            notifier = channels.get(message.channel)
            if notifier is None:
                error = f"no notifier for channel {message.channel!r}"
            else:
                try:
                    async with self.session.begin_nested():
                        await notifier.deliver(self.session, message)
                except Exception as exc:  # noqa: BLE001 - any failure of a channel is a retry
                    error = f"{type(exc).__name__}: {exc}"[:500]
        self.session.add(
            Delivery(
                org_id=message.org_id,
                message_id=message.id,
                attempt=message.attempts,
                channel=message.channel,
                ok=not error,
                detail=error,
                at=now,
            )
        )
        if not error:
            message.status, message.sent_at, message.last_error = "sent", now, ""
            return "sent"
        message.last_error = error
        if message.attempts >= MAX_ATTEMPTS:
            message.status = "failed"
            log.warning("notification %s failed for good: %s", message.id, error)
            return "failed"
        message.next_attempt_at = now + backoff(message.attempts)
        return "retry"

    async def next_due(self) -> datetime | None:
        """When the earliest pending message is due (None when nothing is pending)."""
        stmt = select(func.min(Notification.next_attempt_at)).where(
            Notification.status == "pending"
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def inbox(self, user_id: int, limit: int = 100) -> list[Notification]:
        """The messages written to one user, from any org, newest first."""
        async with unscoped(self.session, "a user's own inbox, filtered by recipient below"):
            stmt = (
                select(Notification)
                .where(Notification.recipient_user_id == user_id)
                .order_by(Notification.created_at.desc(), Notification.id.desc())
                .limit(limit)
            )
            rows = list((await self.session.execute(stmt)).scalars())
            return rows

    async def mark_read(self, user_id: int, message_id: int) -> Notification | None:
        """Mark one of the user's messages read (None when it is not theirs)."""
        async with unscoped(self.session, "a user's own inbox, filtered by recipient below"):
            stmt = select(Notification).where(
                Notification.id == message_id, Notification.recipient_user_id == user_id
            )
            message = (await self.session.execute(stmt)).scalar_one_or_none()
            if message is not None and message.read_at is None:
                message.read_at = utcnow()
                await self.session.flush()
            return message
