"""Background jobs of the reception log."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from core.jobs import actor, org_session
from shequ_reception.services import ReceptionService

log = logging.getLogger("shequ_reception")


@actor(actor_name="reception.weekly_check", max_retries=3)
async def weekly_check(org_id: int) -> int:
    """Count the last week's reception days at an org and log a warning when below the rule."""
    async with org_session(org_id) as (session, org):
        _visits, days = await ReceptionService(session).days_since(org, date.today() - timedelta(days=6))
    if days < 1:
        log.warning("org %s held no reception day in the last 7 days", org_id)
    return days  # read-only: safe to run twice
