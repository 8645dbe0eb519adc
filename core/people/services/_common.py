"""Small helpers shared by the register's services."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid, NotFound
from tenants.models import OrgUnit
from tenants.scoping import get_scope, in_scope

MAX_ID = 2**31 - 1
PERSON_LEVELS = ("community", "grid")
"""A person is a tenant row of their grid, or of their community while no grid is known."""


async def get_row(session: AsyncSession, model, row_id: int, field: str, what: str):
    """A tenant row inside the session's scope, or NotFound naming ``field``."""
    row = await session.get(model, row_id) if 0 < row_id <= MAX_ID else None
    if row is None:
        raise NotFound(
            N_("{what} {id} not found"), field=field, params={"what": what, "id": row_id}
        )
    return row


async def home_org(
    session: AsyncSession, org: OrgUnit, grid_id: int | None, field: str = "grid_id"
) -> OrgUnit:
    """The org a person is registered at: the grid ``grid_id`` inside ``org``, else ``org`` itself."""
    if grid_id is None:
        target = org
    else:
        target = await session.get(OrgUnit, grid_id) if 0 < grid_id <= MAX_ID else None
        if (
            target is None
            or not in_scope(get_scope(session), target.path)
            or not target.path.startswith(org.path)
        ):
            raise Invalid(
                N_("{field}: org {id} is not a grid inside this org"),
                field=field,
                params={"id": grid_id},
            )
    if target.level not in PERSON_LEVELS:
        raise Invalid(
            N_("{field}: people are registered at a community or a grid, not at a {level}"),
            field=field,
            params={"level": target.level},
        )
    return target


def community_path(org: OrgUnit) -> str:
    """The path of the community a community or grid belongs to."""
    if org.level == "grid":
        return org.path[: org.path.rstrip("/").rfind("/") + 1]
    return org.path


def like_escape(text: str) -> str:
    """``text`` with LIKE wildcards escaped (use with ``escape='\\\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
