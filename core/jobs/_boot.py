"""Start the job runtime from the environment (worker processes and the scheduler)."""

from __future__ import annotations

import dramatiq


def boot() -> dramatiq.Broker:
    """Build the broker from SHEQU_* settings and declare every installed plugin's actors."""
    from core.jobs._runtime import start_jobs
    from core.plugins import get_plugin_manager
    from core.settings import get_settings

    return start_jobs(get_settings(), get_plugin_manager().actors())
