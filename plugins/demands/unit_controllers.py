"""HTTP routes of the unit side, under /api/v1/units/{unit_id}/demands (partner accounts).

A unit sees only the escalated demands a street or the city handed to it, and answers them.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post

from core.context import RequestContext
from plugins.demands import schemas as s
from plugins.demands.services.unit_side import UnitDemandService

Row = dict[str, Any]


class UnitDemandController(Controller):
    """The unit's inbox of handed demands."""

    path = "/"

    @get("/", operation_id="DemandsUnitList")
    async def handed(
        self, ctx: RequestContext, unit_id: int, pending_only: bool = False
    ) -> list[Row]:
        """Demands handed to the unit, newest first (``pending_only``: still to answer)."""
        access = await ctx.enter_unit(unit_id, "demands:handoff", "read")
        rows = await UnitDemandService(access).list(pending_only)
        return [s.unit_demand_out(*row) for row in rows]

    @get("/{demand_id:int}", operation_id="DemandsUnitGet")
    async def one(self, ctx: RequestContext, unit_id: int, demand_id: int) -> Row:
        """One demand handed to the unit."""
        access = await ctx.enter_unit(unit_id, "demands:handoff", "read")
        return s.unit_demand_out(*await UnitDemandService(access).get(demand_id))

    @post("/{demand_id:int}/answer", operation_id="DemandsUnitAnswer", status_code=200)
    async def answer(
        self, ctx: RequestContext, unit_id: int, demand_id: int, data: s.Answer
    ) -> Row:
        """Answer a handed demand; the community's reply clock starts that day."""
        access = await ctx.enter_unit(unit_id, "demands:handoff", "update")
        row = await UnitDemandService(access).answer(
            demand_id, data.answer, ctx.user.id, data.answered_on
        )
        await ctx.audit(
            "demands.unit_answer",
            access.org,
            "demands:demand",
            str(demand_id),
            {"unit_id": unit_id},
        )
        return s.unit_demand_out(*row)


UNIT_ROUTES = [UnitDemandController]
