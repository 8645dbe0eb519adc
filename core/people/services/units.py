"""Units in the area (驻区单位) and co-building units (共建单位), with their party organisation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from core.people.models import Unit
from core.people.services._common import get_row, like_escape
from core.people.services._validate import (
    UNIT_KINDS,
    UNIT_RELATIONS,
    check_choice,
    check_credit_code,
    check_phone,
)
from core.privacy import blind_index
from tenants.models import OrgUnit

CONTACT_CONTEXT = "people_units.contact_phone"


class UnitService:
    """The units of the session's scope."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, unit_id: int) -> Unit:
        """A unit in scope, or 404 naming ``unit_id``."""
        return await get_row(self.session, Unit, unit_id, "unit_id", "unit")

    async def create(self, org: OrgUnit, data: dict[str, Any]) -> Unit:
        """Register a unit at ``org``."""
        unit = Unit(org_id=org.id, name="")
        self._apply(unit, data)
        self.session.add(unit)
        await self.session.flush()
        return unit

    async def update(self, unit: Unit, data: dict[str, Any]) -> Unit:
        """Change the given fields."""
        self._apply(unit, data)
        await self.session.flush()
        return unit

    def _apply(self, unit: Unit, data: dict[str, Any]) -> None:
        if "name" in data and not (data["name"] or "").strip():
            raise Invalid(N_("{field} must not be empty"), field="name")
        if data.get("kind") is not None:
            check_choice(data["kind"], UNIT_KINDS, "kind")
        if data.get("relation") is not None:
            check_choice(data["relation"], UNIT_RELATIONS, "relation")
        if data.get("credit_code") is not None:
            data = {**data, "credit_code": check_credit_code(data["credit_code"])}
        if "contact_phone" in data:
            unit.contact_phone = check_phone(data["contact_phone"], "contact_phone")
            unit.contact_phone_bidx = blind_index(unit.contact_phone, CONTACT_CONTEXT)
        for key in (
            "name",
            "kind",
            "relation",
            "credit_code",
            "address",
            "party_org_name",
            "contact_name",
            "description",
            "active",
        ):
            if key in data and data[key] is not None:
                setattr(unit, key, data[key].strip() if isinstance(data[key], str) else data[key])

    async def list(
        self, org: OrgUnit, q: str | None, relation: str | None, page: int, page_size: int
    ) -> tuple[list[Unit], int]:
        """A page of the subtree's units and the total."""
        stmt = select(Unit).where(Unit.org_path.startswith(org.path))
        if q and q.strip():
            stmt = stmt.where(Unit.name.like(f"%{like_escape(q.strip())}%", escape="\\"))
        if relation:
            stmt = stmt.where(Unit.relation == relation)
        total = (
            await self.session.execute(select(func.count()).select_from(stmt.subquery()))
        ).scalar_one()
        rows = await self.session.execute(
            stmt.order_by(Unit.name, Unit.id).offset((page - 1) * page_size).limit(page_size)
        )
        return list(rows.scalars()), total

    async def delete(self, unit: Unit) -> None:
        """Remove a unit (409 while a module still refers to it)."""
        await self.session.delete(unit)
        await self.session.flush()
