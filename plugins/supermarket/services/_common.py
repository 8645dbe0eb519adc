"""Helpers shared by the supermarket services: lookups, the community, the module config."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid, NotFound
from core.people.models import Person, PersonTag
from plugins.supermarket import DEFAULT_CONFIG
from tenants.models import OrgUnit


async def get_in_scope(session: AsyncSession, model: type, row_id: int, field: str) -> Any:
    """A row of ``model`` inside the session's scope, or NotFound naming the field."""
    row = await session.get(model, row_id)
    if row is None:
        raise NotFound(
            N_("{table} {id} not found here"),
            field=field,
            params={"table": model.__tablename__, "id": row_id},
        )
    return row


def require_community(org: OrgUnit) -> None:
    """The supermarket is kept by a community; refuse writes anywhere else."""
    if org.level != "community":
        raise Invalid(
            N_("the love supermarket is kept by a community, not a {level}"),
            field="org_id",
            params={"level": org.level},
        )


async def community_of(session: AsyncSession, org: OrgUnit) -> OrgUnit:
    """The community of a community or a grid (the org that keeps the supermarket)."""
    if org.level == "grid":
        parent = await session.get(OrgUnit, org.parent_id)
        assert parent is not None
        return parent
    return org


async def config_of(session: AsyncSession, org: OrgUnit) -> dict[str, Any]:
    """The effective module config at ``org`` (defaults merged)."""
    from tenants.modules.services import ModuleService

    state = await ModuleService(session).state(org, "supermarket")
    return {**DEFAULT_CONFIG, **(state.config or {})}


async def person_here(session: AsyncSession, person_id: int, field: str = "person_id") -> Person:
    """A person of the register inside the scope, or 404 naming the field."""
    person = await session.get(Person, person_id)
    if person is None or person.status == "erased":
        raise NotFound(
            N_("person {person} not found here"), field=field, params={"person": person_id}
        )
    return person


async def person_tags(session: AsyncSession, person_ids: list[int]) -> dict[int, set[str]]:
    """The current tags of some persons (``until`` unset or in the future)."""
    if not person_ids:
        return {}
    rows = await session.execute(
        select(PersonTag.person_id, PersonTag.tag).where(PersonTag.person_id.in_(person_ids))
    )
    out: dict[int, set[str]] = {}
    for pid, tag in rows.all():
        out.setdefault(pid, set()).add(tag)
    return out
