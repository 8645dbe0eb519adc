"""HTTP routes for plugin exports: what an org offers, and starting one as a background job."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, post

from core.context import RequestContext
from core.exports import offers_for, start_export
from core.jobs.run_controllers import RunRead, run_read


class ExportOffer(msgspec.Struct):
    """An export the caller may start here."""

    id: str
    plugin: str
    title_zh: str
    title_en: str
    period: bool


class ExportRequest(msgspec.Struct):
    """The period to export (ISO dates; each optional, the export's default otherwise)."""

    start: str | None = None
    end: str | None = None


class ExportController(Controller):
    """Spreadsheet exports of the modules on here or below, built by the worker."""

    path = "/orgs/{org_id:int}/exports"
    tags = ["jobs"]

    @get("/", operation_id="ListExports")
    async def list_exports(self, ctx: RequestContext, org_id: int) -> list[ExportOffer]:
        """Exports the caller may start at this org."""
        org = await ctx.enter_org(org_id, "core:org", "read")
        return [ExportOffer(o.spec.id, o.plugin, o.spec.title_zh, o.spec.title_en, o.spec.period)
                for o in await offers_for(ctx, org)]

    @post("/{export_id:str}", operation_id="StartExport", status_code=202)
    async def start(self, ctx: RequestContext, org_id: int, export_id: str,
                    data: ExportRequest | None = None) -> RunRead:
        """Queue the export; poll ``/runs/{id}`` and download ``file_url`` when done."""
        org = await ctx.enter_org(org_id, "core:org", "read")
        values = msgspec.structs.asdict(data) if data is not None else {}
        run = await start_export(ctx, org, export_id, values)
        return run_read(run)
