"""Job runs: the durable record of a long piece of work a person started and watches.

A run is created by the request that asks for the work (queued), and updated by the worker
(running, then done or failed). It carries what the job needs (an uploaded document, the
parameters) and what it produced (a summary, a file to download), so a worker on another
machine needs nothing but the database. Live progress is kept apart, in
:mod:`core.jobs.progress`, because a long transaction must not be interrupted to write it.

Who may see a run: the person who started it, and anyone holding the right it was started
under (``perm_obj``/``perm_act``) at its org; the tenant scope applies as to every row.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, deferred, mapped_column

from core.db import Base, utcnow
from core.errors import N_, NotFound
from tenants.models import OrgUnit
from tenants.scoping import TenantMixin

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUSES = (QUEUED, RUNNING, DONE, FAILED)
FINISHED = (DONE, FAILED)
KEEP_FILES = timedelta(days=7)
"""Uploaded documents and produced files are dropped this long after a run was started."""


class JobRun(TenantMixin, Base):
    """One run of a tracked job at an org (provisioning, an export...)."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    perm_obj: Mapped[str] = mapped_column(String(64))
    perm_act: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    input_name: Mapped[str] = mapped_column(String(200), default="")
    input_file: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str] = mapped_column(String(200), default="")
    file_type: Mapped[str] = mapped_column(String(100), default="")
    file: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        """Done or failed: nothing more will happen to this run."""
        return self.status in FINISHED

    @property
    def has_file(self) -> bool:
        """Did the run produce a file that is still kept?"""
        return bool(self.file_name) and self.status == DONE


class RunService:
    """Create, find and list runs within the session's tenant scope."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        org: OrgUnit,
        kind: str,
        *,
        title: str,
        user_id: int | None,
        permission: tuple[str, str],
        params: dict[str, Any] | None = None,
        input_name: str = "",
        input_file: bytes | None = None,
    ) -> JobRun:
        """A queued run; send its job only after this transaction commits (``ctx.after_commit``)."""
        await self.drop_old_files()
        run = JobRun(
            org_id=org.id,
            org_path=org.path,
            kind=kind,
            title=title[:200],
            created_by=user_id,
            perm_obj=permission[0],
            perm_act=permission[1],
            params=params or {},
            input_name=input_name[:200],
            input_file=input_file,
        )
        self.session.add(run)
        await self.session.flush()
        return run

    async def get(self, run_id: int) -> JobRun:
        """A run in scope, or NotFound naming ``run_id``."""
        run = await self.session.get(JobRun, run_id) if 0 < run_id < 2**31 else None
        if run is None:
            raise NotFound(N_("job run {run} not found"), field="run_id", params={"run": run_id})
        return run

    async def list(self, org: OrgUnit, *, limit: int = 50) -> list[JobRun]:
        """The newest runs at ``org`` and below (the caller filters what it may see)."""
        stmt = (
            select(JobRun)
            .where(JobRun.org_path.startswith(org.path))
            .order_by(JobRun.id.desc())
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def file(self, run: JobRun) -> bytes | None:
        """The produced file, loaded only when asked for (it may be megabytes)."""
        stmt = select(JobRun.file).where(JobRun.id == run.id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def drop_old_files(self) -> None:
        """Forget documents and files of runs older than KEEP_FILES (the summary stays)."""
        cutoff = utcnow() - KEEP_FILES
        stmt = (
            update(JobRun)
            .where(JobRun.created_at < cutoff, or_(JobRun.file.is_not(None), JobRun.input_file.is_not(None)))
            .values(input_file=None, file=None, file_name="", file_type="")
            # Nothing loaded needs refreshing, and evaluating the dates in Python would compare
            # SQLite's naive datetimes with an aware cutoff.
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(stmt)


async def fail_interrupted(session: AsyncSession, reason: str) -> int:
    """Mark queued and running runs failed: the embedded worker lost them when it stopped."""
    stmt = (
        update(JobRun)
        .where(JobRun.status.in_((QUEUED, RUNNING)))
        .values(status=FAILED, error=reason, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return result.rowcount or 0


async def visible_run(ctx, run_id: int) -> JobRun:
    """A run in the request's scope that its user may see, else NotFound (never 403: no hints).

    Visible to the person who started it and to anyone holding the run's right at its org.
    """
    run = await RunService(ctx.session).get(run_id)
    if ctx.user.is_platform_admin or run.created_by == ctx.user.id:
        return run
    org = await ctx.session.get(OrgUnit, run.org_id)
    if org is None or not ctx.can(org, run.perm_obj, run.perm_act):
        raise NotFound(N_("job run {run} not found"), field="run_id", params={"run": run_id})
    return run


async def visible_runs(ctx, org: OrgUnit, limit: int = 50) -> list[JobRun]:
    """The newest runs at ``org`` and below that the request's user may see."""
    runs = await RunService(ctx.session).list(org, limit=limit * 4)
    orgs: dict[int, OrgUnit | None] = {}
    shown = []
    for run in runs:
        if not (ctx.user.is_platform_admin or run.created_by == ctx.user.id):
            if run.org_id not in orgs:
                orgs[run.org_id] = await ctx.session.get(OrgUnit, run.org_id)
            where = orgs[run.org_id]
            if where is None or not ctx.can(where, run.perm_obj, run.perm_act):
                continue
        shown.append(run)
        if len(shown) == limit:
            break
    return shown
