"""Nightly job of the children's home; takes org_id first and may run twice harmlessly."""

from __future__ import annotations

from core.jobs import actor, org_session
from core.localtime import local_today
from core.plugins import Schedule
from plugins.children import DEFAULT_CONTACT_DAYS, DEFAULT_RETENTION_YEARS
from tenants.modules.services import ModuleService


@actor(actor_name="children.nightly")
async def nightly(org_id: int) -> dict[str, int]:
    """Archive those who turned 18, flag and remind overdue pairings, anonymise expired records."""
    from plugins.children.services.lifecycle import run_nightly

    async with org_session(org_id) as (session, org):
        if org.level != "community":
            return {"archived": 0, "flagged": 0, "reminded": 0, "anonymised": 0}
        config = (await ModuleService(session).state(org, "children")).config
        return await run_nightly(
            session,
            org,
            local_today(),
            contact_days=int(config.get("contact_days", DEFAULT_CONTACT_DAYS)),
            retention_years=int(config.get("retention_years", DEFAULT_RETENTION_YEARS)),
        )


ACTORS = [nightly]

SCHEDULES = [
    # 03:00 Beijing time: after the day's visits are written up, before anyone starts work.
    Schedule(id="children.nightly", cron="0 3 * * *", actor_name="children.nightly"),
]
