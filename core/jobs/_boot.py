"""Start the job runtime with core's jobs and the plugins' (the top of core.jobs).

Core's own jobs live in the layers above the runtime (exports, provisioning, the register,
notifications), so they are gathered here and never by the runtime itself.
"""

from __future__ import annotations

from collections.abc import Iterable

import dramatiq

from core.jobs._actors import Job
from core.jobs._runtime import start_broker
from core.settings import Settings


def core_jobs() -> list[Job]:
    """Core's jobs: provisioning, plugin exports, the register's retention and notification delivery."""
    import core.exports  # noqa: F401 - declares core.export
    import tenants.provisioning.jobs  # noqa: F401 - declares core.provision
    from core.jobs.tracked import JOBS
    from core.notify.jobs import deliver
    from core.people.jobs import ACTORS as PEOPLE_ACTORS

    return [*JOBS.values(), *PEOPLE_ACTORS, deliver]


def start_jobs(settings: Settings, jobs: Iterable[Job]) -> dramatiq.Broker:
    """Build the broker, make it dramatiq's global one and bind core's jobs and ``jobs`` (plugins')."""
    return start_broker(settings, [*core_jobs(), *jobs])


def boot() -> dramatiq.Broker:
    """Build the broker from SHEQU_* settings and declare every installed plugin's actors."""
    from core.plugins import get_plugin_manager
    from core.settings import get_settings

    return start_jobs(get_settings(), get_plugin_manager().actors())
