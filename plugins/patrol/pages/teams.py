"""The teams page (the seven colours and local teams) and the members page with team history."""

from __future__ import annotations

import re

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.paging import page_number
from core.errors import N_, Invalid
from core.users.models import User
from core.users.services import UserService
from core.web.render import page
from plugins.patrol.pages._forms import FormData, day, integer, labels, submit, text, today
from plugins.patrol.services import MemberService, TeamService
from tenants.models import OrgUnit


PHONE = re.compile(r"[0-9+\- ]{3,32}")


async def _accounts(ctx: RequestContext, org: OrgUnit) -> list[User]:
    """The accounts a member may be linked to: people holding a role at the org or below."""
    seen: dict[int, User] = {}
    for _assignment, user in await UserService(ctx.session).members(org):
        seen.setdefault(user.id, user)
    return sorted(seen.values(), key=lambda u: u.username)


@get("/teams", name="patrol.teams")
async def teams_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The teams of the org, the seven colours first, with forms to rename and add."""
    org = await ctx.enter_org(org_id, "patrol:team", "read")
    teams = await TeamService(ctx.session).list(org)
    return await page(request, "patrol/teams.html", ctx, org, teams=teams, **labels(ctx, org))


@post("/teams", name="patrol.teams.post")
async def teams_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Add a local team under one of the seven colours, or (with ``team_id``) rename one."""

    async def work() -> None:
        if data.get("team_id"):
            await ctx.enter_org(org_id, "patrol:team", "update")
            await TeamService(ctx.session).update(
                integer(data, "team_id"),
                name=text(data, "name", 100, required=True),
                description=text(data, "description", 5000),
            )
            return
        org = await ctx.enter_org(org_id, "patrol:team", "create")
        team = await TeamService(ctx.session).create(
            org,
            colour=text(data, "colour", 16, required=True),
            name=text(data, "name", 100, required=True),
            description=text(data, "description", 5000),
        )
        await ctx.audit("patrol.team.create", org, "patrol:team", str(team.id), {"name": team.name})

    return await submit(request, ctx, data, f"/orgs/{org_id}/patrol/teams", work)


@get("/members", name="patrol.members")
async def members_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Members with their current teams; forms to add one and to move people in and out of teams."""
    org = await ctx.enter_org(org_id, "patrol:member", "read")
    service = MemberService(ctx.session)
    found = await service.page(page_number(request.query_params.get("page")))
    members = found.items
    teams = await TeamService(ctx.session).list(org) if ctx.can(org, "patrol:team", "read") else []
    accounts = await _accounts(ctx, org) if ctx.can(org, "core:user", "read") else []
    return await page(
        request,
        "patrol/members.html",
        ctx,
        org,
        members=members,
        pager=found,
        current=await service.current_teams([m.id for m in members]),
        teams=teams,
        team_names={t.id: t.name for t in teams},
        accounts=accounts,
        today=today().isoformat(),
        **labels(ctx, org),
    )


@post("/members", name="patrol.members.post")
async def members_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Register a member; or, with ``member_id`` and ``action`` join/leave, change their teams."""

    async def work() -> None:
        service = MemberService(ctx.session)
        action = data.get("action") or "create"
        if action in ("join", "leave"):
            await ctx.enter_org(org_id, "patrol:member", "update")
            member_id, team_id = integer(data, "member_id"), integer(data, "team_id")
            on = day(data, "on")
            if action == "join":
                await service.join(member_id, team_id, on)
            else:
                await service.leave(member_id, team_id, on)
            return
        org = await ctx.enter_org(org_id, "patrol:member", "create")
        phone = text(data, "phone", 32) or None
        if phone is not None and not PHONE.fullmatch(phone):
            raise Invalid(N_("{field} may hold only digits, spaces, + and -"), field="phone")
        user_id = integer(data, "user_id", required=False)
        if user_id is not None and user_id not in {u.id for u in await _accounts(ctx, org)}:
            raise Invalid(
                N_("account {user} holds no role here ({field})"),
                field="user_id",
                params={"user": user_id},
            )
        await service.create(
            org,
            person_id=integer(data, "person_id", required=False),
            name=text(data, "name", 100) or None,
            kind=text(data, "kind", 24, required=True),
            phone=phone,
            user_id=user_id,
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/patrol/members", work)


PAGES = [teams_page, teams_post, members_page, members_post]
