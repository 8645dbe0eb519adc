"""Spreadsheet exports that plugins offer (``register_exports``), run as background jobs.

An export is offered at an org where its plugin is on, or on anywhere below it (a street or
a city exports the figures of its subtree), to people holding the export's right there.
Starting one creates a :class:`~core.jobs.runs.JobRun`; the worker builds the file inside
the run's transaction and keeps it for download for seven days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


from core.errors import Invalid, NotFound
from core.jobs.progress import report_progress
from core.jobs.runs import JobRun
from core.jobs.tracked import Outcome, audit_run, start_run, tracked_job
from core.plugins import ExportSpec, get_plugin_manager
from core.web.i18n import N_
from tenants.models import OrgUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Offer:
    """An export a plugin offers, with the right it needs."""

    plugin: str
    spec: ExportSpec

    @property
    def permission(self) -> tuple[str, str]:
        """(object, action) the person needs at the org."""
        return self.spec.permission or (f"{self.plugin}:export", "export")


def all_offers(plugins=None) -> dict[str, Offer]:
    """Every export of every installed plugin, by export id."""
    plugins = plugins or get_plugin_manager()
    offers: dict[str, Offer] = {}
    for pid in plugins.ids:
        for spec in plugins.collect_plugin(pid, "register_exports"):
            offers.setdefault(spec.id, Offer(pid, spec))
    return offers


async def _plugins_on_here_or_below(session, plugins, org: OrgUnit) -> set[str]:
    from tenants.modules.services import ModuleService

    modules = ModuleService(session, plugins)
    return await modules.enabled_ids(org) | await modules.enabled_below(org)


async def offers_for(ctx, org: OrgUnit) -> list[Offer]:
    """The exports the request's user may start at ``org``, sorted by plugin and id."""
    plugins = getattr(ctx.state, "plugins", None) or get_plugin_manager()
    on = await _plugins_on_here_or_below(ctx.session, plugins, org)
    offers = [o for o in all_offers(plugins).values() if o.plugin in on and ctx.can(org, *o.permission)]
    return sorted(offers, key=lambda o: (o.plugin, o.spec.id))


def check_period(values: dict[str, Any]) -> dict[str, str]:
    """Validate optional ``start``/``end`` ISO dates (422 naming the field); return them as text."""
    out: dict[str, str] = {}
    days: dict[str, date] = {}
    for name in ("start", "end"):
        raw = values.get(name)
        if raw in (None, ""):
            continue
        try:
            days[name] = date.fromisoformat(str(raw))
        except ValueError as exc:
            raise Invalid(N_("{field} must be a date like 2026-01-31, got '{value}'"), field=name,
                          params={"value": str(raw)}) from exc
        out[name] = days[name].isoformat()
    if "start" in days and "end" in days and days["start"] > days["end"]:
        raise Invalid(N_("start must not be after end"), field="start")
    return out


async def start_export(ctx, org: OrgUnit, export_id: str, values: dict[str, Any]) -> JobRun:
    """Queue an export at ``org``; 404 naming ``export_id`` when it is not offered to the caller."""
    offer = next((o for o in await offers_for(ctx, org) if o.spec.id == export_id), None)
    if offer is None:
        raise NotFound(N_("export '{export}' is not offered at org {org}"), field="export_id",
                       params={"export": export_id, "org": org.id})
    params: dict[str, Any] = {"export": export_id}
    if offer.spec.period:
        params.update(check_period(values))
    run = await start_run(ctx, export_job, org, title=offer.spec.title_zh, permission=offer.permission, params=params)
    await ctx.audit("export.start", org, "job_run", str(run.id), {"export": export_id})
    return run


@tracked_job("core.export")
async def export_job(session, org, run: JobRun) -> Outcome:
    """Build the run's export (params.export) for the run's org and keep the file."""
    export_id = run.params.get("export", "")
    offer = all_offers().get(export_id)
    if offer is None:
        raise NotFound(N_("export '{export}' is no longer installed"), field="export_id",
                       params={"export": export_id})
    report_progress(0, 1, N_("Building the spreadsheet"))
    values = {k: v for k, v in run.params.items() if k != "export"}
    data = await offer.spec.build(session, org, values)
    report_progress(1, 1)
    await audit_run(session, run, "export.done", org, {"export": export_id, "bytes": len(data)})
    stamp = "-".join(filter(None, (values.get("start"), values.get("end"))))
    name = "-".join(filter(None, (export_id.replace(".", "-"), org.code, stamp))) + ".xlsx"
    return Outcome(result={"bytes": len(data)}, file=data, file_name=name, file_type=XLSX)
