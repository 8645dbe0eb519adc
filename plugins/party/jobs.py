"""Background jobs of the party plugin; each takes org_id first and may run twice harmlessly."""

from __future__ import annotations

from core.jobs import actor, org_session
from core.localtime import local_today
from core.plugins import Schedule
from plugins.party.services import LedgerService


@actor(actor_name="party.remind_quota")
async def remind_quota(org_id: int) -> int:
    """From October, remind members below the yearly minimum (and their units), once a month each."""
    async with org_session(org_id) as (session, org):
        if org.level != "community":
            return 0
        return await LedgerService(session).remind(org, local_today())


ACTORS = [remind_quota]

SCHEDULES = [
    # Daily; the service writes at most one reminder per member and month, from remind_from_month.
    Schedule(id="party.remind_quota", cron="0 9 * * *", actor_name="party.remind_quota"),
]
