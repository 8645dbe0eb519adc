"""Background jobs of the love supermarket; each takes org_id first and may run twice harmlessly."""

from __future__ import annotations

from core.jobs import actor, org_session
from core.localtime import local_today
from core.plugins import Schedule
from plugins.supermarket.services import ExpiryService


@actor(actor_name="supermarket.expire_points")
async def expire_points(org_id: int) -> dict:
    """Expire the community's points credited more than the configured months ago and still
    unspent (first in, first out); a second run the same day expires nothing."""
    async with org_session(org_id) as (session, org):
        if org.level != "community":  # a street's communities get their own run
            return {"cutoff": None, "persons": 0, "points": 0}
        return (await ExpiryService(session).run(org, local_today())).as_dict()


ACTORS = [expire_points]

SCHEDULES = [
    # Daily after midnight, Beijing time: points credited on a day expire the night after
    # that day N months later.
    Schedule(
        id="supermarket.expire_points", cron="30 2 * * *", actor_name="supermarket.expire_points"
    ),
]
