"""The goods page: items with stock, new items, donations, write-offs and stock-takes."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.web.render import page
from plugins.supermarket.pages._forms import (
    FormData,
    checkbox,
    day,
    integer,
    labels,
    submit,
    text,
    today,
)
from plugins.supermarket.services import StockService, masked_names, unit_names


@get("/items", name="supermarket.items")
async def items_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Items with stock on hand, the latest donations (donors masked), and the forms."""
    org = await ctx.enter_org(org_id, "supermarket:item", "read")
    service = StockService(ctx.session)
    items = await service.items()
    donations = (await service.donations())[:50]
    return await page(
        request,
        "supermarket/items.html",
        ctx,
        org,
        items=items,
        donations=donations,
        item_names={i.id: i.name for i in items},
        people=await masked_names(ctx.session, [d.donor_person_id for d in donations]),
        units=await unit_names(ctx.session, [d.donor_unit_id for d in donations]),
        today=today().isoformat(),
        **labels(ctx, org),
    )


@post("/items", name="supermarket.items.post")
async def items_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """``action``: item (a new kind of goods), donate, write_off or stock_take."""

    async def work() -> None:
        service = StockService(ctx.session)
        action = data.get("action") or "item"
        if action == "donate":
            org = await ctx.enter_org(org_id, "supermarket:donation", "create")
            await service.donate(
                org,
                item_id=integer(data, "item_id"),
                quantity=integer(data, "quantity", minimum=1),
                donor_kind=text(data, "donor_kind", 16, required=True),
                donor_person_id=integer(data, "donor_person_id", required=False),
                donor_unit_id=integer(data, "donor_unit_id", required=False),
                condition=text(data, "condition", 16) or "good",
                estimated_value=integer(data, "estimated_value", required=False, minimum=0) or 0,
                note=text(data, "note", 5000),
                received_on=day(data, "received_on", required=False),
                by_user_id=ctx.user.id,
            )
            return
        if action in ("write_off", "stock_take"):
            org = await ctx.enter_org(org_id, "supermarket:item", "update")
            if action == "write_off":
                await service.write_off(
                    integer(data, "item_id"),
                    integer(data, "quantity", minimum=1),
                    text(data, "reason", 16, required=True),
                    ctx.user.id,
                )
            else:
                await service.stock_take(
                    integer(data, "item_id"),
                    integer(data, "counted", minimum=0),
                    text(data, "reason", 200),
                    ctx.user.id,
                )
            return
        org = await ctx.enter_org(org_id, "supermarket:item", "create")
        await service.create_item(
            org,
            name=text(data, "name", 100, required=True),
            category=text(data, "category", 24, required=True),
            points=integer(data, "points", minimum=0),
            quantity=integer(data, "quantity", required=False, minimum=0) or 0,
            free_eligible=checkbox(data, "free_eligible"),
            estimated_value=integer(data, "estimated_value", required=False, minimum=0) or 0,
            by_user_id=ctx.user.id,
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/supermarket/items", work)


PAGES = [items_page, items_post]
