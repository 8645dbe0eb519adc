"""HTTP routes for job runs: list them, watch one's progress, download what it produced."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, Response, get

from core.context import RequestContext
from core.jobs.progress import ProgressStore
from core.jobs.runs import JobRun, RunService, visible_run, visible_runs


class ProgressRead(msgspec.Struct):
    """How far a running job has got; ``total`` 0 means unknown."""

    done: int
    total: int
    stage: str
    percent: int | None


class RunRead(msgspec.Struct):
    """A job run: what was asked, where it stands, and what it produced."""

    id: int
    org_id: int
    kind: str
    title: str
    status: str
    created_by: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int
    params: dict[str, Any]
    input_name: str
    result: dict[str, Any]
    errors: list[dict[str, Any]]
    error: str
    file_name: str
    file_url: str | None
    progress: ProgressRead | None


def run_read(run: JobRun, progress=None, api_prefix: str = "/api/v1") -> RunRead:
    """The API shape of a run (with live progress while it runs)."""
    url = f"{api_prefix}/orgs/{run.org_id}/runs/{run.id}/file" if run.has_file else None
    live = None
    if progress is not None and not run.finished:
        live = ProgressRead(progress.done, progress.total, progress.stage, progress.percent)
    return RunRead(
        run.id, run.org_id, run.kind, run.title, run.status, run.created_by, run.created_at,
        run.started_at, run.finished_at, run.attempts, run.params, run.input_name, run.result,
        run.errors, run.error, run.file_name, url, live,
    )


async def read_progress(ctx: RequestContext, run: JobRun):
    """The live progress of an unfinished run (None once finished or not started)."""
    if run.finished:
        return None
    return await asyncio.to_thread(ProgressStore(ctx.state.settings).read, run.id)


class RunController(Controller):
    """Job runs at an org: exports, provisioning and other long work started by people."""

    path = "/orgs/{org_id:int}/runs"
    tags = ["jobs"]

    @get("/", operation_id="ListJobRuns")
    async def list_runs(self, ctx: RequestContext, org_id: int) -> list[RunRead]:
        """The newest 50 runs here and below that the caller started or may see."""
        org = await ctx.enter_org(org_id, "core:org", "read")
        return [run_read(r) for r in await visible_runs(ctx, org)]

    @get("/{run_id:int}", operation_id="GetJobRun")
    async def get_run(self, ctx: RequestContext, org_id: int, run_id: int) -> RunRead:
        """One run with its live progress; poll it until ``status`` is done or failed."""
        await ctx.enter_org(org_id, "core:org", "read")
        run = await visible_run(ctx, run_id)
        return run_read(run, await read_progress(ctx, run))

    @get("/{run_id:int}/file", operation_id="DownloadJobRunFile")
    async def download(self, ctx: RequestContext, org_id: int, run_id: int) -> Response[bytes]:
        """The file a finished run produced (kept for 7 days)."""
        await ctx.enter_org(org_id, "core:org", "read")
        return await file_response(ctx, await visible_run(ctx, run_id))


async def file_response(ctx: RequestContext, run: JobRun) -> Response[bytes]:
    """The run's file as a download, or 404 naming run_id when there is none (any more)."""
    from core.errors import N_, NotFound

    data = await RunService(ctx.session).file(run) if run.has_file else None
    if data is None:
        raise NotFound(N_("job run {run} has no file to download"), field="run_id", params={"run": run.id})
    from tenants.models import OrgUnit

    await ctx.audit("job.download", await ctx.session.get(OrgUnit, run.org_id), "job_run", str(run.id),
                    {"file": run.file_name})
    return Response(
        data,
        media_type=run.file_type or "application/octet-stream",
        headers={"Content-Disposition": _disposition(run.file_name)},
    )


def _disposition(name: str) -> str:
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode().replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
