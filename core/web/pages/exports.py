"""Exports in the console: what the org offers, each started as a background job."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template

from core.context import RequestContext
from core.errors import DomainError
from core.exports import offers_for, start_export
from core.jobs.runs import visible_runs
from core.web import csrf, i18n
from core.web.i18n import gettext as _
from core.web.i18n import localized
from core.web.pages.runs import run_view
from core.web.render import back, page


@get("/orgs/{org_id:int}/exports")
async def exports(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The exports the user may start here, and the recent export runs."""
    org = await ctx.enter_org(org_id, "core:org", "read")
    offers = [
        {"id": o.spec.id, "title": i18n.pick(o.spec.title_zh, o.spec.title_en), "period": o.spec.period}
        for o in await offers_for(ctx, org)
    ]
    recent = [run_view(r) for r in await visible_runs(ctx, org, limit=10) if r.kind == "core.export"]
    return await page(request, "exports.html", ctx, org, offers=offers, runs=recent)


@post("/orgs/{org_id:int}/exports/{export_id:str}")
async def start(request: Request, ctx: RequestContext, org_id: int, export_id: str) -> Redirect:
    """Start the export and show its run."""
    form = await request.form()
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    org = await ctx.enter_org(org_id, "core:org", "read")
    values = {name: form.get(name) or None for name in ("start", "end")}
    try:
        run = await start_export(ctx, org, export_id, values)
    except DomainError as exc:
        await ctx.session.rollback()
        return back(f"/orgs/{org_id}/exports", "error", _("Not started: %(reason)s") % {"reason": localized(exc)})
    return back(f"/orgs/{org_id}/runs/{run.id}", "ok", _("Export started."))
