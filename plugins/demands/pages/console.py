"""Console pages: the community's demands (intake, disposition, closing) and a street's queue."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.partners.services import unit_in_org
from core.web.forms import FormData, day, integer, submit, text
from core.web.render import page
from plugins.demands.services import (
    DemandService,
    DisclosureService,
    HandlingService,
    PhotoService,
    SupervisionService,
)
from plugins.demands.services._common import config_of
from plugins.demands.vocab import DISCLOSURE_KEYS, label, vocab
from tenants.models import OrgUnit

SUBTREE = {"module_scope": "subtree"}


def labels(ctx: RequestContext, org: OrgUnit, **more) -> dict:
    """What the pipeline's templates use besides the console's own context."""
    return {"v": vocab(), "label": label, "can": lambda obj, act: ctx.can(org, obj, act), **more}


@get("/", name="demands.index", opt=SUBTREE)
async def index(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """A community's demands with the intake form; a street's (or city's) queue and orders."""
    org = await ctx.get_org(org_id)
    if org.level in ("community", "grid"):
        org = await ctx.enter_org(org_id, "demands:demand", "read")
        service = DemandService(ctx.session)
        config = await config_of(ctx.session, org)
        rows = [(d, await service.person(d)) for d in await service.list(limit=200)]
        return await page(
            request,
            "demands/index.html",
            ctx,
            org,
            rows=rows,
            categories=config["categories"],
            **labels(ctx, org),
        )
    org = await ctx.enter_org(org_id, "demands:escalation", "read")
    units = await HandlingService(ctx.session).handler_units()
    return await page(
        request,
        "demands/street.html",
        ctx,
        org,
        queue=await HandlingService(ctx.session).queue(org),
        units=units,
        unit_names={u.id: u.name for u in units},
        orders=await SupervisionService(ctx.session).list(open_only=True),
        **labels(ctx, org),
    )


@post("/", name="demands.create")
async def create(request: Request, ctx: RequestContext, org_id: int, data: FormData) -> Redirect:
    """Take a demand in from the console."""
    holder: dict = {}

    async def work() -> str:
        org = await ctx.enter_org(org_id, "demands:demand", "create")
        demand = await DemandService(ctx.session).create(
            org,
            channel=text(data, "channel", 24, required=True),
            category=text(data, "category", 32, required=True),
            content=text(data, "content", 5000, required=True),
            received_on=day(data, "received_on", required=False),
            contact_name=text(data, "contact_name", 100),
            contact_phone=text(data, "contact_phone", 32),
            by_user_id=ctx.user.id,
        )
        holder["id"] = demand.id
        return f"{label('statuses', 'open')}: {demand.tracking_code}"

    return await submit(request, ctx, data, f"/orgs/{org_id}/demands/", work)


@get("/{demand_id:int}", name="demands.demand")
async def demand_page(
    request: Request, ctx: RequestContext, org_id: int, demand_id: int
) -> Template:
    """One demand: its history and the forms for what may happen next."""
    org = await ctx.enter_org(org_id, "demands:demand", "read")
    service = DemandService(ctx.session)
    demand = await service.get(demand_id)
    orders = [o for o, d in await SupervisionService(ctx.session).list() if d.id == demand.id]
    return await page(
        request,
        "demands/demand.html",
        ctx,
        org,
        demand=demand,
        person=await service.person(demand),
        steps=await service.steps(demand.id),
        order=orders[0] if orders else None,
        photos=await PhotoService(ctx.session).list(demand.id),
        **labels(ctx, org),
    )


@post("/{demand_id:int}", name="demands.demand.post")
async def demand_post(
    request: Request, ctx: RequestContext, org_id: int, demand_id: int, data: FormData
) -> Redirect:
    """Dispose of, close or rate a demand (``action``)."""

    async def work() -> None:
        await ctx.enter_org(org_id, "demands:demand", "update")
        handling = HandlingService(ctx.session)
        action = data.get("action")
        if action == "close":
            await handling.close(demand_id, text(data, "solution", 5000), ctx.user.id)
        elif action == "rate":
            await handling.rate(
                demand_id, text(data, "rating", 24, required=True), by_user_id=ctx.user.id
            )
        else:
            await handling.dispose(
                demand_id,
                text(data, "kind", 24, required=True),
                by_user_id=ctx.user.id,
                working_days=integer(data, "working_days", required=False, minimum=1, maximum=60),
                documents_needed=text(data, "documents_needed", 5000),
                department=text(data, "department", 200),
                explanation=text(data, "explanation", 5000),
                solution=text(data, "solution", 5000),
            )

    return await submit(request, ctx, data, f"/orgs/{org_id}/demands/{demand_id}", work)


@post("/queue/{demand_id:int}", name="demands.queue.post", opt=SUBTREE)
async def queue_post(
    request: Request, ctx: RequestContext, org_id: int, demand_id: int, data: FormData
) -> Redirect:
    """A street answers an escalated demand, sends it further up or hands it to a unit."""

    async def work() -> None:
        org = await ctx.enter_org(org_id, "demands:escalation", "update")
        handling = HandlingService(ctx.session)
        if data.get("action") == "forward":
            await handling.forward(org, demand_id, text(data, "note", 5000), ctx.user.id)
        elif data.get("action") == "hand_off":
            unit = await unit_in_org(ctx, org, integer(data, "unit_id"))
            await handling.hand_to_unit(
                org,
                demand_id,
                unit,
                ctx.user.id,
                integer(data, "working_days", required=False, minimum=1, maximum=60),
                text(data, "note", 5000),
            )
        else:
            await handling.answer(
                org, demand_id, text(data, "answer", 5000, required=True), ctx.user.id
            )

    return await submit(request, ctx, data, f"/orgs/{org_id}/demands/", work)


@get("/disclosure", name="demands.disclosure")
async def disclosure_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Edit the seven disclosures shown on the public page."""
    org = await ctx.enter_org(org_id, "demands:disclosure", "read")
    items = await DisclosureService(ctx.session).read(org)
    return await page(request, "demands/disclosure.html", ctx, org, items=items, **labels(ctx, org))


@post("/disclosure", name="demands.disclosure.post")
async def disclosure_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Save the disclosures."""

    async def work() -> None:
        org = await ctx.enter_org(org_id, "demands:disclosure", "update")
        await DisclosureService(ctx.session).write(
            org, {k: text(data, k, 5000) for k in DISCLOSURE_KEYS}
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/demands/disclosure", work)


PAGES = [index, create, demand_page, demand_post, queue_post, disclosure_page, disclosure_post]
