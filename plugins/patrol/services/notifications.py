"""The notification outbox: shift reminders for members (core has no notification hook yet)."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from plugins.patrol.models import Member, Notification, Shift, Team, TeamMembership
from plugins.patrol.services._common import LOCAL_TZ, as_utc
from plugins.patrol.services.shifts import local_dt
from plugins.patrol.vocab import vocab
from tenants.models import OrgUnit


class NotificationService:
    """Write reminders into the outbox and read them back."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remind_for_day(self, day: date) -> int:
        """One reminder per active team member for each scheduled shift on ``day``; safe to repeat."""
        shifts = (
            await self.session.execute(
                select(Shift, Team.name, OrgUnit.name)
                .join(Team, Team.id == Shift.team_id)
                .join(OrgUnit, OrgUnit.id == Shift.org_id)
                .where(
                    Shift.status == "scheduled",
                    Shift.starts_at >= local_dt(day, time.min),
                    Shift.starts_at < local_dt(day + timedelta(days=1), time.min),
                )
            )
        ).all()
        template = vocab()["messages"]["shift_reminder"]
        written = 0
        for shift, team_name, place_name in shifts:
            members = (
                (
                    await self.session.execute(
                        select(Member)
                        .join(TeamMembership, TeamMembership.member_id == Member.id)
                        .where(
                            TeamMembership.team_id == shift.team_id,
                            TeamMembership.joined_on <= day,
                            (TeamMembership.left_on.is_(None)) | (TeamMembership.left_on >= day),
                        )
                        .distinct()
                    )
                )
                .scalars()
                .all()
            )
            sent = set(
                (
                    await self.session.execute(
                        select(Notification.member_id).where(
                            Notification.kind == "shift_reminder", Notification.ref == str(shift.id)
                        )
                    )
                ).scalars()
            )
            start = as_utc(shift.starts_at).astimezone(LOCAL_TZ).strftime("%H:%M")
            end = as_utc(shift.ends_at).astimezone(LOCAL_TZ).strftime("%H:%M")
            for member in members:
                if member.id in sent:
                    continue
                message = template.format(
                    start=start, end=end, team=team_name, place=place_name, route=shift.route
                )
                self.session.add(
                    Notification(
                        org_id=member.org_id,
                        member_id=member.id,
                        user_id=member.user_id,
                        kind="shift_reminder",
                        ref=str(shift.id),
                        message=message,
                    )
                )
                written += 1
        await self.session.flush()
        return written

    async def remind_tomorrow(self) -> int:
        """Reminders for tomorrow's shifts (local time)."""
        today = as_utc(utcnow()).astimezone(LOCAL_TZ).date()
        return await self.remind_for_day(today + timedelta(days=1))

    async def list(self, user_id: int | None = None, limit: int = 100) -> list[Notification]:
        """Outbox entries in scope (only one user's when given), newest first."""
        stmt = (
            select(Notification)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
        if user_id is not None:
            stmt = stmt.where(Notification.user_id == user_id)
        return list((await self.session.execute(stmt)).scalars())
