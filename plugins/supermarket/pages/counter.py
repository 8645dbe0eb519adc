"""The counter, made for a phone or tablet: find the person, see balance and quota, pick, confirm.

A confirmed redemption lands on its receipt; a refusal (not enough points or stock, over
quota) comes back to the counter naming the reason, and nothing is written.
"""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy import select

from core.context import RequestContext
from core.errors import DomainError
from core.people import person_ref
from core.people.models import Person
from core.web import csrf
from core.web.render import back, page
from plugins.supermarket.pages._forms import FormData, checkbox, integer, labels, reason
from plugins.supermarket.services import LedgerService, RedemptionService, StockService
from plugins.supermarket.services._common import person_here
from plugins.supermarket.vocab import vocab


@get("/counter", name="supermarket.counter")
async def counter_page(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    q: str | None = None,
    person_id: int | None = None,
) -> Template:
    """Search a person by name (masked results), then their balance, quota and the goods."""
    org = await ctx.enter_org(org_id, "supermarket:redemption", "create")
    found, chosen, account = [], None, None
    if q and q.strip():
        rows = await ctx.session.execute(
            select(Person)
            .where(Person.name.contains(q.strip()[:50]), Person.status == "active")
            .order_by(Person.name, Person.id)
            .limit(20)
        )
        found = [person_ref(p) for p in rows.scalars()]
    if person_id is not None:
        person = await person_here(ctx.session, person_id)
        chosen = person_ref(person)
        quota = await RedemptionService(ctx.session).quota(org, person)
        account = {
            "balance": await LedgerService(ctx.session).balance(org, person.id),
            "quota": quota,
        }
    items = [i for i in await StockService(ctx.session).items() if i.on_hand > 0]
    return await page(
        request,
        "supermarket/counter.html",
        ctx,
        org,
        q=q or "",
        found=found,
        chosen=chosen,
        account=account,
        items=items,
        **labels(ctx, org),
    )


@post("/counter", name="supermarket.counter.post")
async def counter_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Confirm a redemption; on success show its receipt."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    here = f"/orgs/{org_id}/supermarket/counter"
    try:
        org = await ctx.enter_org(org_id, "supermarket:redemption", "create")
        person_id = integer(data, "person_id")
        here = f"{here}?person_id={person_id}"
        redemption, _balance = await RedemptionService(ctx.session).redeem(
            org,
            person_id=person_id,
            item_id=integer(data, "item_id"),
            quantity=integer(data, "quantity", minimum=1),
            free=checkbox(data, "free"),
            by_user_id=ctx.user.id,
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        await ctx.session.rollback()
        return back(here, "error", reason(exc))
    return back(
        f"/orgs/{org_id}/supermarket/receipts/{redemption.id}", "ok", vocab()["console"]["saved"][0]
    )


@get("/receipts/{redemption_id:int}", name="supermarket.receipt")
async def receipt_page(
    request: Request, ctx: RequestContext, org_id: int, redemption_id: int
) -> Template:
    """One receipt: who (masked), what, how many, points or free, balance now."""
    org = await ctx.enter_org(org_id, "supermarket:redemption", "read")
    redemption = await RedemptionService(ctx.session).get(redemption_id)
    person = await person_here(ctx.session, redemption.person_id)
    item = await StockService(ctx.session).get_item(redemption.item_id)
    balance = await LedgerService(ctx.session).balance(org, person.id)
    return await page(
        request,
        "supermarket/receipt.html",
        ctx,
        org,
        r=redemption,
        person=person_ref(person),
        item=item,
        balance=balance,
        **labels(ctx, org),
    )


PAGES = [counter_page, counter_post, receipt_page]
