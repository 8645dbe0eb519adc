"""The job runtime: the broker (Redis, or in-process in embedded mode), org sessions, metrics."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import (
    AgeLimit,
    AsyncIO,
    Callbacks,
    Middleware,
    Pipelines,
    Retries,
    ShutdownNotifications,
    TimeLimit,
)

from core.cache import key
from core.jobs._actors import Job
from core.observability import JOBS_TOTAL
from core.jobs._current import job_settings, set_current
from core.settings import Settings
from core.statecache import open_database


class JobMetrics(Middleware):
    """Counts job outcomes for /metrics."""

    def after_process_message(self, broker, message, *, result=None, exception=None):
        """Count a finished attempt: done, retried or failed for good."""
        if exception is None:
            outcome = "done"
        else:
            # Retries has run already and marked the message failed if it gave up.
            outcome = "failed" if getattr(message, "failed", False) else "retried"
        JOBS_TOTAL.labels(message.actor_name, outcome).inc()


class JobDatabases(Middleware):
    """Closes the job engine of the worker's event loop before AsyncIO stops that loop."""

    def after_worker_shutdown(self, broker, worker):
        """Dispose the engine (pooled connections) the job bodies used."""
        from dramatiq.asyncio import get_event_loop_thread

        thread = get_event_loop_thread()
        if thread is not None and thread.loop.is_running():
            thread.run_coroutine(dispose_job_databases())


def _middleware() -> list[Middleware]:
    # Not dramatiq's default list: its Prometheus middleware opens a port per worker, and
    # shequ exports job metrics through its own registry.
    # JobMetrics first: dramatiq runs after_* hooks in reverse order, so it sees Retries' verdict.
    # JobDatabases after AsyncIO: after_* hooks run in reverse, so it disposes while the loop lives.
    return [JobMetrics(), AgeLimit(), TimeLimit(), ShutdownNotifications(), Callbacks(), Pipelines(), Retries(),
            AsyncIO(), JobDatabases()]


def make_broker(settings: Settings) -> dramatiq.Broker:
    """A Redis broker for ``SHEQU_REDIS_URL``, an in-process stub broker in embedded mode."""
    if settings.redis_url:
        # A Redis that does not answer must not hold a sender (the outbox relay) for minutes.
        return RedisBroker(url=settings.redis_url, namespace=key(settings, "dramatiq"), middleware=_middleware(),
                           socket_connect_timeout=5)
    return StubBroker(middleware=_middleware())


def start_broker(settings: Settings, jobs: Iterable[Job]) -> dramatiq.Broker:
    """Build the broker, make it this process's one and bind ``jobs`` to it.

    ``core.jobs.start_jobs`` (in ``_boot``) adds core's own jobs; this is the layer below it.
    """
    broker = make_broker(settings)
    if isinstance(broker, StubBroker):
        broker.emit_after("process_boot")
    set_current(broker, settings)
    for job in jobs:
        job.bind(broker)
    return broker


# One engine per event loop (engines hold connections bound to one loop; the worker runs its
# own). Each entry remembers its loop weakly: a closed loop's id may be reused by a new loop,
# which must not inherit an engine whose connections belong to the old one.
_databases: dict[int, tuple[weakref.ref, object]] = {}


def _database():
    loop = asyncio.get_running_loop()
    entry = _databases.get(id(loop))
    if entry is None or entry[0]() is not loop:
        # Its commits of users, orgs or modules clear every web process's cache.
        entry = _databases[id(loop)] = (weakref.ref(loop), open_database(job_settings()))
    return entry[1]


async def dispose_job_databases() -> None:
    """Close the job engines of the running loop (app shutdown in embedded mode)."""
    loop = asyncio.get_running_loop()
    entry = _databases.pop(id(loop), None)
    if entry is not None and entry[0]() is loop:
        await entry[1].dispose()


@asynccontextmanager
async def org_session(org_id: int) -> AsyncIterator[tuple]:
    """A session scoped to ``org_id``'s subtree and the org, committed when the job body returns."""
    from tenants.models import OrgUnit
    from tenants.scoping import set_scope

    async with _database().session() as session:
        set_scope(session, None)
        org = await session.get(OrgUnit, org_id)
        if org is None:
            raise LookupError(f"org {org_id} no longer exists")
        set_scope(session, org.path)
        try:
            yield session, org
        except Exception:
            await session.rollback()
            raise
        else:
            await session.commit()


@asynccontextmanager
async def scoped_session(path: str) -> AsyncIterator:
    """A job-side session scoped to the subtree at ``path``; the caller commits or rolls back."""
    from tenants.scoping import set_scope

    async with _database().session() as session:
        set_scope(session, path)
        yield session
