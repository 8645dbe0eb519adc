"""The unit's demand page (partner accounts): the escalated demands handed to it, answered here."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.people import person_ref
from core.web.forms import FormData, submit, text
from core.web.render import page
from plugins.demands.services.unit_side import UnitDemandService
from plugins.demands.vocab import label, vocab


@get("/", name="demands.unit.index")
async def unit_index(request: Request, ctx: RequestContext, unit_id: int) -> Template:
    """Demands handed to the unit, the ones still to answer with a form each."""
    access = await ctx.enter_unit(unit_id, "demands:handoff", "read")
    return await page(
        request,
        "demands/unit_index.html",
        ctx,
        unit=access.unit,
        rows=await UnitDemandService(access).list(),
        can_answer=ctx.state.partners.enforce(ctx.user.id, unit_id, "demands:handoff", "update")
        or ctx.user.is_platform_admin,
        v=vocab(),
        label=label,
        resident=lambda p: person_ref(p).name if p is not None else "—",
    )


@post("/{demand_id:int}", name="demands.unit.answer")
async def unit_answer(
    request: Request, ctx: RequestContext, unit_id: int, demand_id: int, data: FormData
) -> Redirect:
    """Answer a handed demand."""

    async def work() -> None:
        access = await ctx.enter_unit(unit_id, "demands:handoff", "update")
        await UnitDemandService(access).answer(
            demand_id, text(data, "answer", 5000, required=True), ctx.user.id
        )
        await ctx.audit(
            "demands.unit_answer",
            access.org,
            "demands:demand",
            str(demand_id),
            {"unit_id": unit_id},
        )

    return await submit(request, ctx, data, f"/units/{unit_id}/demands/", work)


UNIT_PAGES = [unit_index, unit_answer]
