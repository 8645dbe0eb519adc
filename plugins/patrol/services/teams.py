"""Teams (the seven colours and local ones), members and their dated team memberships."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.paging import Page, paginate
from core.errors import N_, Conflict, Invalid
from core.users.services import linkable_user
from plugins.patrol.models import Member, Team, TeamMembership
from plugins.patrol.services._common import get_in_scope, require_community
from plugins.patrol.services.people import dress, person_for_member
from plugins.patrol.vocab import COLOURS, MEMBER_KINDS, builtin_teams
from tenants.models import OrgUnit
from tenants.scoping import get_scope, set_scope


class TeamService:
    """The teams of a community."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def seed(self, org: OrgUnit) -> list[Team]:
        """Create the seven built-in teams that are missing at a community; safe to run twice."""
        if org.level != "community":
            return []
        if get_scope(self.session) is None:
            # The enabling request has not entered the org; seeding needs a scope to write.
            set_scope(self.session, org.path)
        stmt = select(Team.seed_key).where(Team.org_id == org.id, Team.seed_key.is_not(None))
        present = set((await self.session.execute(stmt)).scalars())
        made = []
        for spec in builtin_teams():
            if spec["colour"] in present:
                continue
            team = Team(
                org_id=org.id,
                colour=spec["colour"],
                name=spec["name_zh"],
                description=spec["members_zh"],
                is_builtin=True,
                seed_key=spec["colour"],
            )
            self.session.add(team)
            made.append(team)
        await self.session.flush()
        return made

    async def seed_subtree(self, org: OrgUnit) -> int:
        """Seed every community at or below ``org`` (a street switches on for all of them)."""
        if get_scope(self.session) is None:
            set_scope(self.session, org.path)
        if org.level == "community":
            return len(await self.seed(org))
        stmt = select(OrgUnit).where(
            OrgUnit.path.startswith(org.path), OrgUnit.level == "community"
        )
        made = 0
        for community in (await self.session.execute(stmt)).scalars().all():
            made += len(await self.seed(community))
        return made

    async def list(self, org: OrgUnit) -> list[Team]:
        """Teams in the org's subtree, built-in colours first in their traditional order."""
        rows = (
            (await self.session.execute(select(Team).order_by(Team.org_id, Team.id)))
            .scalars()
            .all()
        )
        order = {c: i for i, c in enumerate(COLOURS)}
        return sorted(rows, key=lambda t: (t.org_id, not t.is_builtin, order[t.colour], t.id))

    async def get(self, team_id: int) -> Team:
        """A team in scope, or 404 naming ``team_id``."""
        return await get_in_scope(self.session, Team, team_id, "team_id")

    async def create(self, org: OrgUnit, *, colour: str, name: str, description: str = "") -> Team:
        """Add a local team under one of the seven colours."""
        require_community(org, "teams")
        if colour not in COLOURS:
            raise Invalid(
                N_("{field} must be one of {expected}"),
                field="colour",
                params={"expected": ", ".join(COLOURS)},
            )
        team = Team(
            org_id=org.id, colour=colour, name=name, description=description, is_builtin=False
        )
        self.session.add(team)
        await self.session.flush()
        return team

    async def update(
        self, team_id: int, *, name: str | None = None, description: str | None = None
    ) -> Team:
        """Rename or describe a team; its colour never changes."""
        team = await self.get(team_id)
        if name is not None:
            team.name = name
        if description is not None:
            team.description = description
        await self.session.flush()
        return team


class MemberService:
    """People who patrol and serve, and the teams they belong to."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, team_id: int | None = None, active_on: date | None = None) -> list[Member]:
        """Members in scope, optionally only those in a team (on a day)."""
        stmt = select(Member).order_by(Member.id)
        if team_id is not None:
            stmt = stmt.join(TeamMembership, TeamMembership.member_id == Member.id).where(
                TeamMembership.team_id == team_id
            )
            if active_on is not None:
                stmt = stmt.where(
                    TeamMembership.joined_on <= active_on,
                    (TeamMembership.left_on.is_(None)) | (TeamMembership.left_on > active_on),
                )
            stmt = stmt.distinct()
        return await dress(self.session, list((await self.session.execute(stmt)).scalars()))

    async def get(self, member_id: int) -> Member:
        """A member in scope, or 404 naming ``member_id``."""
        return await get_in_scope(self.session, Member, member_id, "member_id")

    async def create(
        self,
        org: OrgUnit,
        *,
        kind: str,
        name: str | None = None,
        phone: str | None = None,
        user_id: int | None = None,
        person_id: int | None = None,
    ) -> Member:
        """Register a member at a community: a person of the register, named by ``person_id``
        or found by phone or registered from ``name`` and ``phone``."""
        require_community(org, "members")
        if kind not in MEMBER_KINDS:
            raise Invalid(
                N_("{field} must be one of {expected}"),
                field="kind",
                params={"expected": ", ".join(MEMBER_KINDS)},
            )
        person = await person_for_member(
            self.session, org, person_id=person_id, name=name, phone=phone
        )
        taken = await self.session.execute(
            select(Member.id).where(Member.org_id == org.id, Member.person_id == person.id)
        )
        if taken.first() is not None:
            raise Conflict(
                N_("person {person} is already a member here"),
                field="person_id",
                params={"person": person.id},
            )
        if user_id is not None:
            await linkable_user(self.session, org, user_id)
        member = Member(org_id=org.id, person_id=person.id, kind=kind, user_id=user_id)
        self.session.add(member)
        await self.session.flush()
        return (await dress(self.session, [member]))[0]

    async def update(self, member_id: int, **changes) -> Member:
        """Change a member's kind or linked user (name and phone belong to the register)."""
        member = await self.get(member_id)
        if "kind" in changes and changes["kind"] not in MEMBER_KINDS:
            raise Invalid(
                N_("{field} must be one of {expected}"),
                field="kind",
                params={"expected": ", ".join(MEMBER_KINDS)},
            )
        if changes.get("user_id") is not None:
            org = await self.session.get(OrgUnit, member.org_id)
            await linkable_user(self.session, org, changes["user_id"])
        for key, value in changes.items():
            setattr(member, key, value)
        await self.session.flush()
        return (await dress(self.session, [member]))[0]

    async def join(self, member_id: int, team_id: int, joined_on: date) -> TeamMembership:
        """Put a member in a team from a date; one open membership per team at a time."""
        member = await self.get(member_id)
        team = await TeamService(self.session).get(team_id)
        if team.org_id != member.org_id:
            raise Invalid(
                N_("the team and the member belong to different communities"), field="team_id"
            )
        open_ = await self.session.execute(
            select(TeamMembership.id).where(
                TeamMembership.member_id == member.id,
                TeamMembership.team_id == team.id,
                TeamMembership.left_on.is_(None),
            )
        )
        if open_.first() is not None:
            raise Conflict(
                N_("member {member} is already in team {team}"),
                field="team_id",
                params={"member": member.id, "team": team.id},
            )
        membership = TeamMembership(
            org_id=member.org_id, member_id=member.id, team_id=team.id, joined_on=joined_on
        )
        self.session.add(membership)
        await self.session.flush()
        return membership

    async def leave(self, member_id: int, team_id: int, left_on: date) -> TeamMembership:
        """Close a member's open membership of a team on a date."""
        stmt = select(TeamMembership).where(
            TeamMembership.member_id == member_id,
            TeamMembership.team_id == team_id,
            TeamMembership.left_on.is_(None),
        )
        membership = (await self.session.execute(stmt)).scalar_one_or_none()
        if membership is None:
            raise Invalid(
                N_("member {member} is not in team {team}"),
                field="team_id",
                params={"member": member_id, "team": team_id},
            )
        if left_on < membership.joined_on:
            raise Invalid(N_("left_on is before joined_on"), field="left_on")
        membership.left_on = left_on
        await self.session.flush()
        return membership

    async def page(self, number: int) -> Page:
        """One page of the members in scope, in the order they joined the register, each
        dressed with their person's masked name and phone like :meth:`list`."""
        found = await paginate(self.session, select(Member).order_by(Member.id), number)
        found.items = await dress(self.session, found.items)
        return found

    async def current_teams(self, member_ids: list[int] | None = None) -> dict[int, list[TeamMembership]]:
        """Every open team membership in scope (of ``member_ids`` only, when given), by member id."""
        stmt = (
            select(TeamMembership)
            .where(TeamMembership.left_on.is_(None))
            .order_by(TeamMembership.member_id, TeamMembership.joined_on, TeamMembership.id)
        )
        if member_ids is not None:
            stmt = stmt.where(TeamMembership.member_id.in_(member_ids))
        out: dict[int, list[TeamMembership]] = {}
        for membership in (await self.session.execute(stmt)).scalars():
            out.setdefault(membership.member_id, []).append(membership)
        return out

    async def memberships(self, member_id: int) -> list[TeamMembership]:
        """A member's team history, oldest first."""
        stmt = (
            select(TeamMembership)
            .where(TeamMembership.member_id == member_id)
            .order_by(TeamMembership.joined_on, TeamMembership.id)
        )
        return list((await self.session.execute(stmt)).scalars())
