"""Helpers the pipeline's services share: config, lookups, the tracking code, the history."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid, NotFound
from core.localtime import local_today
from plugins.demands import manifest
from plugins.demands.models import Demand, Step
from tenants.models import OrgUnit

# No 0/O, 1/I/L: residents read the code off a phone screen or a paper slip.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_tracking_code() -> str:
    """A random tracking code (31^10 ≈ 8·10^14: not guessable, short enough to read out)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def today() -> date:
    """Today in China."""
    return local_today()


async def config_of(session: AsyncSession, org: OrgUnit) -> dict[str, Any]:
    """The module's effective config at ``org`` (defaults merged)."""
    from tenants.modules.services import ModuleService

    try:
        state = await ModuleService(session).state(org, "demands")
    except Exception:  # noqa: BLE001 - an org without a row still has the defaults
        return dict(manifest.default_config)
    return {**manifest.default_config, **(state.config or {})}


async def community_of(session: AsyncSession, org: OrgUnit) -> OrgUnit:
    """The community that keeps demands for ``org`` (itself, or a grid's community)."""
    if org.level == "community":
        return org
    if org.level == "grid":
        parent = await session.get(OrgUnit, org.parent_id)
        assert parent is not None
        return parent
    raise Invalid(
        N_("demands are kept by a community, not a {level}"),
        field="org_id",
        params={"level": org.level},
    )


async def get_demand(session: AsyncSession, demand_id: int, field: str = "demand_id") -> Demand:
    """A demand inside the session's scope, or 404 naming the field."""
    demand = await session.get(Demand, demand_id) if 0 < demand_id < 2**31 else None
    if demand is None:
        raise NotFound(N_("demand {id} not found here"), field=field, params={"id": demand_id})
    return demand


def record(
    session: AsyncSession,
    demand: Demand,
    action: str,
    note: str = "",
    by_user_id: int | None = None,
    by_org_id: int | None = None,
) -> Step:
    """Append a step to the demand's history."""
    step = Step(
        org_id=demand.org_id,
        demand_id=demand.id,
        action=action,
        note=note,
        by_user_id=by_user_id,
        by_org_id=by_org_id,
    )
    session.add(step)
    return step
