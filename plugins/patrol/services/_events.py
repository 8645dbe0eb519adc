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
) -> None:
    """Announce ``hours`` of patrol service by a person to every plugin enabled at ``org``."""
    # Core has no separate event module yet; the per-org hook call is the event bus, and it
    # reaches only the plugins enabled at ``org``.
    from core.plugins import get_plugin_manager

    await get_plugin_manager().call_for_org(
        session,
        org,
        "volunteer_service_recorded",
        session=session,
        person_name=person_name,
        user_id=user_id,
        hours=hours,
        source="patrol",
        ref=ref,
    )
