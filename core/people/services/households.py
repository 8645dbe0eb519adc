"""Households (户): an address and its members, each with their relation to the head."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from core.people.models import Household, Person
from core.people.services._common import get_row, home_org, like_escape
from tenants.models import OrgUnit


class HouseholdService:
    """The households of the session's scope."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, household_id: int) -> Household:
        """A household in scope, or 404 naming ``household_id``."""
        return await get_row(self.session, Household, household_id, "household_id", "household")

    async def create(self, org: OrgUnit, data: dict[str, Any]) -> Household:
        """A new household at ``org`` (or its grid ``grid_id``)."""
        home = await home_org(self.session, org, data.get("grid_id"))
        household = Household(org_id=home.id)
        await self.update(household, data, new=True)
        self.session.add(household)
        await self.session.flush()
        return household

    async def update(
        self, household: Household, data: dict[str, Any], new: bool = False
    ) -> Household:
        """Change the label, address or head (the head must be a member)."""
        for key in ("label", "building", "unit_no", "room"):
            if data.get(key) is not None:
                setattr(household, key, data[key].strip())
        if "head_person_id" in data and data["head_person_id"] is not None:
            head = (
                await self.session.get(Person, data["head_person_id"])
                if 0 < data["head_person_id"] < 2**31
                else None
            )
            if head is None or (not new and head.household_id != household.id):
                raise Invalid(
                    N_("{field}: person {id} is not a member of this household"),
                    field="head_person_id",
                    params={"id": data["head_person_id"]},
                )
            household.head_person_id = head.id
            if new:
                await self.session.flush()
        if not new:
            await self.session.flush()
        return household

    async def list(
        self, org: OrgUnit, q: str | None, page: int, page_size: int
    ) -> tuple[list[Household], int]:
        """A page of the subtree's households (by label or address) and the total."""
        stmt = select(Household).where(Household.org_path.startswith(org.path))
        if q and q.strip():
            stmt = stmt.where(Household.label.like(f"%{like_escape(q.strip())}%", escape="\\"))
        total = (
            await self.session.execute(select(func.count()).select_from(stmt.subquery()))
        ).scalar_one()
        rows = await self.session.execute(
            stmt.order_by(Household.building, Household.unit_no, Household.room, Household.id)
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
        return list(rows.scalars()), total

    async def members(self, household_id: int) -> list[Person]:
        """The household's members, the head first."""
        stmt = (
            select(Person)
            .where(Person.household_id == household_id)
            .order_by(Person.relation_to_head != "head", Person.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def delete(self, household: Household) -> None:
        """Dissolve a household; its members stay on the register without one."""
        await self.session.execute(
            update(Person).where(Person.household_id == household.id).values(household_id=None)
        )
        await self.session.delete(household)
        await self.session.flush()
