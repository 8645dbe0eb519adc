"""Background jobs of the pipeline; each takes org_id first and may run twice harmlessly."""

from __future__ import annotations

from datetime import date

from core.jobs import actor, org_session
from core.plugins import Schedule
from plugins.demands.services import HandlingService, SupervisionService


@actor(actor_name="demands.supervise")
async def supervise(org_id: int, on: str | None = None) -> int:
    """Issue one supervision order per overdue demand of the org's subtree (none twice)."""
    async with org_session(org_id) as (session, _org):
        return await SupervisionService(session).supervise(date.fromisoformat(on) if on else None)


@actor(actor_name="demands.settle_ratings")
async def settle_ratings(org_id: int, on: str | None = None) -> int:
    """Closed demands nobody rated within the configured days become 未评价."""
    async with org_session(org_id) as (session, _org):
        return await HandlingService(session).settle_ratings(date.fromisoformat(on) if on else None)


ACTORS = [supervise, settle_ratings]

SCHEDULES = [
    # Early morning, so the day's supervision orders are on the street's dashboard at 8:00.
    Schedule(id="demands.supervise", cron="30 6 * * *", actor_name="demands.supervise"),
    Schedule(id="demands.settle_ratings", cron="15 3 * * *", actor_name="demands.settle_ratings"),
]
