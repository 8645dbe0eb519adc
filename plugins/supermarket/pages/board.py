"""The wish board (微心愿) and the skill services, on one page."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.web.render import page
from plugins.supermarket.pages._forms import FormData, integer, labels, submit, text
from plugins.supermarket.services import SkillServices, WishBoard, masked_names, unit_names


@get("/board", name="supermarket.board")
async def board_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Wishes (open, claimed, fulfilled) and skills on offer with their requests."""
    org = await ctx.enter_org(org_id, "supermarket:wish", "read")
    wishes = await WishBoard(ctx.session).list()
    services, requests = [], []
    if ctx.can(org, "supermarket:service", "read"):
        skills = SkillServices(ctx.session)
        services, requests = await skills.list(), await skills.requests()
    ids = [w.person_id for w in wishes] + [w.claimed_by_person_id for w in wishes]
    ids += [s.provider_person_id for s in services] + [r.requester_person_id for r in requests]
    return await page(
        request,
        "supermarket/board.html",
        ctx,
        org,
        wishes=wishes,
        services=services,
        requests=requests,
        service_titles={s.id: s.title for s in services},
        names=await masked_names(ctx.session, ids),
        units=await unit_names(ctx.session, [w.claimed_by_unit_id for w in wishes]),
        **labels(ctx, org),
    )


@post("/board", name="supermarket.board.post")
async def board_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """``action``: wish, claim, fulfil, offer, request or done."""

    async def work() -> None:
        action = data.get("action") or "wish"
        board, skills = WishBoard(ctx.session), SkillServices(ctx.session)
        if action == "wish":
            org = await ctx.enter_org(org_id, "supermarket:wish", "create")
            await board.post(
                org,
                person_id=integer(data, "person_id"),
                title=text(data, "title", 100, required=True),
                description=text(data, "description", 5000),
                source=text(data, "source", 32),
            )
        elif action == "claim":
            await ctx.enter_org(org_id, "supermarket:wish", "update")
            await board.claim(
                integer(data, "wish_id"),
                person_id=integer(data, "person_id", required=False),
                unit_id=integer(data, "unit_id", required=False),
            )
        elif action == "fulfil":
            await ctx.enter_org(org_id, "supermarket:wish", "update")
            await board.fulfil(
                integer(data, "wish_id"), note=text(data, "note", 5000, required=True)
            )
        elif action == "offer":
            org = await ctx.enter_org(org_id, "supermarket:service", "create")
            await skills.offer(
                org,
                provider_person_id=integer(data, "provider_person_id"),
                title=text(data, "title", 100, required=True),
                description=text(data, "description", 5000),
            )
        elif action == "request":
            org = await ctx.enter_org(org_id, "supermarket:service", "create")
            await skills.request(
                org,
                integer(data, "service_id"),
                requester_person_id=integer(data, "requester_person_id"),
                note=text(data, "note", 5000),
            )
        else:
            await ctx.enter_org(org_id, "supermarket:service", "update")
            await skills.complete(
                integer(data, "request_id"), outcome=text(data, "outcome", 5000, required=True)
            )

    return await submit(request, ctx, data, f"/orgs/{org_id}/supermarket/board", work)


PAGES = [board_page, board_post]
