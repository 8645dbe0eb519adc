"""Background jobs of the patrol line; each takes org_id first and may run twice harmlessly."""

from __future__ import annotations

from core.jobs import actor, org_session
from core.plugins import Schedule
from plugins.patrol.services import NotificationService, ShiftService
from tenants.modules.services import ModuleService


@actor(actor_name="patrol.remind_tomorrow")
async def remind_tomorrow(org_id: int) -> int:
    """Write a reminder to every member of a team with a shift tomorrow (once per member and shift)."""
    async with org_session(org_id) as (session, org):
        state = await ModuleService(session).state(org, "patrol")
        if not state.config.get("remind_members", True):
            return 0
        return await NotificationService(session).remind_tomorrow()


@actor(actor_name="patrol.mark_missed")
async def mark_missed(org_id: int) -> dict[str, int]:
    """Settle finished shifts: done when someone checked in, missed when nobody did."""
    async with org_session(org_id) as (session, _org):
        return await ShiftService(session).settle()


ACTORS = [remind_tomorrow, mark_missed]

SCHEDULES = [
    # 20:00 leaves the evening to swap shifts; 02:00 is after every evening shift has ended.
    Schedule(id="patrol.remind_tomorrow", cron="0 20 * * *", actor_name="patrol.remind_tomorrow"),
    Schedule(id="patrol.mark_missed", cron="0 2 * * *", actor_name="patrol.mark_missed"),
]
