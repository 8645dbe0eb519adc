"""HTTP routes of the reception log, mounted by core under /api/v1/orgs/{org_id}/reception."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Controller, get, post

from core.context import RequestContext
from shequ_reception.models import ReceptionVisit
from shequ_reception.schemas import VisitCreate, VisitRead, WeekSummary
from shequ_reception.services import ReceptionService

OBJ = "reception:visit"


def visit_read(v: ReceptionVisit) -> VisitRead:
    """The API shape of a visit."""
    return VisitRead(v.id, v.org_id, v.visit_date, v.receiver, v.visitor, v.matter, v.outcome)


class VisitController(Controller):
    """Log and read reception-day visits."""

    path = "/visits"

    @get("/", operation_id="ListReceptionVisits")
    async def list_visits(self, ctx: RequestContext, org_id: int) -> list[VisitRead]:
        """Visits at this org and below, newest first."""
        org = await ctx.enter_org(org_id, OBJ, "read")
        return [visit_read(v) for v in await ReceptionService(ctx.session).list(org)]

    @post("/", operation_id="CreateReceptionVisit")
    async def create(self, ctx: RequestContext, org_id: int, data: VisitCreate) -> VisitRead:
        """Log a visit; the receiver defaults to the caller."""
        org = await ctx.enter_org(org_id, OBJ, "create")
        visit = await ReceptionService(ctx.session).record(
            org, data.visit_date, data.receiver or ctx.user.display_name or ctx.user.username, ctx.user.id,
            data.visitor, data.matter, data.outcome)
        await ctx.audit("reception.visit.create", org, OBJ, str(visit.id))
        return visit_read(visit)

    @get("/{visit_id:int}", operation_id="GetReceptionVisit")
    async def read(self, ctx: RequestContext, org_id: int, visit_id: int) -> VisitRead:
        """One visit."""
        await ctx.enter_org(org_id, OBJ, "read")
        return visit_read(await ReceptionService(ctx.session).get(visit_id))


@get("/summary", operation_id="GetReceptionSummary")
async def summary(ctx: RequestContext, org_id: int) -> WeekSummary:
    """Reception days in the last seven days against the module's weekly minimum."""
    from tenants.modules.services import ModuleService

    org = await ctx.enter_org(org_id, OBJ, "read")
    since = date.today() - timedelta(days=6)
    visits, days = await ReceptionService(ctx.session).days_since(org, since)
    required = (await ModuleService(ctx.session).state(org, "reception")).config["min_days_per_week"]
    return WeekSummary(since, visits, days, required, days >= required)
