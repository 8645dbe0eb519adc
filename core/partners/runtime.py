"""The process's partner authorizer: loaded with the org authorizer, reloaded when it reloads."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.authz import Grant
from core.authz.runtime import AuthzRuntime
from core.partners._authz import PartnerAuthorizer
from core.partners.models import PartnerGrant


class PartnerRuntime:
    """Partner links from ``partner_grants``, following the org authorizer's reloads and news."""

    def __init__(self, authz: AuthzRuntime) -> None:
        self.authz = authz
        self.authorizer = PartnerAuthorizer()
        authz.reload_listeners.append(self._reload)

    async def _reload(self, session: AsyncSession, grants: list[Grant]) -> None:
        # Called inside the org authorizer's unscoped reload session.
        rows = (
            await session.execute(
                select(PartnerGrant.user_id, PartnerGrant.role, PartnerGrant.unit_id)
            )
        ).all()
        self.authorizer.load(grants, [tuple(r) for r in rows])

    def enforce(self, user_id: int, unit_id: int, obj: str, act: str) -> bool:
        """May the user do ``act`` on ``obj`` at the unit?"""
        return self.authorizer.enforce(user_id, unit_id, obj, act)

    def units_of(self, user_id: int) -> list[int]:
        """Units where the user holds a unit role."""
        return self.authorizer.units_of(user_id)

    async def link_added(self, user_id: int, role: str, unit_id: int) -> None:
        """Apply a committed grant here and tell the other processes."""
        self.authorizer.add_link(user_id, role, unit_id)
        await self.authz.announce()

    async def link_removed(self, user_id: int, role: str, unit_id: int) -> None:
        """Apply a committed withdrawal here and tell the other processes."""
        self.authorizer.remove_link(user_id, role, unit_id)
        await self.authz.announce()
