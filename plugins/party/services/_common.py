"""Helpers shared by the party services: config, lookups, the member's year."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid, NotFound
from core.localtime import local_today
from core.plugins import get_plugin_manager
from tenants.models import OrgUnit

PLUGIN = "party"


async def party_config(session: AsyncSession, org: OrgUnit) -> dict[str, Any]:
    """The effective config of the module at ``org`` (defaults merged)."""
    from plugins.party import manifest
    from tenants.modules.services import ModuleService

    state = await ModuleService(session, get_plugin_manager()).state(org, PLUGIN)
    return {**manifest.default_config, **(state.config or {})}


async def get_in_scope(session: AsyncSession, model: type, row_id: int, field: str) -> Any:
    """A row of ``model`` inside the session's scope, or NotFound naming the field."""
    row = await session.get(model, row_id) if 0 < row_id <= 2**31 - 1 else None
    if row is None:
        raise NotFound(
            N_("{table} {id} not found here"),
            field=field,
            params={"table": model.__tablename__, "id": row_id},
        )
    return row


def require_community(org: OrgUnit) -> None:
    """Members report to a community; its grids and streets keep no party register."""
    if org.level != "community":
        raise Invalid(
            N_("party members report to a community, not a {level}"),
            field="org_id",
            params={"level": org.level},
        )


def this_year() -> int:
    """The current year in China."""
    return local_today().year


def check_year(year: int | None, field: str = "year") -> int:
    """A plausible evaluation year (default: this one), or Invalid naming the field."""
    if year is None:
        return this_year()
    if not 2000 <= year <= this_year() + 1:
        raise Invalid(N_("{field} must be a year between 2000 and next year"), field=field)
    return year


def check_choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    """``value`` if it is one of ``allowed``, else Invalid naming the field and the choices."""
    if value not in allowed:
        raise Invalid(
            N_("{field} must be one of {expected}"),
            field=field,
            params={"expected": ", ".join(allowed)},
        )
    return value
