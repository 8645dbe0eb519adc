"""Jobs for the real-worker test; `shequ worker --module sample_jobs` declares them in the worker."""

from __future__ import annotations

import os

from redis import Redis

from core.jobs import actor, current_broker


def _redis() -> Redis:
    return Redis.from_url(os.environ["SHEQU_REDIS_URL"])


@actor(actor_name="sample.mark_done", max_retries=0)
def mark_done(org_id: int, key: str) -> None:
    """Record that the job ran (SET is idempotent)."""
    _redis().set(key, str(org_id))


@actor(actor_name="sample.always_fails", max_retries=2, min_backoff=50, max_backoff=100)
def always_fails(org_id: int, key: str) -> None:
    """Count the attempt, then fail."""
    _redis().incr(key)
    raise RuntimeError(f"sample failure for org {org_id}")


@actor(actor_name="sample.slow_mark", max_retries=0)
def slow_mark(org_id: int, key: str, seconds: float) -> None:
    """Say it started, take ``seconds``, then record that it finished (for shutdown tests)."""
    import time

    _redis().set(f"{key}:started", "1")
    time.sleep(seconds)
    _redis().set(key, str(org_id))


JOBS = [mark_done, always_fails, slow_mark]

# In the worker process core.jobs.worker has already started the runtime: declare the jobs there.
if os.environ.get("SHEQU_SAMPLE_JOBS_BIND") == "1":
    for _job in JOBS:
        _job.bind(current_broker())
