"""Check-in and check-out on shifts, and the patrol hours they add up to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Forbidden, Invalid
from plugins.patrol.models import CheckIn, Member, Shift, TeamMembership
from plugins.patrol.services._common import (
    LOCAL_TZ,
    ancestor_paths,
    as_utc,
    get_in_scope,
    kept_by_community,
)
from plugins.patrol.services._events import (
    emit_volunteer_service,
    emit_volunteer_service_reversed,
)
from plugins.patrol.services.people import masked_people
from plugins.patrol.services.shifts import local_dt
from tenants.models import OrgUnit


@dataclass
class OwnShift:
    """One of a person's own shifts today, and their check-in on it (None before arriving)."""

    shift: Shift
    member_id: int
    member_name: str
    checkin: CheckIn | None


def service_ref(checkin: CheckIn) -> str:
    """The reference under which a check-in's service is announced (new on each correction)."""
    base = f"patrol:checkin:{checkin.id}"
    return base if not checkin.revision else f"{base}:r{checkin.revision}"


# A check-in is accepted from this long before the shift starts until it ends.
EARLY_MINUTES = 60


def _only_own(member, only_user_id: int | None) -> None:
    """Refuse (403) a member other than the one linked to ``only_user_id``, when given."""
    if only_user_id is not None and member.user_id != only_user_id:
        raise Forbidden(N_("you may only check yourself in and out ({field})"), field="member_id")


class CheckInService:
    """Members arriving at and leaving their shifts."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def check_in(
        self,
        org: OrgUnit,
        *,
        shift_id: int,
        member_id: int,
        at: datetime | None = None,
        lat: float | None = None,
        lon: float | None = None,
        only_user_id: int | None = None,
    ) -> CheckIn:
        """Record a member arriving at a shift of a team they belong to.

        ``only_user_id``: the caller may check in only the member linked to that account.
        """
        shift = await get_in_scope(self.session, Shift, shift_id, "shift_id")
        member = await kept_by_community(self.session, Member, member_id, org, "member_id")
        _only_own(member, only_user_id)
        if not shift.org_path.startswith(member.org_path):
            raise Invalid(
                N_("member {member} is not of this shift's community"),
                field="member_id",
                params={"member": member_id},
            )
        at = as_utc(at or utcnow())
        local_day = at.astimezone(LOCAL_TZ).date()
        if not await self._in_team(member.id, shift.team_id, local_day, org):
            raise Invalid(
                N_("member {member} is not in the shift's team"),
                field="member_id",
                params={"member": member_id},
            )
        starts, ends = as_utc(shift.starts_at), as_utc(shift.ends_at)
        if (starts - at).total_seconds() > EARLY_MINUTES * 60 or at > ends:
            raise Invalid(
                N_("check-in is only open from an hour before the shift until its end"), field="at"
            )
        if lat is not None and not -90 <= lat <= 90:
            raise Invalid(N_("lat must be between -90 and 90"), field="lat")
        if lon is not None and not -180 <= lon <= 180:
            raise Invalid(N_("lon must be between -180 and 180"), field="lon")
        taken = await self.session.execute(
            select(CheckIn.id).where(CheckIn.shift_id == shift.id, CheckIn.member_id == member.id)
        )
        if taken.first() is not None:
            raise Conflict(
                N_("member {member} already checked in on shift {shift}"),
                field="member_id",
                params={"member": member_id, "shift": shift_id},
            )
        checkin = CheckIn(
            org_id=shift.org_id,
            shift_id=shift.id,
            member_id=member.id,
            team_id=shift.team_id,
            checked_in_at=at,
            lat=lat,
            lon=lon,
        )
        self.session.add(checkin)
        await self.session.flush()
        return checkin

    async def _in_team(self, member_id: int, team_id: int, day, org: OrgUnit) -> bool:
        # Memberships are kept by the community, above a grid-scoped request: filter by hand.

        table = TeamMembership.__table__
        stmt = (
            select(table.c.id)
            .where(
                table.c.member_id == member_id,
                table.c.team_id == team_id,
                table.c.joined_on <= day,
                (table.c.left_on.is_(None)) | (table.c.left_on >= day),
                table.c.org_path.in_(ancestor_paths(org)),
            )
            .execution_options(scoped_by_hand=True)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def check_out(
        self,
        org: OrgUnit,
        checkin_id: int,
        at: datetime | None = None,
        only_user_id: int | None = None,
    ) -> CheckIn:
        """Record the member leaving; the minutes served count and are announced to core."""
        checkin = await get_in_scope(self.session, CheckIn, checkin_id, "checkin_id")
        if only_user_id is not None:
            _only_own(
                await kept_by_community(self.session, Member, checkin.member_id, org, "member_id"),
                only_user_id,
            )
        if checkin.checked_out_at is not None:
            raise Conflict(
                N_("check-in {checkin} is already checked out"),
                field="checkin_id",
                params={"checkin": checkin_id},
            )
        at = as_utc(at or utcnow())
        arrived = as_utc(checkin.checked_in_at)
        if at < arrived:
            raise Invalid(N_("check-out is before check-in"), field="at")
        checkin.checked_out_at = at
        checkin.minutes = int((at - arrived).total_seconds() // 60)
        await self.session.flush()
        await self._announce(org, checkin)
        return checkin

    async def correct_check_out(
        self, org: OrgUnit, checkin_id: int, at: datetime, only_user_id: int | None = None
    ) -> CheckIn:
        """Correct a check-out time: the service announced before is reversed, the corrected
        one announced under a new reference (``patrol:checkin:<id>:r<revision>``)."""
        checkin = await get_in_scope(self.session, CheckIn, checkin_id, "checkin_id")
        if only_user_id is not None:
            _only_own(
                await kept_by_community(self.session, Member, checkin.member_id, org, "member_id"),
                only_user_id,
            )
        if checkin.checked_out_at is None:
            raise Conflict(
                N_("check-in {checkin} is not checked out yet"),
                field="checkin_id",
                params={"checkin": checkin_id},
            )
        at = as_utc(at)
        arrived = as_utc(checkin.checked_in_at)
        if at < arrived:
            raise Invalid(N_("check-out is before check-in"), field="at")
        await emit_volunteer_service_reversed(self.session, org, ref=service_ref(checkin))
        checkin.checked_out_at = at
        checkin.minutes = int((at - arrived).total_seconds() // 60)
        checkin.revision = (checkin.revision or 0) + 1
        await self.session.flush()
        await self._announce(org, checkin)
        return checkin

    async def _announce(self, org: OrgUnit, checkin: CheckIn) -> None:
        member = await kept_by_community(self.session, Member, checkin.member_id, org, "member_id")
        name, _phone = (await masked_people(self.session, [member])).get(member.person_id, ("", ""))
        await emit_volunteer_service(
            self.session,
            org,
            person_name=name,
            user_id=member.user_id,
            hours=round(checkin.minutes / 60, 2),
            ref=service_ref(checkin),
            person_id=member.person_id,
        )

    async def own_shifts(self, org: OrgUnit, user_id: int, day: date) -> list[OwnShift]:
        """The shifts on local ``day`` of the member(s) linked to ``user_id``, with their check-ins."""
        # Members are kept by the community, possibly above the request's scope: filter by hand.
        members = Member.__table__
        found_rows = (
            await self.session.execute(
                select(members.c.id, members.c.person_id, members.c.org_path)
                .where(members.c.user_id == user_id, members.c.org_path.in_(ancestor_paths(org)))
                .execution_options(scoped_by_hand=True)
            )
        ).all()
        names = await masked_people(self.session, found_rows)
        start, end = local_dt(day, time.min), local_dt(day + timedelta(days=1), time.min)
        out = []
        for member_id, person_id, _path in found_rows:
            name = names.get(person_id, ("", ""))[0]
            teams = TeamMembership.__table__
            team_ids = (
                (
                    await self.session.execute(
                        select(teams.c.team_id)
                        .where(
                            teams.c.member_id == member_id,
                            teams.c.joined_on <= day,
                            (teams.c.left_on.is_(None)) | (teams.c.left_on >= day),
                            teams.c.org_path.in_(ancestor_paths(org)),
                        )
                        .execution_options(scoped_by_hand=True)
                    )
                )
                .scalars()
                .all()
            )
            if not team_ids:
                continue
            shifts = (
                await self.session.execute(
                    select(Shift, CheckIn)
                    .outerjoin(
                        CheckIn, (CheckIn.shift_id == Shift.id) & (CheckIn.member_id == member_id)
                    )
                    .where(Shift.team_id.in_(team_ids), Shift.starts_at >= start)
                    .where(Shift.starts_at < end)
                    .order_by(Shift.starts_at, Shift.id)
                )
            ).all()
            out.extend(OwnShift(shift, member_id, name, checkin) for shift, checkin in shifts)
        return out

    async def list(
        self, shift_id: int | None = None, member_id: int | None = None
    ) -> list[CheckIn]:
        """Check-ins in scope, newest first."""
        stmt = select(CheckIn).order_by(CheckIn.checked_in_at.desc(), CheckIn.id.desc())
        if shift_id is not None:
            stmt = stmt.where(CheckIn.shift_id == shift_id)
        if member_id is not None:
            stmt = stmt.where(CheckIn.member_id == member_id)
        return list((await self.session.execute(stmt)).scalars())
