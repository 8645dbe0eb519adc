"""Worker threads and the scheduler inside the web process (embedded mode)."""

from __future__ import annotations

import dramatiq

from core.jobs._current import job_settings


class InProcessWorker:
    """Worker threads and the scheduler inside the web process (embedded mode; jobs are lost on restart)."""

    def __init__(self, broker: dramatiq.Broker, threads: int = 2, schedules: bool = True) -> None:
        self.worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
        self.schedules = schedules
        self.scheduler = None

    def start(self) -> None:
        """Start consuming, and firing plugin schedules into the in-process broker."""
        self.worker.start()
        if self.schedules:
            from core.jobs._scheduler import build_scheduler
            from core.plugins import get_plugin_manager

            self.scheduler = build_scheduler(job_settings(), get_plugin_manager(), blocking=False)
            self.scheduler.start()

    def stop(self) -> None:
        """Stop the scheduler, finish running jobs and stop."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        self.worker.stop(timeout=5_000)
