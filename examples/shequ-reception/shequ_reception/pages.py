"""The reception log's console page: this week's figures, the visits (paged, searchable) and
the form to log one. Mounted by core under /orgs/{org_id}/reception."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.paging import page_number
from core.web.forms import FormData, day, submit, text
from core.web.i18n import gettext as _
from core.web.render import page
from shequ_reception.services import ReceptionService

OBJ = "reception:visit"


@get("/", name="reception.index")
async def index(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Visits at this org and below, newest first, with the form to log one."""
    org = await ctx.enter_org(org_id, OBJ, "read")
    q = (request.query_params.get("q") or "").strip()[:100]
    service = ReceptionService(ctx.session)
    found = await service.search(org, q, page_number(request.query_params.get("page")))
    visits, days = await service.days_since(org, date.today() - timedelta(days=6))
    return await page(request, "reception/index.html", ctx, org, visits=found.items, pager=found, q=q,
                      week=(visits, days), today=date.today().isoformat(), can_create=ctx.can(org, OBJ, "create"))


@post("/", name="reception.create")
async def create(request: Request, ctx: RequestContext, org_id: int, data: FormData) -> Redirect:
    """Log a visit from the form; the receiver is the person logged in."""

    async def work() -> str:
        org = await ctx.enter_org(org_id, OBJ, "create")
        visit = await ReceptionService(ctx.session).record(
            org, day(data, "visit_date"), ctx.user.display_name or ctx.user.username, ctx.user.id,
            text(data, "visitor", 50, required=True), text(data, "matter", 2000, required=True),
            text(data, "outcome", 2000))
        await ctx.audit("reception.visit.create", org, OBJ, str(visit.id))
        return _("Visit logged")

    return await submit(request, ctx, data, f"/orgs/{org_id}/reception/", work)


PAGES = [index, create]
