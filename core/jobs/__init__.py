"""Background jobs on Dramatiq: Redis broker with ``shequ worker``, an in-process worker when embedded.

Plugins declare jobs with ``@actor`` (org_id first, idempotent: delivery is at-least-once),
return them from ``register_actors()``, and queue them with ``await enqueue(session, job,
org_id, ...)`` in the transaction that makes them necessary (the outbox: sent after it
commits, even if Redis is down right then), or ``job.send(org_id, ...)`` to send at once.
Job bodies open their session with ``async with org_session(org_id) as (session, org):``.
"""

from core.jobs._actors import DEFAULT_OPTIONS, Job, actor
from core.jobs._dead import DeadJob, DeadLetterService
from core.jobs.outbox import OutboxRelay, enqueue
from core.jobs._current import broker_running, current_broker, job_settings
from core.jobs._runtime import dispose_job_databases, make_broker, org_session, scoped_session
from core.jobs._inprocess import InProcessWorker
from core.jobs._boot import start_jobs

__all__ = [
    "DEFAULT_OPTIONS",
    "DeadJob",
    "DeadLetterService",
    "InProcessWorker",
    "OutboxRelay",
    "Job",
    "actor",
    "broker_running",
    "current_broker",
    "dispose_job_databases",
    "enqueue",
    "make_broker",
    "job_settings",
    "org_session",
    "scoped_session",
    "start_jobs",
]
