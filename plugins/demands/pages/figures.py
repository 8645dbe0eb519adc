"""The figures page (community, street, city) and the export's workbook builder."""

from __future__ import annotations

from datetime import date

from litestar import Request, get
from litestar.response import Template

from core.context import RequestContext
from core.errors import N_, Invalid
from core.web.render import page
from plugins.demands.services import StatsService, stats_workbook
from plugins.demands.services._common import today
from plugins.demands.vocab import label, vocab


@get("/figures", name="demands.figures", opt={"module_scope": "subtree"})
async def figures(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    start: date | None = None,
    end: date | None = None,
) -> Template:
    """This year's figures of the org's subtree, by channel, category, disposition and rating."""
    org = await ctx.enter_org(org_id, "demands:stats", "read")
    end = end or today()
    start = start or end.replace(month=1, day=1)
    stats = await StatsService(ctx.session).compute(start, end)
    return await page(
        request,
        "demands/figures.html",
        ctx,
        org,
        stats=stats,
        v=vocab(),
        label=label,
        can=lambda obj, act: ctx.can(org, obj, act),
    )


async def build_export(session, org, params) -> bytes:
    """The figures workbook for the export job (``params``: start, end as ISO dates)."""
    try:
        start = (
            date.fromisoformat(params.get("start"))
            if params.get("start")
            else today().replace(month=1, day=1)
        )
        end = date.fromisoformat(params.get("end")) if params.get("end") else today()
    except ValueError:
        raise Invalid(N_("{field} must be a date like 2026-01-31"), field="start") from None
    return stats_workbook(await StatsService(session).compute(start, end), org.name)


PAGES = [figures]
