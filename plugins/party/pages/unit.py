"""The unit's party pages (partner accounts): its members, its inbox of feedback forms, its questions."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.web.render import page
from plugins.party.pages._common import FormData, integer, labels, submit, text
from plugins.party.services import UnitPartyService


@get("/", name="party.unit.index")
async def unit_index(request: Request, ctx: RequestContext, unit_id: int) -> Template:
    """The unit's members in every community, this year's record of each, and quota reminders."""
    access = await ctx.enter_unit(unit_id, "party:member", "read")
    service = UnitPartyService(access)
    members = await service.members()
    records = {m.id: await service.record(m.id, None) for m, _ in members}
    return await page(
        request,
        "party/unit_index.html",
        ctx,
        unit=access.unit,
        members=members,
        records=records,
        reminders=await service.reminders(),
        **labels(ctx),
    )


@get("/feedback", name="party.unit.feedback")
async def unit_feedback(request: Request, ctx: RequestContext, unit_id: int) -> Template:
    """Feedback forms sent to the unit."""
    access = await ctx.enter_unit(unit_id, "party:feedback", "read")
    return await page(
        request,
        "party/unit_feedback.html",
        ctx,
        unit=access.unit,
        forms=await UnitPartyService(access).inbox(),
        **labels(ctx),
    )


@get("/feedback/{feedback_id:int}", name="party.unit.feedback.print")
async def unit_feedback_print(
    request: Request, ctx: RequestContext, unit_id: int, feedback_id: int
) -> Template:
    """The printable form; opening it records its delivery."""
    access = await ctx.enter_unit(unit_id, "party:feedback", "read")
    form = await UnitPartyService(access).open_form(feedback_id)
    return await page(
        request,
        "party/feedback_print.html",
        ctx,
        unit=access.unit,
        form=form,
        c=form.content,
        xlsx=f"/api/v1/units/{unit_id}/party/feedback/{form.id}/xlsx",
        ack=f"/units/{unit_id}/party/feedback/{form.id}",
        **labels(ctx),
    )


@post("/feedback/{feedback_id:int}", name="party.unit.feedback.ack")
async def unit_feedback_ack(
    request: Request, ctx: RequestContext, unit_id: int, feedback_id: int, data: FormData
) -> Redirect:
    """Acknowledge a form."""

    async def work() -> None:
        access = await ctx.enter_unit(unit_id, "party:feedback", "update")
        await UnitPartyService(access).acknowledge(feedback_id, ctx.user.id)

    return await submit(request, ctx, data, f"/units/{unit_id}/party/feedback/{feedback_id}", work)


@get("/clearances", name="party.unit.clearances")
async def unit_clearances(request: Request, ctx: RequestContext, unit_id: int) -> Template:
    """The unit's questions before promotions and awards, and the form to ask one."""
    access = await ctx.enter_unit(unit_id, "party:clearance", "read")
    service = UnitPartyService(access)
    return await page(
        request,
        "party/unit_clearances.html",
        ctx,
        unit=access.unit,
        items=await service.clearances(),
        members=await service.members(),
        **labels(ctx),
    )


@post("/clearances", name="party.unit.clearances.post")
async def unit_clearances_post(
    request: Request, ctx: RequestContext, unit_id: int, data: FormData
) -> Redirect:
    """Ask a member's community before a promotion or award."""

    async def work() -> None:
        access = await ctx.enter_unit(unit_id, "party:clearance", "create")
        await UnitPartyService(access).ask(
            member_id=integer(data, "member_id"),
            kind=text(data, "kind", 16, required=True),
            year=None,
            note=text(data, "note", 500),
            user_id=ctx.user.id,
        )

    return await submit(request, ctx, data, f"/units/{unit_id}/party/clearances", work)


UNIT_PAGES = [
    unit_index,
    unit_feedback,
    unit_feedback_print,
    unit_feedback_ack,
    unit_clearances,
    unit_clearances_post,
]
