"""The register's nightly job: tags past their retention are removed, each removal audited.

Core's own schedule (``CORE_SCHEDULES``) fires it for every community at 03:30 Beijing time;
it takes the org id first and is safe to run twice (a removed tag is not found again).
"""

from __future__ import annotations

from core.audit.services import write_audit
from core.jobs import actor, org_session
from core.localtime import local_today
from core.plugins import Schedule
from core.people.services import expired_tags
from tenants.models import OrgUnit


async def sweep(session, org: OrgUnit, today=None) -> int:
    """Remove the subtree's tags whose retention has passed; one audit entry per tag."""
    removed = 0
    for tag in await expired_tags(session, today or local_today()):
        await write_audit(
            session,
            actor_id=None,
            actor_name="retention",
            action="people.retention.remove_tag",
            org=org,
            object_type="people:person",
            object_id=str(tag.person_id),
            detail={"tag": tag.tag, "until": tag.until.isoformat()},
        )
        await session.delete(tag)
        removed += 1
    await session.flush()
    return removed


@actor(actor_name="people.retention", max_retries=3)
async def apply_retention(org_id: int) -> int:
    """Apply the tag retention rules in one community."""
    async with org_session(org_id) as (session, org):
        return await sweep(session, org)


ACTORS = [apply_retention]
CORE_SCHEDULES = [Schedule(id="people.retention", cron="30 3 * * *", actor_name="people.retention")]
"""Core's periodic jobs: fired for every community (core is on everywhere)."""
