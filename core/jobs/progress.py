"""Live progress of job runs: how far a running job has got, for the page that watches it.

Progress is not written to the run's row: a provisioning job holds one transaction open
from the first node to the last, and SQLite allows one writer, so a second transaction
writing progress would wait for the first to finish. Progress goes to Redis when it is
configured (worker and web may be on different machines), else to this process's memory
(embedded mode, where the worker threads live in the web process).

Job code reports with :func:`report_progress`; it is a no-op outside a tracked job.
"""

from __future__ import annotations

import json
import threading
import time
from contextvars import ContextVar
from dataclasses import asdict, dataclass

from redis import Redis
from redis.exceptions import RedisError

from core.cache import key
from core.settings import Settings

TTL_SECONDS = 24 * 3600
MIN_INTERVAL = 0.25
"""Seconds between two writes of the same run's progress (the last one is always written)."""


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` steps (total 0: unknown), in ``stage`` (an English msgid)."""

    done: int
    total: int
    stage: str

    @property
    def percent(self) -> int | None:
        """Whole per cent done, or None when the total is unknown."""
        if self.total <= 0:
            return None
        return max(0, min(100, self.done * 100 // self.total))


class ProgressStore:
    """Where progress lives: a Redis hash per deployment, or a dict in this process."""

    _memory: dict[int, Progress] = {}
    _lock = threading.Lock()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._redis: Redis | None = None
        self._key = key(settings, "jobprogress")

    def _client(self) -> Redis | None:
        if not self.settings.redis_url:
            return None
        if self._redis is None:
            # A synchronous client: worker threads each run their own event loop, and an
            # asyncio client is bound to the loop that made it.
            self._redis = Redis.from_url(self.settings.redis_url, decode_responses=True)
        return self._redis

    def write(self, run_id: int, progress: Progress) -> None:
        """Record the progress of ``run_id``."""
        client = self._client()
        if client is None:
            with self._lock:
                self._memory[run_id] = progress
            return
        name = f"{self._key}:{run_id}"
        try:
            client.set(name, json.dumps(asdict(progress)), ex=TTL_SECONDS)
        except RedisError:  # progress is a courtesy: a Redis outage must not fail the job
            pass

    def read(self, run_id: int) -> Progress | None:
        """The last progress written for ``run_id``, if any."""
        client = self._client()
        if client is None:
            with self._lock:
                return self._memory.get(run_id)
        try:
            raw = client.get(f"{self._key}:{run_id}")
        except RedisError:  # shown as "no progress yet" while Redis is down
            return None
        return Progress(**json.loads(raw)) if raw else None

    def clear(self, run_id: int) -> None:
        """Forget ``run_id``'s progress (the run's row has the outcome now)."""
        client = self._client()
        if client is None:
            with self._lock:
                self._memory.pop(run_id, None)
            return
        try:
            client.delete(f"{self._key}:{run_id}")
        except RedisError:
            pass  # it expires on its own (TTL_SECONDS)


class Reporter:
    """Progress of one run, throttled so a loop over 20 000 nodes does not flood Redis."""

    def __init__(self, store: ProgressStore, run_id: int) -> None:
        self.store = store
        self.run_id = run_id
        self.stage = ""
        self.total = 0
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        changed = (stage is not None and stage != self.stage) or (total is not None and total != self.total)
        if stage is not None:
            self.stage = stage
        if total is not None:
            self.total = total
        now = time.monotonic()
        if changed or done >= self.total or now - self._last >= MIN_INTERVAL:
            self._last = now
            self.store.write(self.run_id, Progress(done, self.total, self.stage))


_current: ContextVar[Reporter | None] = ContextVar("shequ_job_progress", default=None)


def report_progress(done: int, total: int | None = None, stage: str | None = None) -> None:
    """Tell the watching page that ``done`` of ``total`` steps of ``stage`` are finished.

    ``stage`` is an English msgid (mark it with ``N_`` so the console can translate it);
    ``total`` and ``stage`` carry over from the previous call when omitted.
    """
    reporter = _current.get()
    if reporter is not None:
        reporter(done, total, stage)
