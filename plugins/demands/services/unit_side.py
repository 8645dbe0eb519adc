"""What a unit's account (a partner organisation, ``unit_demand_handler``) sees and does: the
escalated demands a street or the city handed to it, in whichever community they were raised.

Every read leaves the tenant scope only through ``UnitAccess.across_communities`` and filters
on the unit's id (``access.only(Demand.handed_to_unit_id)``). A community that switched the
module off shows nothing, here as anywhere.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.errors import N_, Conflict, NotFound
from core.partners import UnitAccess
from core.people.models import Person
from core.plugins import get_plugin_manager
from plugins.demands.models import Demand
from plugins.demands.services.handling import HandlingService
from tenants.models import OrgUnit
from tenants.modules.services import ModuleService

PLUGIN = "demands"


class UnitDemandService:
    """The unit side of the pipeline, through one checked :class:`UnitAccess`."""

    def __init__(self, access: UnitAccess) -> None:
        self.access = access
        self.session = access.session
        self._orgs: dict[int, OrgUnit | None] = {}

    async def _community(self, org_id: int) -> OrgUnit | None:
        """The demand's community when the module is on there, else None."""
        if org_id not in self._orgs:
            org = await self.session.get(OrgUnit, org_id)
            on = org is not None and await ModuleService(
                self.session, get_plugin_manager()
            ).is_enabled(org, PLUGIN)
            self._orgs[org_id] = org if on else None
        return self._orgs[org_id]

    async def list(self, pending_only: bool = False) -> list[tuple[Demand, Person | None, OrgUnit]]:
        """Demands handed to the unit (newest hand-off first), each with its resident and
        community."""
        async with self.access.across_communities("escalated demands handed to the unit") as s:
            stmt = (
                select(Demand, Person)
                .outerjoin(Person, Person.id == Demand.person_id)
                .where(self.access.only(Demand.handed_to_unit_id))
                .order_by(Demand.handed_on.desc(), Demand.id.desc())
            )
            if pending_only:
                stmt = stmt.where(Demand.status == "escalated")
            rows = (await s.execute(stmt)).all()
            out = []
            for demand, person in rows:
                community = await self._community(demand.org_id)
                if community is not None:
                    out.append((demand, person, community))
        return out

    async def _one(self, s, demand_id: int) -> tuple[Demand, Person | None, OrgUnit]:
        # Inside across_communities: the row is read through access.only(...).
        row = (
            await s.execute(
                select(Demand, Person)
                .outerjoin(Person, Person.id == Demand.person_id)
                .where(self.access.only(Demand.handed_to_unit_id), Demand.id == demand_id)
            )
        ).first()
        community = await self._community(row[0].org_id) if row is not None else None
        if row is None or community is None:
            raise NotFound(
                N_("demand {id} not found here"), field="demand_id", params={"id": demand_id}
            )
        return row[0], row[1], community

    async def get(self, demand_id: int) -> tuple[Demand, Person | None, OrgUnit]:
        """One demand handed to the unit, or 404 naming ``demand_id``."""
        async with self.access.across_communities("one escalated demand handed to the unit") as s:
            return await self._one(s, demand_id)

    async def answer(
        self, demand_id: int, answer: str, user_id: int, answered_on: date | None = None
    ) -> tuple[Demand, Person | None, OrgUnit]:
        """The unit answers in its holder's place: the community's reply clock starts."""
        async with self.access.across_communities(
            "the unit answers an escalated demand handed to it"
        ) as s:
            demand, person, community = await self._one(s, demand_id)
            if demand.status != "escalated":
                raise Conflict(
                    N_("demand {id} has been answered already"),
                    field="demand_id",
                    params={"id": demand.id},
                )
            await HandlingService(s).answer_held(
                demand, answer, user_id, answered_on, by_unit_id=self.access.unit_id
            )
        return demand, person, community
