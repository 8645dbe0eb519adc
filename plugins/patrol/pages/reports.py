"""The reports page: the list with status buttons, and the form to file one."""

from __future__ import annotations

from datetime import datetime

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.paging import page_number
from core.web.render import page
from plugins.patrol.pages._forms import FormData, integer, labels, local_datetime, submit, text
from plugins.patrol.services import ReportService
from plugins.patrol.services._common import LOCAL_TZ


@get("/reports", name="patrol.reports")
async def reports_page(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Reports with their status (a page at a time, searchable), a form to file one and buttons
    to move them on."""
    org = await ctx.enter_org(org_id, "patrol:report", "read")
    query = request.query_params
    found = await ReportService(ctx.session).search(
        status=query.get("status", ""),
        category=query.get("category", ""),
        q=(query.get("q") or "").strip()[:100],
        number=page_number(query.get("page")),
    )
    return await page(
        request,
        "patrol/reports.html",
        ctx,
        org,
        reports=found.items,
        pager=found,
        filters={k: query.get(k, "") for k in ("status", "category", "q")},
        can_update=ctx.can(org, "patrol:report", "update"),
        now=datetime.now(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M"),
        **labels(ctx, org),
    )


@post("/reports", name="patrol.reports.post")
async def reports_post(
    request: Request, ctx: RequestContext, org_id: int, data: FormData
) -> Redirect:
    """File a report, or (with ``report_id``) move one along its status flow."""

    async def work() -> None:
        if data.get("report_id"):
            org = await ctx.enter_org(org_id, "patrol:report", "update")
            report = await ReportService(ctx.session).transition(
                integer(data, "report_id"),
                text(data, "to_status", 24, required=True),
                ctx.user.id,
                text(data, "note", 5000),
            )
            await ctx.audit(
                "patrol.report.transition",
                org,
                "patrol:report",
                str(report.id),
                {"to": report.status},
            )
            return
        org = await ctx.enter_org(org_id, "patrol:report", "create")
        await ReportService(ctx.session).create(
            org,
            category=text(data, "category", 24, required=True),
            description=text(data, "description", 5000, required=True),
            occurred_at=local_datetime(data, "occurred_at"),
            reported_by=ctx.user.id,
            location=text(data, "location", 200),
        )

    return await submit(request, ctx, data, f"/orgs/{org_id}/patrol/reports", work)


PAGES = [reports_page, reports_post]
