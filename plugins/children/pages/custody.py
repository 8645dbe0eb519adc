"""The migrant home's custody desk and activities pages, and the figures page of any subtree."""

from __future__ import annotations

from datetime import timedelta

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.web.render import page
from plugins.children.access import enter_home, viewer_at
from plugins.children.pages._forms import FormData, day, integer, labels, submit, text, today
from plugins.children.schemas import ref
from plugins.children.services import (
    ActivityService,
    ChildService,
    CustodyService,
    StatsService,
    persons_by_id,
)
from plugins.children.services.stats import day_start


@get("/custody", name="children.custody")
async def custody_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Today's stays, with sign-out forms, and the sign-in form (children masked)."""
    org, viewer = await enter_home(ctx, org_id, "children:custody", "read")
    first = today()
    stays = await CustodyService(ctx.session).stays(
        day_start(first), day_start(first + timedelta(days=1))
    )
    children = await ChildService(ctx.session).listing(viewer)
    people = await persons_by_id(ctx.session, [c.person_id for _s, c in stays])
    return await page(
        request,
        "children/custody.html",
        ctx,
        org,
        stays=[(st, ref(people.get(c.person_id))) for st, c in stays],
        children=[(c, ref(p)) for c, p in children],
        **labels(ctx, org),
    )


@post("/custody", name="children.custody.post")
async def custody_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Sign a child in, or (with ``custody_id``) out to the guardian or a named person."""

    async def work() -> None:
        service = CustodyService(ctx.session)
        if data.get("custody_id"):
            await enter_home(ctx, org_id, "children:custody", "update")
            await service.sign_out(
                integer(data, "custody_id"), integer(data, "collected_by_person_id"), ctx.user.id
            )
            return
        org, _viewer = await enter_home(ctx, org_id, "children:custody", "create")
        child = await ChildService(ctx.session).get(integer(data, "child_id"))
        await service.sign_in(
            org, child, integer(data, "dropped_by_person_id", required=False), ctx.user.id
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/children/custody", work)


@get("/activities", name="children.activities")
async def activities_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """This year's activities with attendance counts, and the form to add one."""
    org, _viewer = await enter_home(ctx, org_id, "children:activity", "read")
    last = today()
    rows = await ActivityService(ctx.session).listing(last.replace(month=1, day=1), last)
    return await page(
        request,
        "children/activities.html",
        ctx,
        org,
        activities=rows,
        today=last.isoformat(),
        **labels(ctx, org),
    )


@post("/activities", name="children.activities.post")
async def activities_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Add an activity, or (with ``activity_id``) mark a person present."""

    async def work() -> None:
        service = ActivityService(ctx.session)
        if data.get("activity_id"):
            org, _viewer = await enter_home(ctx, org_id, "children:activity", "update")
            await service.attend(
                org, await service.get(integer(data, "activity_id")), [integer(data, "person_id")]
            )
            return
        org, _viewer = await enter_home(ctx, org_id, "children:activity", "create")
        await service.create(
            org,
            kind=text(data, "kind", 16, required=True),
            title=text(data, "title", 200, required=True),
            held_on=day(data, "held_on"),
            place=text(data, "place", 200),
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/children/activities", work)


@get("/figures", name="children.figures", opt={"module_scope": "subtree"})
async def figures_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Counts of the subtree: exact for the community's own staff, "<5" for small ones above."""
    org = await ctx.enter_org(org_id, "children:stats", "read")
    last = today()
    exact = org.level == "community" and viewer_at(ctx, org).staff
    figures = await StatsService(ctx.session).figures(
        last, last.replace(month=1, day=1), last, exact
    )
    return await page(request, "children/figures.html", ctx, org, f=figures, **labels(ctx, org))


PAGES = [custody_page, custody_post, activities_page, activities_post, figures_page]
