"""Background jobs of the patrol line; each takes org_id first and may run twice harmlessly."""

from __future__ import annotations

from datetime import date

from core.errors import N_, Invalid
from core.jobs import actor, org_session
from plugins.patrol.figures import rebuild
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


@actor(actor_name="patrol.rebuild_figures")
async def rebuild_figures(org_id: int, start: str, end: str) -> int:
    """Recount the daily roll-up of ``org_id``'s subtree for the local days ``start``..``end``
    (ISO dates) from the raw rows, after rows were written around the unit of work (a bulk
    load, a hand-made SQL fix); returns the cells written. Running it twice changes nothing."""
    days = {}
    for name, value in (("start", start), ("end", end)):
        try:
            days[name] = date.fromisoformat(value)
        except ValueError:
            raise Invalid(N_("{field} must be an ISO date (YYYY-MM-DD)"), field=name) from None
    first, last = days["start"], days["end"]
    if last < first:
        raise Invalid(N_("end is before start"), field="end")
    async with org_session(org_id) as (session, org):
        return await rebuild(session, org, first, last)


ACTORS = [remind_tomorrow, mark_missed, rebuild_figures]

SCHEDULES = [
    # 20:00 leaves the evening to swap shifts; 02:00 is after every evening shift has ended.
    Schedule(id="patrol.remind_tomorrow", cron="0 20 * * *", actor_name="patrol.remind_tomorrow"),
    Schedule(id="patrol.mark_missed", cron="0 2 * * *", actor_name="patrol.mark_missed"),
]
