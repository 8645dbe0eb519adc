"""Provisioning as a background job: preview (dry run) or apply a stored document, with progress.

A city of thousands of nodes takes seconds to minutes, longer than a browser should wait on
one request. The console uploads the document into a :class:`~core.jobs.runs.JobRun`, this
job checks it (``dry_run``) or writes it, and the run page shows progress, then the preview
rows or every bad row.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from core.authz.runtime import announce_links_changed
from core.cache import key
from core.jobs import job_settings, scoped_session
from core.jobs.progress import report_progress
from core.jobs.runs import JobRun
from core.jobs.tracked import Outcome, RunFailed, audit_run, tracked_job
from core.web.i18n import N_
from tenants.provisioning._parse import parse_document
from tenants.provisioning._spec import ProvisionDocumentError
from tenants.provisioning.services import ProvisionResult, provision

PREVIEW_ROWS = 2000
"""Preview rows kept in the run's result; a bigger document shows its first rows and a count."""


def error_rows(exc: ProvisionDocumentError) -> list[dict[str, Any]]:
    """Every bad row of a refused document, as the run page and the API show them."""
    rows = []
    for e in exc.errors:
        row: dict[str, Any] = {"ref": e.ref, "field": e.field or "", "message": e.message}
        for attr in ("msgid", "params"):
            if getattr(e, attr, None) is not None:
                row[attr] = getattr(e, attr)
        rows.append(row)
    return rows


def _summary(result: ProvisionResult, nodes, dry_run: bool) -> dict[str, Any]:
    by_ref = {n.ref: n for n in nodes}
    rows = []
    for r in result.nodes[:PREVIEW_ROWS]:
        node = by_ref.get(r.get("ref", ""))
        rows.append({
            "ref": r.get("ref", ""),
            "code": r.get("code", ""),
            "new": r.get("status") == "created",
            "level": node.level if node else "",
            "name": node.name if node else "",
            "admins": [a.username for a in node.admins] if node else [],
            "modules": list(node.modules) if node else [],
        })
    return {
        "dry_run": dry_run,
        "changed": result.changed,
        "message": result.message,
        "created": result.created,
        "existing": result.existing,
        "nodes_total": len(result.nodes),
        "nodes": rows,
    }


@tracked_job("core.provision")
async def provision_job(session, org, run: JobRun) -> Outcome:
    """Check (params.dry_run) or apply the run's document under the run's org, all or nothing."""
    from core.plugins import get_plugin_manager

    dry_run = bool(run.params.get("dry_run"))
    report_progress(0, 0, N_("Reading the document"))
    data = (await session.execute(select(JobRun.input_file).where(JobRun.id == run.id))).scalar_one()
    if data is None:
        raise RunFailed(N_("the uploaded document is no longer kept; upload it again"))
    known = set(get_plugin_manager().ids)
    stage = N_("Checking the orgs") if dry_run else N_("Creating the orgs")

    def progress(done: int, total: int) -> None:
        report_progress(done, total, stage)

    try:
        # In a thread: in embedded mode this loop is shared with every other running job.
        nodes = await asyncio.to_thread(parse_document, data, run.params.get("format"), run.input_name or None)
        if dry_run:
            # Everything the real run would do, in a side transaction that is thrown away; the
            # job's own session only records the outcome.
            async with scoped_session(org.path) as side:
                side_org = await side.get(type(org), org.id)
                result = await provision(side, side_org, nodes, actor_id=run.created_by, known_modules=known,
                                   progress=progress)
                await side.rollback()
        else:
            result = await provision(session, org, nodes, actor_id=run.created_by, known_modules=known,
                                   progress=progress)
    except ProvisionDocumentError as exc:
        raise RunFailed(str(exc), error_rows(exc)) from exc
    outcome = Outcome(result=_summary(result, nodes, dry_run))
    if not dry_run:
        await audit_run(session, run, "org.provision", org, {"created": result.created})
        if result.new_links:  # new role links: every process's authorizer must learn them
            settings = job_settings()
            outcome.after_commit.append(lambda: announce_links_changed(settings.redis_url, key(settings, "authz")))
    return outcome
