"""HTTP routes for dead letters: platform and city admins see failed jobs and send them again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, get, post
from litestar.exceptions import PermissionDeniedException

from core.context import RequestContext
from core.jobs._dead import DeadJob, DeadLetterService
from tenants.models import OrgUnit

OBJ = "core:job"


class DeadJobRead(msgspec.Struct):
    """A job that failed all its retries."""

    id: str
    queue: str
    actor: str
    org_id: int | None
    args: list[Any]
    kwargs: dict[str, Any]
    retries: int
    failed_at: datetime | None
    error: str


def dead_read(job: DeadJob) -> DeadJobRead:
    """The API shape of a dead job."""
    return DeadJobRead(job.id, job.queue, job.actor, job.org_id, job.args, job.kwargs, job.retries,
                       job.failed_at, job.error)


async def _visible(ctx: RequestContext, job: DeadJob, act: str) -> bool:
    if ctx.user.is_platform_admin:
        return True
    if job.org_id is None:
        return False
    org = await ctx.session.get(OrgUnit, job.org_id)
    # core:job is granted to platform and city admins only (their "*" grants), in their subtree.
    return org is not None and ctx.can(org, OBJ, act)


async def _require_admin(ctx: RequestContext) -> None:
    from core.users.services import assignments_of

    if ctx.user.is_platform_admin:
        return
    if not any(a.role == "city_admin" for a in await assignments_of(ctx.session, ctx.user.id)):
        raise PermissionDeniedException(detail="only platform and city administrators may see failed jobs")


class DeadJobController(Controller):
    """The dead-letter list."""

    path = "/jobs/dead"
    tags = ["jobs"]

    @get("/", operation_id="ListDeadJobs")
    async def list_dead(self, ctx: RequestContext) -> list[DeadJobRead]:
        """Dead jobs of the orgs the caller administers (all of them for a platform admin)."""
        await _require_admin(ctx)
        jobs = await DeadLetterService(ctx.state.broker).list()
        return [dead_read(j) for j in jobs if await _visible(ctx, j, "read")]

    @post("/{job_id:str}/retry", operation_id="RetryDeadJob", status_code=202)
    async def retry(self, ctx: RequestContext, job_id: str) -> DeadJobRead:
        """Send a dead job again with its retries reset."""
        await _require_admin(ctx)
        service = DeadLetterService(ctx.state.broker)
        job = next((j for j in await service.list() if j.id == job_id), None)
        if job is not None and not await _visible(ctx, job, "update"):
            raise PermissionDeniedException(detail=f"you may not retry job {job_id}")
        new = await service.retry(job_id)
        await ctx.audit("job.retry", None, "job", job_id, {"actor": new.actor, "new_id": new.id})
        return dead_read(new)
