"""The one place the plugin tells core about volunteer service (for points, records...)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tenants.models import OrgUnit


async def emit_volunteer_service(
    session: AsyncSession,
    org: OrgUnit,
    *,
    person_name: str,
    user_id: int | None,
    hours: float,
    ref: str,
    person_id: int | None = None,
) -> None:
    """Announce ``hours`` of patrol service by a person to every plugin enabled at ``org``."""
    from core import events

    await events.volunteer_service_recorded(
        session,
        org,
        person_name=person_name,
        user_id=user_id,
        hours=hours,
        source="patrol",
        ref=ref,
        person_id=person_id,
    )


async def emit_volunteer_service_reversed(session: AsyncSession, org: OrgUnit, *, ref: str) -> None:
    """Announce that the patrol service ``ref`` announced before was undone (corrected)."""
    from core import events

    await events.volunteer_service_reversed(session, org, source="patrol", ref=ref)
