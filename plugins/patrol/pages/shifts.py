"""The shifts page: the roster of the coming days, the weekly schedules and the forms that plan them."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy import select

from core.context import RequestContext
from core.web.render import page
from plugins.patrol.pages._forms import (
    FormData,
    clock,
    day,
    integer,
    labels,
    local_datetime,
    submit,
    text,
    today,
)
from plugins.patrol.services import ShiftService, TeamService
from plugins.patrol.services.shifts import MAX_ROSTER_DAYS
from plugins.patrol.vocab import vocab
from tenants.models import OrgUnit

# How far ahead the roster table looks; the roster form offers the same by default.
ROSTER_DAYS = 14


@get("/shifts", name="patrol.shifts")
async def shifts_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Upcoming shifts by start time, the weekly schedules, and forms to plan more."""
    org = await ctx.enter_org(org_id, "patrol:shift", "read")
    service = ShiftService(ctx.session)
    first = today()
    teams = await TeamService(ctx.session).list(org)
    grids = (
        await ctx.session.execute(
            select(OrgUnit)
            .where(OrgUnit.path.startswith(org.path), OrgUnit.level == "grid")
            .order_by(OrgUnit.name)
        )
    ).scalars()
    places = {o.id: o.name for o in [org, *grids]}
    return await page(
        request,
        "patrol/shifts.html",
        ctx,
        org,
        shifts=await service.list(first, first + timedelta(days=ROSTER_DAYS)),
        schedules=await service.schedules(),
        teams=teams,
        team_names={t.id: t.name for t in teams},
        places=places,
        today=first.isoformat(),
        roster_days=ROSTER_DAYS,
        max_days=MAX_ROSTER_DAYS,
        **labels(ctx, org),
    )


@post("/shifts", name="patrol.shifts.post")
async def shifts_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """``action`` shift: plan one shift; schedule: a weekly one; roster: make the next N days."""

    async def work() -> str | None:
        org = await ctx.enter_org(org_id, "patrol:shift", "create")
        service = ShiftService(ctx.session)
        action = data.get("action") or "shift"
        if action == "roster":
            days = integer(data, "days", minimum=1, maximum=MAX_ROSTER_DAYS)
            first = today()
            made = await service.generate_roster(first, first + timedelta(days=days - 1))
            return vocab()["pages"]["roster_made"].format(count=len(made))
        grid_id = integer(data, "grid_id", required=False)
        grid_id = None if grid_id == org.id else grid_id
        common = dict(
            team_id=integer(data, "team_id"),
            route=text(data, "route", 5000),
            grid_id=grid_id,
        )
        if action == "schedule":
            await service.create_schedule(
                org,
                weekday=integer(data, "weekday", minimum=0),
                start_time=clock(data, "start_time"),
                end_time=clock(data, "end_time"),
                active_from=day(data, "active_from"),
                active_until=day(data, "active_until", required=False),
                **common,
            )
            return None
        await service.create(
            org,
            starts_at=local_datetime(data, "starts_at"),
            ends_at=local_datetime(data, "ends_at"),
            **common,
        )
        return None

    return await submit(request, ctx, data, f"/orgs/{org_id}/patrol/shifts", work)


PAGES = [shifts_page, shifts_post]
