"""What the module shows on a person's register page and gives to a subject-access export."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from plugins.children.models import Child
from plugins.children.services.record import build_record
from plugins.children.vocab import label


async def child_panel(session: AsyncSession, person) -> dict[str, Any]:
    """Masked content: category and status of the child's registration here, nothing more."""
    rows = await session.execute(select(Child).where(Child.person_id == person.id))
    return {
        "rows": [(label("categories", c.category), c.status) for c in rows.scalars()],
    }


async def person_data(session: AsyncSession, person) -> dict[str, Any] | None:
    """Every record the home keeps about the person (their registrations as a child)."""
    rows = list(
        (await session.execute(select(Child).where(Child.person_id == person.id))).scalars()
    )
    if not rows:
        return None
    return {"children": [await build_record(session, child) for child in rows]}
