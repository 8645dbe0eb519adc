"""Job runs in the console: the list, one run's page (refreshing itself while it works), the
download, and applying a checked provisioning document.

The run page needs no JavaScript: while a run is queued or running it carries a
``<meta http-equiv="refresh">`` and shows a ``<progress>`` bar; once finished it shows the
outcome (preview rows, what was created, a download, or every bad row).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template
from sqlalchemy import select

from core.context import RequestContext
from core.jobs.run_controllers import file_response, read_progress
from core.jobs.runs import JobRun, visible_run, visible_runs
from core.web import csrf, i18n
from core.web.i18n import N_
from core.web.i18n import gettext as _
from core.web.labels import level_label
from core.web.render import back, page

REFRESH_SECONDS = 2
STATUS_NAMES = {
    "queued": N_("Waiting"),
    "running": N_("Running"),
    "done": N_("Done"),
    "failed": N_("Failed"),
}


def run_title(run: JobRun) -> str:
    """What the run is, in the reader's language."""
    if run.kind == "core.provision":
        what = _("Provisioning check") if run.params.get("dry_run") else _("Provisioning")
        return f"{what}: {run.input_name}" if run.input_name else what
    if run.kind == "core.export":
        from core.exports import all_offers

        offer = all_offers().get(run.params.get("export", ""))
        if offer is not None:
            return i18n.pick(offer.spec.title_zh, offer.spec.title_en)
    return run.title or run.kind


def error_text(row: dict[str, Any]) -> str:
    """A refused-input row's message in the reader's language (its English text without a msgid)."""
    return i18n.localized(row)


def _ref_text(ref: str) -> str:
    # "row 7" (XLSX) reads as 第 7 行 in Chinese; JSON/YAML paths stay as they are.
    if ref.startswith("row ") and ref[4:].isdigit():
        return _("row %(n)s") % {"n": ref[4:]}
    return ref


def run_view(run: JobRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "title": run_title(run),
        "status": run.status,
        "status_label": _(STATUS_NAMES.get(run.status, run.status)),
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "finished": run.finished,
        "has_file": run.has_file,
        "file_name": run.file_name,
        "kind": run.kind,
        "org_id": run.org_id,
    }


@get("/orgs/{org_id:int}/runs")
async def runs(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """The newest runs here and below that the user started or may see."""
    org = await ctx.enter_org(org_id, "core:org", "read")
    shown = [run_view(r) for r in await visible_runs(ctx, org)]
    return await page(request, "runs.html", ctx, org, runs=shown)


@get("/orgs/{org_id:int}/runs/{run_id:int}")
async def run_page(request: Request, ctx: RequestContext, org_id: int, run_id: int) -> Template:
    """One run: progress while it works, then its outcome."""
    org = await ctx.enter_org(org_id, "core:org", "read")
    run = await visible_run(ctx, run_id)
    progress = await read_progress(ctx, run)
    errors = [{"ref": _ref_text(str(e.get("ref", ""))), "field": e.get("field", ""), "message": error_text(e)}
              for e in run.errors]
    result = run.result or {}
    rows = [
        {**n, "level": level_label(n.get("level", "")), "admins": ", ".join(n.get("admins", [])),
         "modules": ", ".join(n.get("modules", [])), "ref": _ref_text(n.get("ref", ""))}
        for n in result.get("nodes", [])
    ]
    can_apply = (
        run.kind == "core.provision" and run.status == "done" and bool(result.get("dry_run"))
        and bool(result.get("changed")) and ctx.can(org, "core:org", "create") and run.org_id == org.id
    )
    return await page(
        request, "run.html", ctx, org,
        run=run_view(run), progress=progress, stage=_(progress.stage) if progress and progress.stage else "",
        refresh=None if run.finished else REFRESH_SECONDS, errors=errors, result=result, rows=rows,
        can_apply=can_apply, error=_(run.error) if run.status == "failed" and run.error and not errors else "",
    )


@get("/orgs/{org_id:int}/runs/{run_id:int}/file")
async def run_file(ctx: RequestContext, org_id: int, run_id: int) -> Response[bytes]:
    """Download what the run produced."""
    await ctx.enter_org(org_id, "core:org", "read")
    return await file_response(ctx, await visible_run(ctx, run_id))


@post("/orgs/{org_id:int}/runs/{run_id:int}/apply")
async def apply_run(request: Request, ctx: RequestContext, org_id: int, run_id: int) -> Redirect:
    """Write a document whose check passed: a new run with the same document, for real."""
    from tenants.provisioning.controllers import start_provisioning

    form = await request.form()
    await csrf.check(request, form.get(csrf.CSRF_FIELD))
    org = await ctx.enter_org(org_id, "core:org", "create")
    here = f"/orgs/{org_id}/runs/{run_id}"
    run = await visible_run(ctx, run_id)
    if run.kind != "core.provision" or run.org_id != org.id or not run.params.get("dry_run") or run.status != "done":
        return back(here, "error", _("Only a finished provisioning check can be applied."))
    data = (await ctx.session.execute(select(JobRun.input_file).where(JobRun.id == run.id))).scalar_one()
    if data is None:
        return back(f"/orgs/{org_id}/provision", "error", _("The document is no longer kept; upload it again."))
    fmt = run.params.get("format")
    applied = await start_provisioning(ctx, org, data, run.input_name, fmt, dry_run=False)
    return back(f"/orgs/{org_id}/runs/{applied.id}", "ok", _("Provisioning started."))
