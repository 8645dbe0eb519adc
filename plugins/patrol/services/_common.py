"""Helpers shared by the patrol services: where a row belongs, time zones, lookups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid, NotFound
from core.localtime import LOCAL_TZ, as_utc, local_today  # noqa: F401  (re-exported)
from tenants.models import OrgUnit

# Shifts and "tomorrow" are local to the community; storage is UTC everywhere.


def ancestor_paths(org: OrgUnit) -> list[str]:
    """The paths of ``org`` and every ancestor, root first."""
    parts = [p for p in org.path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


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


async def kept_by_community(
    session: AsyncSession, model: type, row_id: int, org: OrgUnit, field: str
) -> Any:
    """A community-kept row (team, member) seen from ``org`` or a grid below its community.

    Teams and members belong to the community, so a request that entered one of its grids
    cannot see them through the ORM scope. This reads the row's columns with the scope
    filter written by hand: only rows owned by ``org`` itself or one of its ancestors.
    """
    table = model.__table__
    stmt = (
        select(table)
        .where(table.c.id == row_id, table.c.org_path.in_(ancestor_paths(org)))
        .execution_options(scoped_by_hand=True)
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        raise NotFound(
            N_("{table} {id} not found here"),
            field=field,
            params={"table": model.__tablename__, "id": row_id},
        )
    return row


# One whole sentence per register, so each translates as a sentence.
_KEPT_BY_COMMUNITY = {
    "teams": N_("teams are kept by a community, not a {level}"),
    "members": N_("members are kept by a community, not a {level}"),
    "activities": N_("activities are kept by a community, not a {level}"),
    "merchants": N_("merchants are kept by a community, not a {level}"),
    "joint meetings": N_("joint meetings are kept by a community, not a {level}"),
}


def require_community(org: OrgUnit, what: str) -> None:
    """Refuse to keep community registers anywhere but at a community."""
    if org.level != "community":
        msgid = _KEPT_BY_COMMUNITY.get(
            what, N_("this register is kept by a community, not a {level}")
        )
        raise Invalid(msgid, field="org_id", params={"level": org.level})


async def place(session: AsyncSession, org: OrgUnit, grid_id: int | None) -> OrgUnit:
    """The org that owns a grid-bound row: the grid when given (inside ``org``), else ``org``."""
    if grid_id is None:
        return org
    grid = await session.get(OrgUnit, grid_id)
    if grid is None or grid.level != "grid" or not grid.path.startswith(org.path):
        raise Invalid(
            N_("grid {grid} is not a grid of {org}"),
            field="grid_id",
            params={"grid": grid_id, "org": org.name},
        )
    return grid


async def community_of(session: AsyncSession, org: OrgUnit) -> OrgUnit:
    """The community of a community or grid."""
    if org.level == "grid":
        parent = await session.get(OrgUnit, org.parent_id)
        assert parent is not None
        return parent
    return org
