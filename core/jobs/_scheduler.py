"""``shequ scheduler``: fires plugins' periodic jobs once per enabled org, once across replicas."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime

from core.cache import key
from core.plugins import PluginManager, Schedule
from core.settings import Settings

log = logging.getLogger("shequ.scheduler")
TIMEZONE = "Asia/Shanghai"
LOCK_TTL_MS = 6 * 3600 * 1000


CORE = "core"
"""The plugin id under which core's own schedules fire (for every community)."""

_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def cron_trigger(cron: str):
    """An APScheduler trigger with crontab semantics (APScheduler 3 counts weekdays from Monday=0)."""
    import re

    from apscheduler.triggers.cron import CronTrigger

    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"cron {cron!r} needs five fields: minute hour day month weekday")
    minute, hour, day, month, dow = fields
    head, sep, step = dow.partition("/")
    dow = re.sub(r"\d+", lambda m: _DAYS[int(m.group())], head) + sep + step
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=dow, timezone=TIMEZONE)


class FiringLock:
    """One firing per (schedule, minute) across scheduler replicas: Redis SET NX PX."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local: set[str] = set()
        self._client = None
        if settings.redis_url:
            from redis import Redis

            self._client = Redis.from_url(settings.redis_url)

    def acquire(self, plugin_id: str, schedule_id: str, fire_minute: int) -> bool:
        """True for the one replica that may fire this schedule for this minute."""
        name = key(self.settings, "scheduler", plugin_id, schedule_id, str(fire_minute))
        if self._client is None:  # embedded: one process, a set is enough
            if name in self._local:
                return False
            self._local.add(name)
            return True
        return bool(self._client.set(name, "1", nx=True, px=LOCK_TTL_MS))


async def _enabled_org_ids(settings: Settings, plugins: PluginManager, plugin_id: str) -> list[int]:
    from core.db import Database
    from tenants.modules.services import ModuleService
    from tenants.scoping import set_scope

    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            set_scope(session, None)
            if plugin_id == CORE:
                from sqlalchemy import select

                from tenants.models import OrgUnit

                rows = await session.execute(select(OrgUnit.id).where(OrgUnit.level == "community").order_by(OrgUnit.id))
                return list(rows.scalars())
            return [o.id for o in await ModuleService(session, plugins).enabled_orgs(plugin_id)]
    finally:
        await db.dispose()


def fire(settings: Settings, plugins: PluginManager, lock: FiringLock, plugin_id: str, schedule: Schedule,
         fire_minute: int | None = None) -> int:
    """Send the schedule's actor for every org where the plugin is on; 0 if another replica fired."""
    from core.jobs._current import current_broker

    # Cron resolution is a minute, so the minute names the firing for every replica.
    minute = fire_minute if fire_minute is not None else int(time.time() // 60)
    if not lock.acquire(plugin_id, schedule.id, minute):
        return 0
    actor = current_broker().get_actor(schedule.actor_name)
    org_ids = asyncio.run(_enabled_org_ids(settings, plugins, plugin_id))
    for org_id in org_ids:
        actor.send(org_id, **schedule.kwargs)
    log.info("fired %s/%s for %d orgs", plugin_id, schedule.id, len(org_ids))
    return len(org_ids)


def all_schedules(plugins: PluginManager) -> list[tuple[str, Schedule]]:
    """Core's schedules (as plugin id ``core``) and every plugin's."""
    from core.notify.jobs import CORE_SCHEDULES as NOTIFY_SCHEDULES
    from core.people.jobs import CORE_SCHEDULES

    core = [*CORE_SCHEDULES, *NOTIFY_SCHEDULES]
    return [*((CORE, s) for s in core), *plugins.schedules()]


def build_scheduler(settings: Settings, plugins: PluginManager, blocking: bool = True):
    """An APScheduler with one cron job per plugin schedule."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler
    scheduler = (BlockingScheduler if blocking else BackgroundScheduler)(timezone=TIMEZONE)
    lock = FiringLock(settings)
    for plugin_id, schedule in all_schedules(plugins):
        scheduler.add_job(fire, cron_trigger(schedule.cron),
                          args=[settings, plugins, lock, plugin_id, schedule],
                          id=f"{plugin_id}:{schedule.id}", misfire_grace_time=300, coalesce=True)
    return scheduler


def describe(plugins: PluginManager) -> list[str]:
    """One line per schedule with its next firing, for the CLI."""
    now = datetime.now().astimezone()
    return [f"{pid}:{s.id} '{s.cron}' -> {s.actor_name} (next {cron_trigger(s.cron).get_next_fire_time(None, now)})"
            for pid, s in all_schedules(plugins)]
