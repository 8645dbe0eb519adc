"""The broker and settings this process's job runtime was started with (the bottom of core.jobs)."""

from __future__ import annotations

import dramatiq

from core.settings import Settings, get_settings

_state: dict[str, object] = {}


def set_current(broker: dramatiq.Broker, settings: Settings) -> None:
    """Make ``broker`` this process's broker (dramatiq's global one too)."""
    dramatiq.set_broker(broker)
    _state["broker"], _state["settings"] = broker, settings


def broker_running() -> bool:
    """True once this process started its job runtime (the web app, a worker)."""
    return _state.get("broker") is not None


def current_broker() -> dramatiq.Broker:
    """The broker this process started (the app at start-up; ``shequ worker`` and ``shequ
    scheduler`` through ``core.jobs._boot.boot``)."""
    broker = _state.get("broker")
    if broker is None:
        raise RuntimeError("the job runtime is not started: start_jobs() or core.jobs._boot.boot() first")
    return broker  # type: ignore[return-value]


def job_settings() -> Settings:
    """The settings the job runtime was started with."""
    return _state.get("settings") or get_settings()  # type: ignore[return-value]
