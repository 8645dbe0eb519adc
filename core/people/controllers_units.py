"""The register's households and units over JSON (see :mod:`core.people.controllers`)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, delete, get, patch, post

from core.context import RequestContext
from core.errors import N_, Invalid
from core.people import schemas as s
from core.people.services import HouseholdService, UnitService
from core.people.services.persons import MAX_PAGE, MAX_PAGE_SIZE

Row = dict[str, Any]


def _paging(page: int, page_size: int) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise Invalid(
            N_("{field} must be between 1 and {max}"), field="page", params={"max": MAX_PAGE}
        )
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(
            N_("{field} must be between 1 and {max}"),
            field="page_size",
            params={"max": MAX_PAGE_SIZE},
        )


class HouseholdController(Controller):
    """Households of an org's subtree."""

    path = "/orgs/{org_id:int}/households"
    tags = ["people"]

    @get("/", operation_id="ListHouseholds")
    async def list_households(
        self,
        ctx: RequestContext,
        org_id: int,
        q: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Row:
        """A page of households, by label."""
        org = await ctx.enter_org(org_id, "people:household", "read")
        _paging(page, page_size)
        rows, total = await HouseholdService(ctx.session).list(org, q, page, page_size)
        return s.page_out([s.household_out(h) for h in rows], total, page, page_size)

    @post("/", operation_id="CreateHousehold")
    async def create(self, ctx: RequestContext, org_id: int, data: s.HouseholdCreate) -> Row:
        """A new household (members join by setting their ``household_id``)."""
        org = await ctx.enter_org(org_id, "people:household", "create")
        household = await HouseholdService(ctx.session).create(org, s.given(data))
        await ctx.audit("people.household.create", org, "people:household", str(household.id))
        return s.household_out(household, [])

    @get("/{household_id:int}", operation_id="GetHousehold")
    async def read(self, ctx: RequestContext, org_id: int, household_id: int) -> Row:
        """A household with its members (masked)."""
        await ctx.enter_org(org_id, "people:household", "read")
        service = HouseholdService(ctx.session)
        household = await service.get(household_id)
        return s.household_out(household, await service.members(household.id))

    @patch("/{household_id:int}", operation_id="UpdateHousehold")
    async def update(
        self, ctx: RequestContext, org_id: int, household_id: int, data: s.HouseholdUpdate
    ) -> Row:
        """Change the label, address or head."""
        org = await ctx.enter_org(org_id, "people:household", "update")
        service = HouseholdService(ctx.session)
        household = await service.update(await service.get(household_id), s.given(data))
        await ctx.audit("people.household.update", org, "people:household", str(household.id))
        return s.household_out(household, await service.members(household.id))

    @delete("/{household_id:int}", operation_id="DeleteHousehold", status_code=204)
    async def remove(self, ctx: RequestContext, org_id: int, household_id: int) -> None:
        """Dissolve a household; its members stay registered."""
        org = await ctx.enter_org(org_id, "people:household", "delete")
        service = HouseholdService(ctx.session)
        await service.delete(await service.get(household_id))
        await ctx.audit("people.household.delete", org, "people:household", str(household_id))


class UnitController(Controller):
    """Units (驻区单位, 共建单位) of an org's subtree."""

    path = "/orgs/{org_id:int}/units"
    tags = ["people"]

    @get("/", operation_id="ListUnits")
    async def list_units(
        self,
        ctx: RequestContext,
        org_id: int,
        q: str | None = None,
        relation: str | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Row:
        """A page of units, by name and relation."""
        org = await ctx.enter_org(org_id, "people:unit", "read")
        _paging(page, page_size)
        rows, total = await UnitService(ctx.session).list(org, q, relation, page, page_size)
        return s.page_out([s.unit_out(u) for u in rows], total, page, page_size)

    @post("/", operation_id="CreateUnit")
    async def create(self, ctx: RequestContext, org_id: int, data: s.UnitCreate) -> Row:
        """Register a unit."""
        org = await ctx.enter_org(org_id, "people:unit", "create")
        unit = await UnitService(ctx.session).create(org, s.given(data))
        await ctx.audit("people.unit.create", org, "people:unit", str(unit.id), {"name": unit.name})
        return s.unit_out(unit)

    @get("/{unit_id:int}", operation_id="GetUnit")
    async def read(self, ctx: RequestContext, org_id: int, unit_id: int) -> Row:
        """One unit."""
        await ctx.enter_org(org_id, "people:unit", "read")
        return s.unit_out(await UnitService(ctx.session).get(unit_id))

    @patch("/{unit_id:int}", operation_id="UpdateUnit")
    async def update(
        self, ctx: RequestContext, org_id: int, unit_id: int, data: s.UnitUpdate
    ) -> Row:
        """Change the given fields."""
        org = await ctx.enter_org(org_id, "people:unit", "update")
        service = UnitService(ctx.session)
        unit = await service.update(await service.get(unit_id), s.given(data))
        await ctx.audit("people.unit.update", org, "people:unit", str(unit.id))
        return s.unit_out(unit)

    @delete("/{unit_id:int}", operation_id="DeleteUnit", status_code=204)
    async def remove(self, ctx: RequestContext, org_id: int, unit_id: int) -> None:
        """Remove a unit (409 while a module refers to it)."""
        org = await ctx.enter_org(org_id, "people:unit", "delete")
        service = UnitService(ctx.session)
        await service.delete(await service.get(unit_id))
        await ctx.audit("people.unit.delete", org, "people:unit", str(unit_id))
