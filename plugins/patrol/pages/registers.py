"""The community's registers as editable pages: activities, merchants, joint meetings, reminders."""

from __future__ import annotations

import re

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.paging import page_number
from core.web.render import page
from plugins.patrol.pages._forms import FormData, day, integer, labels, submit, text, today
from plugins.patrol.services import (
    ActivityService,
    MeetingService,
    MerchantService,
    NotificationService,
    TeamService,
)

# Units present at a meeting are typed one per line (or separated by commas or 、).
_UNIT_SPLIT = re.compile(r"[\n,，、;；]+")


@get("/activities", name="patrol.activities")
async def activities_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Activities with their person-times, and a form to record one."""
    org = await ctx.enter_org(org_id, "patrol:activity", "read")
    found = await ActivityService(ctx.session).page(page_number(request.query_params.get("page")))
    teams = await TeamService(ctx.session).list(org) if ctx.can(org, "patrol:team", "read") else []
    return await page(
        request,
        "patrol/activities.html",
        ctx,
        org,
        activities=found.items,
        pager=found,
        teams=teams,
        team_names={t.id: t.name for t in teams},
        today=today().isoformat(),
        **labels(ctx, org),
    )


@post("/activities", name="patrol.activities.post")
async def activities_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Record an activity and how many people took part."""

    async def work() -> None:
        org = await ctx.enter_org(org_id, "patrol:activity", "create")
        await ActivityService(ctx.session).create(
            org,
            kind=text(data, "kind", 24, required=True),
            held_on=day(data, "held_on"),
            title=text(data, "title", 200, required=True),
            participants=integer(data, "participants", minimum=0, maximum=1_000_000),
            team_id=integer(data, "team_id", required=False),
            note=text(data, "note", 5000),
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/patrol/activities", work)


@get("/merchants", name="patrol.merchants")
async def merchants_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The merchant register with each shop's verification rounds; forms to add, correct, verify."""
    org = await ctx.enter_org(org_id, "patrol:merchant", "read")
    service = MerchantService(ctx.session)
    q = (request.query_params.get("q") or "").strip()[:100]
    found = await service.page(page_number(request.query_params.get("page")), q)
    merchants = found.items
    rounds = await service.rounds_of([m.id for m in merchants])
    return await page(
        request,
        "patrol/merchants.html",
        ctx,
        org,
        merchants=merchants,
        pager=found,
        filters={"q": q},
        rounds=rounds,
        next_round={k: max((r.round for r in v), default=0) + 1 for k, v in rounds.items()},
        today=today().isoformat(),
        **labels(ctx, org),
    )


def _merchant_fields(data: dict[str, str]) -> dict:
    return {
        "door_number": text(data, "door_number", 50, required=True),
        "business_name": text(data, "business_name", 200, required=True),
        "legal_person": text(data, "legal_person", 100, required=True),
        "address": text(data, "address", 200),
        "employees": integer(data, "employees", minimum=0, maximum=1_000_000),
        "licence_no": text(data, "licence_no", 64),
    }


@post("/merchants", name="patrol.merchants.post")
async def merchants_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Register a shop; with ``merchant_id``, correct it (``action`` edit) or verify it (verify)."""

    async def work() -> None:
        service = MerchantService(ctx.session)
        if not data.get("merchant_id"):
            org = await ctx.enter_org(org_id, "patrol:merchant", "create")
            await service.create(org, **_merchant_fields(data))
            return
        await ctx.enter_org(org_id, "patrol:merchant", "update")
        merchant_id = integer(data, "merchant_id")
        if data.get("action") == "verify":
            await service.verify(
                merchant_id,
                round=integer(data, "round", minimum=1, maximum=10_000),
                verified_on=day(data, "verified_on"),
                result=text(data, "result", 16, required=True),
                by_user_id=ctx.user.id,
                note=text(data, "note", 5000),
            )
        else:
            await service.update(merchant_id, **_merchant_fields(data))

    return await submit(request, ctx, data, f"/orgs/{org_id}/patrol/merchants", work)


@get("/meetings", name="patrol.meetings")
async def meetings_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Joint meetings with co-building units, and a form to record one."""
    org = await ctx.enter_org(org_id, "patrol:meeting", "read")
    return await page(
        request,
        "patrol/meetings.html",
        ctx,
        org,
        meetings=await MeetingService(ctx.session).list(),
        today=today().isoformat(),
        **labels(ctx, org),
    )


@post("/meetings", name="patrol.meetings.post")
async def meetings_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Record a joint meeting: date, units present, topics, decisions."""

    async def work() -> None:
        org = await ctx.enter_org(org_id, "patrol:meeting", "create")
        units = [u.strip()[:200] for u in _UNIT_SPLIT.split(text(data, "units", 5000)) if u.strip()]
        await MeetingService(ctx.session).create(
            org,
            held_on=day(data, "held_on"),
            units=units,
            topics=text(data, "topics", 5000),
            decisions=text(data, "decisions", 5000),
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/patrol/meetings", work)


@get("/reminders", name="patrol.reminders")
async def reminders_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The reminder outbox (the evening job writes tomorrow's shift reminders here)."""
    org = await ctx.enter_org(org_id, "patrol:notification", "read")
    # Party members may read the outbox; they see their own reminders, staff see everyone's.
    mine = None if ctx.can(org, "patrol:member", "read") else ctx.user.id
    return await page(
        request,
        "patrol/reminders.html",
        ctx,
        org,
        notifications=await NotificationService(ctx.session).list(mine, limit=100),
        **labels(ctx, org),
    )


PAGES = [
    activities_page,
    activities_post,
    merchants_page,
    merchants_post,
    meetings_page,
    meetings_post,
    reminders_page,
]
