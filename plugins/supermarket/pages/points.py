"""The points page: awards waiting for approval, a new award, and one person's ledger."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.people import person_ref
from core.web.render import page
from plugins.supermarket.pages._forms import FormData, integer, labels, submit, text
from plugins.supermarket.services import AwardService, LedgerService, masked_names
from plugins.supermarket.services._common import person_here


@get("/points", name="supermarket.points")
async def points_page(
    request: Request, ctx: RequestContext, org_id: int, person_id: int | None = None
) -> Template:
    """Awards (pending first) and, for ``person_id``, where every point came from and went."""
    org = await ctx.enter_org(org_id, "supermarket:award", "read")
    awards = await AwardService(ctx.session).list()
    awards.sort(key=lambda a: (a.status != "pending", -a.id))
    ledger, person, balance = [], None, None
    if person_id is not None and ctx.can(org, "supermarket:ledger", "read"):
        found = await person_here(ctx.session, person_id)
        person = person_ref(found)
        service = LedgerService(ctx.session)
        ledger = await service.entries_of(found.id)
        balance = await service.balance(org, found.id)
    return await page(
        request,
        "supermarket/points.html",
        ctx,
        org,
        awards=awards[:100],
        names=await masked_names(ctx.session, [a.person_id for a in awards[:100]]),
        ledger=ledger,
        person=person,
        balance=balance,
        user_id=ctx.user.id,
        **labels(ctx, org),
    )


@post("/points", name="supermarket.points.post")
async def points_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """``action``: award (a new award), approve or reject (a waiting one)."""

    async def work() -> None:
        service = AwardService(ctx.session)
        action = data.get("action") or "award"
        if action in ("approve", "reject"):
            org = await ctx.enter_org(org_id, "supermarket:award", "approve")
            await service.decide(
                org, integer(data, "award_id"), approve=action == "approve", by_user_id=ctx.user.id
            )
            return
        org = await ctx.enter_org(org_id, "supermarket:award", "create")
        award = await service.create(
            org,
            person_id=integer(data, "person_id"),
            points=integer(data, "points", minimum=1),
            reason=text(data, "reason", 200, required=True),
            by_user_id=ctx.user.id,
        )
        await ctx.audit(
            "supermarket.award.create",
            org,
            "supermarket:award",
            str(award.id),
            {"points": award.points, "status": award.status},
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/supermarket/points", work)


PAGES = [points_page, points_post]
