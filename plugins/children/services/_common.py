"""Helpers shared by the children's services: lookups inside the scope, purposes, dates."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, NotFound
from core.people.models import Person
from core.users.services import MAX_ID

CARE = "children.care"
"""Consent purpose: pairing assistance (notes of contacts, parents' contact details)."""

CUSTODY = "children.custody"
"""Consent purpose: custody at the migrant children's home and its activities."""


async def get_in_scope(session: AsyncSession, model: type, row_id: int, field: str) -> Any:
    """A row of ``model`` inside the session's scope, or NotFound naming the field."""
    row = await session.get(model, row_id) if 0 < row_id <= MAX_ID else None
    if row is None:
        raise NotFound(
            N_("{table} {id} not found here"),
            field=field,
            params={"table": model.__tablename__, "id": row_id},
        )
    return row


async def person_in_scope(session: AsyncSession, person_id: int, field: str) -> Person:
    """A register person the community can see (its own or its grids'), not erased."""
    person = await session.get(Person, person_id) if 0 < person_id <= MAX_ID else None
    if person is None or person.status == "erased":
        raise NotFound(
            N_("person {person} is not on this community's register"),
            field=field,
            params={"person": person_id},
        )
    return person


async def persons_by_id(session: AsyncSession, ids) -> dict[int, Person]:
    """Register persons of the scope by id (missing ids are left out)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    from sqlalchemy import select

    rows = await session.execute(select(Person).where(Person.id.in_(wanted)))
    return {p.id: p for p in rows.scalars()}
