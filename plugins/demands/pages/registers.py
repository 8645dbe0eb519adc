"""Console pages of a community's topics (一事一答) and visit diaries (民情日志).

The JSON API had them first (``controllers.RegisterController``); these pages call the same
services, so the rules (open demands only, a diary entry becomes one demand once) are the
same in both.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.web.forms import Form, FormData, day, integer, submit, text
from core.web.render import page
from plugins.demands.pages.console import labels
from plugins.demands.services import DemandService, DiaryService, TopicService
from plugins.demands.services._common import config_of
from plugins.demands.vocab import OPEN_STATUSES


@get("/topics", name="demands.topics")
async def topics_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Topics with their demands, a form to open one from open demands, and the one answer."""
    org = await ctx.enter_org(org_id, "demands:topic", "read")
    service = TopicService(ctx.session)
    topics = [(t, await service.members(t.id)) for t in await service.list()]
    open_demands = [
        d
        for d in await DemandService(ctx.session).list(open_only=True)
        if d.status in OPEN_STATUSES
    ]
    return await page(
        request,
        "demands/topics.html",
        ctx,
        org,
        topics=topics,
        open_demands=open_demands,
        **labels(ctx, org),
    )


MultiFormData = Annotated[dict[str, str | list[str]], Form]
"""A form with repeated fields (the demands' checkboxes) kept as lists."""


def _demand_ids(data: dict[str, str | list[str]]) -> list[int]:
    raw = data.get("demand_ids") or []
    values = [raw] if isinstance(raw, str) else raw
    return [integer({"demand_ids": v}, "demand_ids") for v in values]


@post("/topics", name="demands.topics.post")
async def topics_post(
    request: Request, ctx: RequestContext, org_id: int, data: MultiFormData
) -> Redirect:
    """Open a topic, add demands to one, or answer one (``action``)."""
    fields = {k: v if isinstance(v, str) else (v[-1] if v else "") for k, v in data.items()}

    async def work() -> None:
        action = fields.get("action")
        service = TopicService(ctx.session)
        if action == "answer":
            await ctx.enter_org(org_id, "demands:topic", "update")
            await service.answer(
                integer(fields, "topic_id"),
                text(fields, "answer", 5000, required=True),
                ctx.user.id,
            )
        elif action == "add":
            await ctx.enter_org(org_id, "demands:topic", "update")
            await service.add(integer(fields, "topic_id"), _demand_ids(data), ctx.user.id)
        else:
            org = await ctx.enter_org(org_id, "demands:topic", "create")
            await service.create(
                org, text(fields, "title", 200, required=True), _demand_ids(data), ctx.user.id
            )

    return await submit(request, ctx, fields, f"/orgs/{org_id}/demands/topics", work)


@get("/diary", name="demands.diary")
async def diary_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Visit notes, a form to write one, and a form to turn a note into a demand."""
    org = await ctx.enter_org(org_id, "demands:diary", "read")
    config = await config_of(ctx.session, org) if org.level == "community" else None
    return await page(
        request,
        "demands/diary.html",
        ctx,
        org,
        entries=await DiaryService(ctx.session).list(),
        categories=config["categories"] if config else [],
        **labels(ctx, org),
    )


@post("/diary", name="demands.diary.post")
async def diary_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Write a visit note, or turn one into a demand (``action``: ``demand``)."""

    async def work() -> None:
        if data.get("action") == "demand":
            org = await ctx.enter_org(org_id, "demands:demand", "create")
            await DiaryService(ctx.session).to_demand(
                org,
                integer(data, "entry_id"),
                text(data, "category", 32, required=True),
                text(data, "content", 5000),
                ctx.user.id,
            )
        else:
            org = await ctx.enter_org(org_id, "demands:diary", "create")
            await DiaryService(ctx.session).create(
                org,
                day(data, "visited_on"),
                text(data, "note", 5000, required=True),
                ctx.user.id,
            )

    return await submit(request, ctx, data, f"/orgs/{org_id}/demands/diary", work)


PAGES = [topics_page, topics_post, diary_page, diary_post]
