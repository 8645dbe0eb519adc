"""The console home of a partner (unit) account: its unit and the modules that serve it."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from core.context import RequestContext
from core.plugins._routing import unit_page_plugins
from core.web.plugins import manager
from core.web.render import page


@get("/units/{unit_id:int}/", name="unit_home")
async def unit_home(request: Request, ctx: RequestContext, unit_id: int) -> Template:
    """The unit's name and a link to each module's unit pages (403 without a unit role there)."""
    access = await ctx.enter_unit(unit_id, "core:unit", "read")
    plugins = manager(request.app.state)
    sections = []
    if plugins is not None:
        for pid in unit_page_plugins(plugins):
            m = plugins.manifests[pid]
            sections.append(
                {"id": pid, "zh": m.title_zh, "en": m.title_en, "href": f"/units/{unit_id}/{pid}/"}
            )
    return await page(request, "unit_home.html", ctx, unit=access.unit, sections=sections)
