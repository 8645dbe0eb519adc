"""Entering a unit: the check behind ``RequestContext.enter_unit`` and what a handler gets back.

A unit account's request stays scoped to *no* org subtree. Rows linked to its unit (a party
member's ledger in whichever community they live) are read through :class:`UnitAccess`, the
one greppable way out of the tenant scope for partner routes: ``unscoped(session, reason)``
and a filter on the unit's id, together.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from litestar.exceptions import NotFoundException, PermissionDeniedException
from sqlalchemy.ext.asyncio import AsyncSession

from core.people.models import Unit
from core.users.services import MAX_ID
from tenants.models import OrgUnit
from tenants.scoping import unscoped


@dataclass
class UnitAccess:
    """A checked entry into one unit: the unit (detached), the session, and its way across communities."""

    session: AsyncSession
    unit: Unit
    org: OrgUnit
    """The org that registered the unit (where its grants are managed)."""

    @property
    def unit_id(self) -> int:
        """The unit's id."""
        return self.unit.id

    def only(self, column: Any) -> Any:
        """The filter every linked read must carry: ``column == <this unit's id>``."""
        return column == self.unit.id

    @asynccontextmanager
    async def across_communities(self, reason: str) -> AsyncIterator[AsyncSession]:
        """Leave the tenant scope for reading (or answering on) rows linked to this unit.

        Every statement inside must filter with :meth:`only` (directly, or through a join
        on a row that does); ``reason`` says which rows and why, for the reader and the logs.
        """
        async with unscoped(self.session, f"partner unit {self.unit.id}: {reason}") as session:
            yield session


async def find_unit(
    session: AsyncSession, unit_id: int, field: str = "unit_id"
) -> tuple[Unit, OrgUnit]:
    """The unit and its org, found by id outside any scope, or 404 naming the field."""
    async with unscoped(session, "a unit is found by id, whichever org registered it"):
        unit = await session.get(Unit, unit_id) if 0 < unit_id <= MAX_ID else None
        org = await session.get(OrgUnit, unit.org_id) if unit is not None else None
    if unit is None or org is None:
        raise NotFoundException(detail=f"{field}: unit {unit_id} not found")
    return unit, org


async def enter_unit(
    ctx: Any, unit_id: int, obj: str, act: str, field: str = "unit_id"
) -> UnitAccess:
    """Load the unit, check the caller's unit role with casbin (domain ``unit:<id>``), or 403.

    ``ctx`` is the request's ``core.context.RequestContext`` (not imported: it calls us).
    """
    unit, org = await find_unit(ctx.session, unit_id, field)
    partners = getattr(ctx.state, "partners", None)
    allowed = ctx.user.is_platform_admin or (
        partners is not None and partners.enforce(ctx.user.id, unit.id, obj, act)
    )
    if not allowed:
        await ctx.audit(
            "authz.denied", org, obj, f"unit:{unit.id}", {"action": act}, commit_now=True
        )
        raise PermissionDeniedException(detail=f"you may not {act} {obj} at unit {unit.id}")
    return UnitAccess(ctx.session, unit, org)
