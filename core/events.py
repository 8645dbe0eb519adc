"""Core events, delivered through hooks to the plugins enabled at the org they are about.

Each event declares how it is delivered; both events below run in the caller's transaction,
so a plugin's reaction commits or rolls back with the fact itself.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.plugins import PluginManager, get_plugin_manager
from tenants.models import OrgUnit

DELIVERY: dict[str, str] = {
    "org_created": "transaction",
    "volunteer_service_recorded": "transaction",
    "volunteer_service_reversed": "transaction",
}
"""How each core event is delivered: in the emitter's transaction, or (later) as a job."""


async def org_created(session: AsyncSession, org: OrgUnit, plugins: PluginManager | None = None) -> None:
    """Tell the plugins enabled at the new node that it exists."""
    await (plugins or get_plugin_manager()).call_for_org(session, org, "org_created", session=session)


async def volunteer_service_recorded(session: AsyncSession, org: OrgUnit, *, person_name: str,
                                     user_id: int | None, hours: float, source: str, ref: str,
                                     person_id: int | None = None,
                                     plugins: PluginManager | None = None) -> None:
    """Tell the plugins enabled at ``org`` that a volunteer served ``hours`` (from plugin ``source``).

    ``(source, ref)`` identifies the service: consumers credit it once however often it arrives.
    """
    await (plugins or get_plugin_manager()).call_for_org(
        session, org, "volunteer_service_recorded", session=session, person_name=person_name,
        user_id=user_id, hours=hours, source=source, ref=ref, person_id=person_id)


async def volunteer_service_reversed(session: AsyncSession, org: OrgUnit, *, source: str, ref: str,
                                     plugins: PluginManager | None = None) -> None:
    """Tell the plugins enabled at ``org`` that the service ``(source, ref)`` was undone."""
    await (plugins or get_plugin_manager()).call_for_org(
        session, org, "volunteer_service_reversed", session=session, source=source, ref=ref)
