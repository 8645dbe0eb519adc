"""Job actors that bind to the broker at start-up, so importing a plugin never creates one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dramatiq

from core.jobs._current import current_broker

DEFAULT_OPTIONS: dict[str, Any] = {"max_retries": 5, "min_backoff": 5_000, "max_backoff": 600_000}
"""Retries with exponential backoff: 5 s doubling up to 10 min, then the dead-letter list."""


class Job:
    """A background job: a function taking ``org_id`` first, sent through the current broker."""

    def __init__(self, fn: Callable[..., Any], actor_name: str, queue_name: str, options: dict[str, Any]):
        self.fn = fn
        self.actor_name = actor_name
        self.queue_name = queue_name
        self.options = {**DEFAULT_OPTIONS, **options}
        self._actor: dramatiq.Actor | None = None
        self.__doc__ = fn.__doc__

    def bind(self, broker: dramatiq.Broker) -> dramatiq.Actor:
        """Declare this job on ``broker`` (again, if the broker changed)."""
        if self._actor is not None and self._actor.broker is broker:
            return self._actor
        broker.actors.pop(self.actor_name, None)
        self._actor = dramatiq.Actor(self.fn, broker=broker, actor_name=self.actor_name,
                                     queue_name=self.queue_name, priority=0, options=dict(self.options))
        return self._actor

    @property
    def actor(self) -> dramatiq.Actor:
        """The dramatiq actor on the running broker (start the job runtime first)."""
        if self._actor is None:
            return self.bind(current_broker())
        return self._actor

    def send(self, org_id: int, *args: Any, **kwargs: Any) -> dramatiq.Message:
        """Enqueue a run for ``org_id``."""
        return self.actor.send(org_id, *args, **kwargs)

    def send_with_options(self, *, args: tuple = (), kwargs: dict | None = None, **options: Any):
        """Enqueue with dramatiq options (``delay`` in ms, ...); ``args`` start with org_id."""
        return self.actor.send_with_options(args=args, kwargs=kwargs, **options)

    def __call__(self, org_id: int, *args: Any, **kwargs: Any) -> Any:
        """Run the job body here and now (tests, or from another job)."""
        return self.fn(org_id, *args, **kwargs)


def actor(fn: Callable[..., Any] | None = None, *, actor_name: str | None = None,
          queue_name: str = "default", **options: Any):
    """Declare a job; use as ``@actor`` or ``@actor(max_retries=3)``. Its first argument is org_id."""

    def wrap(func: Callable[..., Any]) -> Job:
        return Job(func, actor_name or f"{func.__module__}.{func.__name__}", queue_name, options)

    return wrap(fn) if fn is not None else wrap
