"""The check-in page, made for a phone: staff check anyone in; a member checks themselves in.

Rights are the API's (``plugins.patrol.access``): ``patrol:checkin`` for staff, and
``patrol:own_checkin`` alone for party members and residents, who see only their own
shifts of today, one button each, and cannot check in anybody else.
"""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.web.render import page
from plugins.patrol.access import enter_for_checkin
from plugins.patrol.pages._forms import FormData, integer, labels, submit, today
from plugins.patrol.services import CheckInService, MemberService, ShiftService
from plugins.patrol.vocab import vocab


@get("/checkin", name="patrol.checkin")
async def checkin_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """My shifts today with one button each; for staff also any member on today's shifts."""
    org, only = await enter_for_checkin(ctx, org_id, "read")
    day = today()
    service = CheckInService(ctx.session)
    context: dict = {"own": await service.own_shifts(org, ctx.user.id, day), "staff": only is None}
    if only is None:
        members = await MemberService(ctx.session).list() if org.level == "community" else []
        context.update(
            shifts=await ShiftService(ctx.session).list(day, day),
            members=members,
            member_names={m.id: m.display_name for m in members},
            open=[c for c in await service.list() if c.checked_out_at is None],
        )
    return await page(request, "patrol/checkin.html", ctx, org, **context, **labels(ctx, org))


@post("/checkin", name="patrol.checkin.post")
async def checkin_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """Check a member in, or (with ``checkin_id``) out; own-check-in users only themselves."""

    async def work() -> str:
        service = CheckInService(ctx.session)
        if data.get("checkin_id"):
            org, only = await enter_for_checkin(ctx, org_id, "update")
            await service.check_out(org, integer(data, "checkin_id"), only_user_id=only)
            return vocab()["pages"]["checked_out"]
        org, only = await enter_for_checkin(ctx, org_id, "create")
        await service.check_in(
            org,
            shift_id=integer(data, "shift_id"),
            member_id=integer(data, "member_id"),
            only_user_id=only,
        )
        return vocab()["pages"]["checked_in"]

    return await submit(request, ctx, data, f"/orgs/{org_id}/patrol/checkin", work)


PAGES = [checkin_page, checkin_post]
