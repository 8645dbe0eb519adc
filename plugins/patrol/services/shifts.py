"""Shifts, weekly schedules, the roster built from them, and missed-shift detection."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Invalid
from plugins.patrol.models import CheckIn, Shift, ShiftSchedule, Team
from plugins.patrol.services._common import LOCAL_TZ, as_utc, get_in_scope, kept_by_community, place
from tenants.models import OrgUnit

MAX_ROSTER_DAYS = 92


def local_dt(day: date, at: time) -> datetime:
    """A local wall-clock time on a day, as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(UTC)


class ShiftService:
    """Plan shifts one by one or weekly, and settle them once they are over."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _team_for(self, org: OrgUnit, owner: OrgUnit, team_id: int):
        team = await kept_by_community(self.session, Team, team_id, owner, "team_id")
        if not owner.path.startswith(team.org_path):
            raise Invalid(
                N_("team {team} does not patrol {org}"),
                field="team_id",
                params={"team": team_id, "org": owner.name},
            )
        return team

    async def create(
        self,
        org: OrgUnit,
        *,
        team_id: int,
        starts_at: datetime,
        ends_at: datetime,
        route: str = "",
        grid_id: int | None = None,
    ) -> Shift:
        """Plan one shift of a team, at a grid of ``org`` or at ``org`` itself."""
        owner = await place(self.session, org, grid_id)
        await self._team_for(org, owner, team_id)
        starts_at, ends_at = as_utc(starts_at), as_utc(ends_at)
        if ends_at <= starts_at:
            raise Invalid(N_("ends_at must be after starts_at"), field="ends_at")
        shift = Shift(
            org_id=owner.id, team_id=team_id, starts_at=starts_at, ends_at=ends_at, route=route
        )
        self.session.add(shift)
        await self.session.flush()
        return shift

    async def get(self, shift_id: int) -> Shift:
        """A shift in scope, or 404 naming ``shift_id``."""
        return await get_in_scope(self.session, Shift, shift_id, "shift_id")

    async def list(
        self, start: date | None = None, end: date | None = None, team_id: int | None = None
    ) -> list[Shift]:
        """Shifts in scope starting on local days ``start``..``end`` (inclusive), by time."""
        stmt = select(Shift).order_by(Shift.starts_at, Shift.id)
        if start is not None:
            stmt = stmt.where(Shift.starts_at >= local_dt(start, time.min))
        if end is not None:
            stmt = stmt.where(Shift.starts_at < local_dt(end + timedelta(days=1), time.min))
        if team_id is not None:
            stmt = stmt.where(Shift.team_id == team_id)
        return list((await self.session.execute(stmt)).scalars())

    async def create_schedule(
        self,
        org: OrgUnit,
        *,
        team_id: int,
        weekday: int,
        start_time: time,
        end_time: time,
        active_from: date,
        active_until: date | None = None,
        route: str = "",
        grid_id: int | None = None,
    ) -> ShiftSchedule:
        """Plan a shift that repeats every week on ``weekday`` (0 = Monday)."""
        owner = await place(self.session, org, grid_id)
        await self._team_for(org, owner, team_id)
        if not 0 <= weekday <= 6:
            raise Invalid(N_("weekday must be 0 (Monday) to 6 (Sunday)"), field="weekday")
        if end_time <= start_time:
            raise Invalid(
                N_("end_time must be after start_time (no shifts across midnight)"),
                field="end_time",
            )
        if active_until is not None and active_until < active_from:
            raise Invalid(N_("active_until is before active_from"), field="active_until")
        schedule = ShiftSchedule(
            org_id=owner.id,
            team_id=team_id,
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
            route=route,
            active_from=active_from,
            active_until=active_until,
        )
        self.session.add(schedule)
        await self.session.flush()
        return schedule

    async def schedules(self) -> list[ShiftSchedule]:
        """Weekly schedules in scope."""
        stmt = select(ShiftSchedule).order_by(
            ShiftSchedule.weekday, ShiftSchedule.start_time, ShiftSchedule.id
        )
        return list((await self.session.execute(stmt)).scalars())

    async def generate_roster(self, start: date, end: date) -> list[Shift]:
        """Create the shifts the schedules in scope call for on ``start``..``end``; safe to repeat."""
        if end < start:
            raise Invalid(N_("end is before start"), field="end")
        if (end - start).days >= MAX_ROSTER_DAYS:
            raise Invalid(
                N_("a roster covers at most {days} days"),
                field="end",
                params={"days": MAX_ROSTER_DAYS},
            )
        made = []
        for schedule in await self.schedules():
            stmt = select(Shift.starts_at).where(Shift.schedule_id == schedule.id)
            have = {as_utc(s) for s in (await self.session.execute(stmt)).scalars()}
            day = start
            while day <= end:
                active = schedule.active_from <= day and (
                    schedule.active_until is None or day <= schedule.active_until
                )
                if active and day.weekday() == schedule.weekday:
                    starts_at = local_dt(day, schedule.start_time)
                    if starts_at not in have:
                        shift = Shift(
                            org_id=schedule.org_id,
                            team_id=schedule.team_id,
                            schedule_id=schedule.id,
                            starts_at=starts_at,
                            ends_at=local_dt(day, schedule.end_time),
                            route=schedule.route,
                        )
                        self.session.add(shift)
                        made.append(shift)
                day += timedelta(days=1)
        await self.session.flush()
        return made

    async def settle(self, now: datetime | None = None) -> dict[str, int]:
        """Mark every finished, unsettled shift in scope done (someone came) or missed (nobody did)."""
        now = as_utc(now or utcnow())
        attended = exists().where(CheckIn.shift_id == Shift.id)
        stmt = select(Shift, attended).where(Shift.status == "scheduled", Shift.ends_at < now)
        counts = {"done": 0, "missed": 0}
        for shift, came in (await self.session.execute(stmt)).all():
            shift.status = "done" if came else "missed"
            counts[shift.status] += 1
        await self.session.flush()
        return counts
