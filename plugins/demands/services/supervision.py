"""督办: overdue demands get one supervision order each, with a new limit and a responsible cadre."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.partners.models import PartnerGrant
from core.workdays import deadline
from plugins.demands.models import Demand, Supervision
from plugins.demands.services import tell
from plugins.demands.services._common import config_of, record, today
from plugins.demands.services.handling import UNIT_HANDLER_ROLE
from plugins.demands.vocab import CLOCKED_STATUSES
from tenants.models import OrgUnit
from tenants.scoping import unscoped


def _late_unit(on: date):
    """An escalated demand handed to a unit whose limit ran out before ``on``."""
    return and_(
        Demand.status == "escalated",
        Demand.handed_to_unit_id.is_not(None),
        Demand.handed_due_on < on,
    )


class SupervisionService:
    """Supervision orders of the session's scope."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def overdue(self, on: date | None = None) -> list[Demand]:
        """Demands whose promise (or reply clock, or a unit's limit) ran out before ``on``."""
        on = on or today()
        stmt = (
            select(Demand)
            .where(
                or_(and_(Demand.status.in_(CLOCKED_STATUSES), Demand.due_on < on), _late_unit(on))
            )
            .order_by(Demand.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def supervise(self, on: date | None = None) -> int:
        """Issue an order for every overdue demand that has none; returns how many were issued.

        Running it again issues nothing new: the demand already has its order (and the unique
        constraint on ``demand_id`` settles two runs racing each other).
        """
        on = on or today()
        have = set((await self.session.execute(select(Supervision.demand_id))).scalars().all())
        issued = 0
        communities: dict[int, tuple[OrgUnit, dict]] = {}
        for demand in await self.overdue(on):
            if demand.id in have:
                continue
            if demand.org_id not in communities:
                org = await self.session.get(OrgUnit, demand.org_id)
                assert org is not None
                communities[demand.org_id] = (org, await config_of(self.session, org))
            org, config = communities[demand.org_id]
            due = deadline(on, int(config["supervision_days"]))
            unit_late = demand.status == "escalated"  # only a unit's hand-off is late there
            order = Supervision(
                org_id=demand.org_id,
                demand_id=demand.id,
                issued_on=on,
                overdue_since=demand.handed_due_on if unit_late else demand.due_on,
                new_due_on=due.due_on,
                new_due_provisional=due.provisional,
                responsible_user_id=None if unit_late else demand.handler_user_id,
            )
            try:
                async with self.session.begin_nested():
                    self.session.add(order)
                    await self.session.flush()
            except IntegrityError:  # another run issued it a moment ago
                continue
            record(self.session, demand, "supervised", str(due.due_on))
            for user_id in await self._answerable_by(demand) if unit_late else [demand.handler_user_id]:
                await tell.supervision(self.session, org, demand, user_id, due.due_on)
            issued += 1
        await self.session.flush()
        return issued

    async def _answerable_by(self, demand: Demand) -> list[int]:
        """The unit's accounts that answer handed demands (told of the order in their inbox)."""
        async with unscoped(self.session, "a unit's handler accounts: grants live at the unit's org"):
            users = await self.session.scalars(
                select(PartnerGrant.user_id).where(
                    PartnerGrant.unit_id == demand.handed_to_unit_id,
                    PartnerGrant.role == UNIT_HANDLER_ROLE,
                )
            )
            return sorted(set(users))

    async def list(self, open_only: bool = False) -> list[tuple[Supervision, Demand]]:
        """Supervision orders of the scope with their demands, newest first."""
        stmt = (
            select(Supervision, Demand)
            .join(Demand, Demand.id == Supervision.demand_id)
            .order_by(Supervision.issued_on.desc(), Supervision.id.desc())
        )
        if open_only:
            stmt = stmt.where(Supervision.resolved_on.is_(None))
        return [(s, d) for s, d in (await self.session.execute(stmt)).all()]
