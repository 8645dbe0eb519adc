"""Report-in (报到), service posts and the volunteer team."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Invalid
from core.localtime import local_today
from core.partners import find_unit
from core.people.models import Person, Unit
from plugins.party.models import PartyMember, PartyPost
from plugins.party.services._common import get_in_scope, party_config, require_community
from tenants.models import OrgUnit


class MemberService:
    """Registrations of in-service party members at a community."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def seed_posts(self, org: OrgUnit) -> None:
        """Create the configured service posts that do not exist yet (idempotent)."""
        if org.level != "community":
            return
        config = await party_config(self.session, org)
        have = set(
            (
                await self.session.scalars(select(PartyPost.name).where(PartyPost.org_id == org.id))
            ).all()
        )
        for i, name in enumerate(config["posts"]):
            if name not in have:
                self.session.add(PartyPost(org_id=org.id, name=name, position=i))
        await self.session.flush()

    async def posts(self) -> list[PartyPost]:
        """The service posts in scope, in their order."""
        return list(
            (
                await self.session.scalars(
                    select(PartyPost).order_by(PartyPost.position, PartyPost.id)
                )
            ).all()
        )

    async def person_in_scope(self, person_id: int) -> Person:
        """A person of the register living in the scope, or 404 naming ``person_id``."""
        return await get_in_scope(self.session, Person, person_id, "person_id")

    async def unit_of_city(self, org: OrgUnit, unit_id: int) -> Unit:
        """A unit registered anywhere in ``org``'s city (employers need not be in the community)."""
        unit, _ = await find_unit(self.session, unit_id)
        city = "/" + org.path.strip("/").split("/")[0] + "/"
        if not unit.org_path.startswith(city):
            raise Invalid(
                N_("unit {unit} is not a unit of this city"),
                field="unit_id",
                params={"unit": unit_id},
            )
        return unit

    async def report_in(
        self,
        org: OrgUnit,
        *,
        person_id: int,
        unit_id: int,
        position: str,
        skills: str,
        interests: str,
    ) -> PartyMember:
        """Register a member where they live; the community confirms it later."""
        require_community(org)
        await self.person_in_scope(person_id)
        await self.unit_of_city(org, unit_id)
        taken = await self.session.scalar(
            select(PartyMember.id).where(PartyMember.person_id == person_id)
        )
        if taken is not None:
            raise Conflict(
                N_("person {person} has already reported in"),
                field="person_id",
                params={"person": person_id},
            )
        member = PartyMember(
            org_id=org.id,
            person_id=person_id,
            unit_id=unit_id,
            position=position,
            skills=skills,
            interests=interests,
            reported_on=local_today(),
        )
        self.session.add(member)
        await self.session.flush()
        return member

    async def get(self, member_id: int, field: str = "member_id") -> PartyMember:
        """A member in scope, or 404 naming the field."""
        return await get_in_scope(self.session, PartyMember, member_id, field)

    async def confirmed(self, member_id: int, field: str = "member_id") -> PartyMember:
        """A confirmed member in scope, or 409 naming the field."""
        member = await self.get(member_id, field)
        if member.status != "confirmed":
            raise Conflict(
                N_("member {member} has not been confirmed yet"),
                field=field,
                params={"member": member_id},
            )
        return member

    async def confirm(self, member_id: int, user_id: int) -> PartyMember:
        """The community confirms a report-in; the unit sees it from now on."""
        member = await self.get(member_id)
        if member.status != "confirmed":
            member.status, member.confirmed_by, member.confirmed_at = "confirmed", user_id, utcnow()
            await self.session.flush()
        return member

    async def update(
        self,
        member_id: int,
        *,
        post_id: int | None = None,
        in_team: bool | None = None,
        clear_post: bool = False,
    ) -> PartyMember:
        """Claim a service post (or give it up) and join or leave the volunteer team."""
        member = await self.confirmed(member_id)
        if post_id is not None:
            post = await get_in_scope(self.session, PartyPost, post_id, "post_id")
            if post.org_id != member.org_id:
                raise Invalid(
                    N_("post {post} is not a post of the member's community"),
                    field="post_id",
                    params={"post": post_id},
                )
            member.post_id = post.id
        elif clear_post:
            member.post_id = None
        if in_team is not None:
            member.in_team = in_team
        await self.session.flush()
        return member

    async def list(self, status: str | None = None) -> list[tuple[PartyMember, Person]]:
        """Members in scope with their persons, newest first."""
        stmt = select(PartyMember, Person).join(Person, Person.id == PartyMember.person_id)
        if status:
            stmt = stmt.where(PartyMember.status == status)
        return [
            (m, p)
            for m, p in (await self.session.execute(stmt.order_by(PartyMember.id.desc()))).all()
        ]

    async def counts(self) -> dict[str, int]:
        """Members in scope by status."""
        rows = await self.session.execute(
            select(PartyMember.status, func.count()).group_by(PartyMember.status)
        )
        return {status: n for status, n in rows.all()}


def when(value: datetime | None) -> str | None:
    """An ISO timestamp or None."""
    return value.isoformat() if value else None


async def unit_names(session: AsyncSession, unit_ids: set[int]) -> dict[int, str]:
    """Names of units by id, wherever they were registered (employers are named on members' rows)."""
    if not unit_ids:
        return {}
    from tenants.scoping import unscoped

    async with unscoped(
        session, "party shows the names of its members' employers, registered anywhere"
    ):
        rows = await session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids)))
        return {uid: name for uid, name in rows.all()}
