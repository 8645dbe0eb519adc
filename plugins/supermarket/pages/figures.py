"""The figures page (stats and this month's reconciliation), the public notice and the export.

The figures and export pages are marked ``module_scope: subtree``: a street reads its
communities' figures and reconciliation without switching the module on for itself.
"""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from core.context import RequestContext
from core.errors import N_, DomainError, Invalid
from core.web.render import page
from plugins.supermarket.pages._forms import SUBTREE, labels, reason, runs_here, today
from plugins.supermarket.services import (
    ReconciliationService,
    StatsService,
    month_bounds,
    notice,
)


def _month(month: str | None):
    try:
        return month_bounds(month, today())
    except ValueError as exc:
        raise Invalid(N_("{field} must look like 2026-01"), field="month") from exc


@get("/", name="supermarket.index", opt=SUBTREE)
async def index(
    request: Request, ctx: RequestContext, org_id: int, month: str | None = None
) -> Template:
    """This year's figures per community and the month's reconciliation."""
    org = await ctx.enter_org(org_id, "supermarket:reconciliation", "read")
    error = None
    try:
        first, last = _month(month)
    except DomainError as exc:
        error = reason(exc)
        first, last = _month(None)
    rec = await ReconciliationService(ctx.session).reconcile(first, last)
    stats = None
    if ctx.can(org, "supermarket:stats", "read"):
        stats = await StatsService(ctx.session).compute(
            org, today().replace(month=1, day=1), today()
        )
    return await page(
        request,
        "supermarket/index.html",
        ctx,
        org,
        rec=rec.as_dict(),
        month=f"{first:%Y-%m}",
        stats=stats.as_dict() if stats else None,
        error=error,
        runs_here=await runs_here(ctx, org),
        **labels(ctx, org),
    )


@get("/notice", name="supermarket.notice")
async def notice_page(
    request: Request, ctx: RequestContext, org_id: int, month: str | None = None
) -> Template:
    """The public notice (公示): the month's donations and issues, names masked."""
    org = await ctx.enter_org(org_id, "supermarket:notice", "read")
    try:
        first, last = _month(month)
    except DomainError:
        first, last = _month(None)
    data = await notice(ctx.session, first, last)
    return await page(
        request,
        "supermarket/notice.html",
        ctx,
        org,
        notice=data,
        month=f"{first:%Y-%m}",
        runs_here=True,
        **labels(ctx, org),
    )


@get("/export", name="supermarket.export", opt=SUBTREE)
async def export_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Start the month's workbook (a background export run)."""
    org = await ctx.enter_org(org_id, "supermarket:stats", "export")
    return await page(
        request,
        "supermarket/export.html",
        ctx,
        org,
        start=today().replace(day=1).isoformat(),
        runs_here=await runs_here(ctx, org),
        **labels(ctx, org),
    )


PAGES = [index, notice_page, export_page]
