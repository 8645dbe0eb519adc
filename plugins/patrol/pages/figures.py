"""The figures (stats) page of any org's subtree and period, and the export page.

Both are read-only and marked ``module_scope: subtree``: a street reads them when the patrol
line runs in one of its communities, without switching it on for itself.
"""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from core.context import RequestContext
from core.errors import DomainError
from core.web.plugins import module_service
from core.web.render import page
from plugins.patrol.pages._forms import day, labels, reason, today
from plugins.patrol.services import StatsService, TeamService
from tenants.models import OrgUnit

SUBTREE = {"module_scope": "subtree"}


async def _runs_here(ctx: RequestContext, org: OrgUnit) -> bool:
    """Is the module on at ``org`` itself (not only below it)? The other tabs need that."""
    modules = module_service(ctx.session, ctx.state)
    return modules is None or await modules.is_enabled(org, "patrol")


@get("/", name="patrol.index", opt=SUBTREE)
async def index(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    start: str | None = None,
    end: str | None = None,
) -> Template:
    """The figures, per team, for a period (this year to date unless asked), and the teams."""
    org = await ctx.enter_org(org_id, "patrol:stats", "read")
    last = today()
    first = last.replace(month=1, day=1)
    error = None
    try:
        asked = {"start": start or "", "end": end or ""}
        first = day(asked, "start", required=False) or first
        last = day(asked, "end", required=False) or last
        stats = await StatsService(ctx.session).compute(org, first, last)
    except DomainError as exc:
        error = reason(exc)
        first, last = last.replace(month=1, day=1), today()
        stats = await StatsService(ctx.session).compute(org, first, last)
    teams = await TeamService(ctx.session).list(org)
    return await page(
        request,
        "patrol/index.html",
        ctx,
        org,
        stats=stats.as_dict(),
        teams=teams,
        error=error,
        runs_here=await _runs_here(ctx, org),
        **labels(ctx, org),
    )


@get("/export", name="patrol.export", opt=SUBTREE)
async def export_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Choose a period and start the statistics workbook (a background export run)."""
    org = await ctx.enter_org(org_id, "patrol:stats", "export")
    last = today()
    return await page(
        request,
        "patrol/export.html",
        ctx,
        org,
        start=last.replace(month=1, day=1).isoformat(),
        end=last.isoformat(),
        runs_here=await _runs_here(ctx, org),
        **labels(ctx, org),
    )


PAGES = [index, export_page]
