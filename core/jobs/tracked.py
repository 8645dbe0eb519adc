"""Tracked jobs: background work a person starts and watches through a :class:`JobRun`.

Declare the body with ``@tracked_job("kind")``; it runs as
``await body(session, org, run)`` inside one transaction scoped to the run's org, and
returns an :class:`Outcome`. The run's status, result and file are written in that same
transaction, so a run is ``done`` exactly when its work is committed. A body refuses its
input by raising :class:`RunFailed` (with row errors) or any ``DomainError``: the run is
marked failed with those errors and not retried. Any other exception is retried with
backoff; after the last attempt the run is marked failed.

Start a run from a request with :func:`start_run`; the job is sent after the request commits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit.services import write_audit
from core.db import utcnow
from core.errors import DomainError
from core.jobs._actors import DEFAULT_OPTIONS, Job
from core.jobs._current import job_settings
from core.jobs._runtime import _database, org_session
from core.jobs.outbox import enqueue
from core.jobs.progress import ProgressStore, Reporter, _current
from core.jobs.runs import DONE, FAILED, QUEUED, RUNNING, JobRun, RunService
from tenants.models import OrgUnit
from tenants.scoping import set_scope

log = structlog.get_logger(__name__)


@dataclass
class Outcome:
    """What a finished run produced: a JSON summary and optionally a file to download."""

    result: dict[str, Any] = field(default_factory=dict)
    file: bytes | None = None
    file_name: str = ""
    file_type: str = ""
    after_commit: list[Callable[[], Any]] = field(default_factory=list)
    """Plain functions to call once the run's transaction has committed (e.g. announcements)."""


class RunFailed(Exception):
    """The run's input is refused; ``errors`` are rows ``{ref, field, message}`` to show.

    ``message`` is shown when there are no rows: make it an ``N_`` message id (without
    params) and the run page translates it. A row may carry ``msgid`` and ``params`` too
    (see :func:`error_row`); the run page then shows it in the viewer's language.
    """

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


Body = Callable[[AsyncSession, OrgUnit, JobRun], Awaitable[Outcome]]
JOBS: dict[str, Job] = {}
"""Every tracked job by kind, bound to the broker with core's jobs at start-up."""


def error_row(exc: DomainError, ref: str = "") -> dict[str, Any]:
    """A refused-input row from a domain error, keeping what the console needs to translate it."""
    row: dict[str, Any] = {"ref": ref, "field": exc.field or "", "message": exc.detail}
    for attr in ("msgid", "params"):
        value = getattr(exc, attr, None)
        if value is not None:
            row[attr] = value
    return row


def tracked_job(kind: str, **options: Any) -> Callable[[Body], Job]:
    """Declare a tracked job of ``kind`` (also its actor name); options as for ``@actor``."""

    def wrap(body: Body) -> Job:
        async def run_job(org_id: int, run_id: int) -> None:
            await _execute(body, org_id, run_id, max_retries)

        opts = {**DEFAULT_OPTIONS, "max_retries": 3, **options}
        max_retries = opts["max_retries"]
        run_job.__doc__ = body.__doc__
        job = Job(run_job, kind, "default", opts)
        JOBS[kind] = job
        return job

    return wrap


@asynccontextmanager
async def _own_run(org_id: int, run_id: int) -> AsyncIterator[JobRun | None]:
    """The run in a short transaction of its own, scoped to its org (None if it is gone)."""
    async with _database().session() as session:
        set_scope(session, None)
        org = await session.get(OrgUnit, org_id)
        if org is None:
            yield None
            return
        set_scope(session, org.path)
        # Locked: a second delivery waits here while the first runs, then sees it finished.
        run = await session.get(JobRun, run_id, with_for_update=True)
        yield run if run is not None and run.org_id == org_id else None
        await session.commit()


async def _begin(org_id: int, run_id: int) -> int | None:
    """Mark the run running; None if it is gone or already finished (a repeated delivery)."""
    async with _own_run(org_id, run_id) as run:
        if run is None or run.finished:
            return None
        run.status, run.started_at, run.attempts = RUNNING, utcnow(), run.attempts + 1
        return run.attempts


async def _fail(org_id: int, run_id: int, message: str, errors: list[dict[str, Any]], *, final: bool) -> None:
    async with _own_run(org_id, run_id) as run:
        if run is None:
            return
        run.error, run.errors = message, errors
        if final:
            run.status, run.finished_at = FAILED, utcnow()
        else:
            run.status = QUEUED


async def _execute(body: Body, org_id: int, run_id: int, max_retries: int) -> str:
    attempt = await _begin(org_id, run_id)
    if attempt is None:  # delivered twice, or finished by an earlier attempt
        return "skipped"
    store = ProgressStore(job_settings())
    token = _current.set(Reporter(store, run_id))
    try:
        async with org_session(org_id) as (session, org):
            # The row lock makes a second delivery of this run (at-least-once) wait for the first
            # to commit, then see it finished: the work is done once (SQLite serialises writers).
            run = await session.get(JobRun, run_id, with_for_update=True, populate_existing=True)
            if run is None or run.finished:
                return "skipped"
            outcome = await body(session, org, run)
            run.status, run.finished_at, run.error, run.errors = DONE, utcnow(), "", []
            run.result = outcome.result
            if outcome.file is not None:
                run.file, run.file_name, run.file_type = outcome.file, outcome.file_name, outcome.file_type
    except RunFailed as exc:
        await _fail(org_id, run_id, exc.message, exc.errors, final=True)
        return FAILED
    except DomainError as exc:
        await _fail(org_id, run_id, exc.detail, [error_row(exc)], final=True)
        return FAILED
    except Exception as exc:
        final = attempt > max_retries
        log.exception("job run failed", run_id=run_id, attempt=attempt, final=final)
        await _fail(org_id, run_id, f"{type(exc).__name__}: {exc}"[:2000], [], final=final)
        raise
    finally:
        _current.reset(token)
        store.clear(run_id)
    for call in outcome.after_commit:
        call()
    return DONE


async def audit_run(session: AsyncSession, run: JobRun, action: str, org: OrgUnit,
                    detail: dict[str, Any] | None = None) -> None:
    """An audit entry for what a run did, in the run's transaction, in the name of its starter."""
    from core.users.models import User

    user = await session.get(User, run.created_by) if run.created_by else None
    await write_audit(session, actor_id=run.created_by, actor_name=user.username if user else "",
                      action=action, org=org, object_type="job_run", object_id=str(run.id),
                      detail={**(detail or {}), "run": run.id})


async def start_run(
    ctx,
    job: Job,
    org: OrgUnit,
    *,
    title: str,
    permission: tuple[str, str],
    params: dict[str, Any] | None = None,
    input_name: str = "",
    input_file: bytes | None = None,
) -> JobRun:
    """Create a queued run of ``job`` at ``org`` for the request's user; send it after commit."""
    run = await RunService(ctx.session).create(
        org,
        job.actor_name,
        title=title,
        user_id=ctx.user.id,
        permission=permission,
        params=params,
        input_name=input_name,
        input_file=input_file,
    )
    # The message commits with the run (an outbox row), so a broker outage cannot strand the
    # run as "queued"; the relay sends it right after the commit, or when the broker is back.
    await enqueue(ctx.session, job, org.id, run.id)
    relay = getattr(ctx.state, "outbox", None)
    if relay is not None:
        ctx.after_commit.append(relay.kick_after_commit)
    return run
