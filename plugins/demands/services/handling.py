"""Disposition (限期办理), escalation up the tree (and on to a unit), closing (销号), rating."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Invalid
from core.partners.models import PartnerGrant
from core.people.models import Unit
from core.users.models import User
from core.workdays import deadline
from plugins.demands.models import Demand, Supervision
from plugins.demands.services import tell
from plugins.demands.services._common import config_of, get_demand, record, today
from plugins.demands.vocab import DISPOSABLE_STATUSES, KINDS, RATINGS, label
from tenants.models import OrgUnit

UNIT_HANDLER_ROLE = "unit_demand_handler"
"""The unit role (core.users.roles.UNIT_ROLES) of the accounts that answer handed demands."""
USER_RATINGS = tuple(r for r in RATINGS if r != "unrated")


class HandlingService:
    """What the community (and its superiors) do with a demand."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _community(self, demand: Demand) -> OrgUnit:
        org = await self.session.get(OrgUnit, demand.org_id)
        assert org is not None
        return org

    async def dispose(
        self,
        demand_id: int,
        kind: str,
        *,
        by_user_id: int | None,
        working_days: int | None = None,
        handler_user_id: int | None = None,
        documents_needed: str = "",
        department: str = "",
        explanation: str = "",
        solution: str = "",
        note: str = "",
    ) -> Demand:
        """Choose one of the five dispositions; each has its own required fields and rule."""
        demand = await get_demand(self.session, demand_id)
        if kind not in KINDS:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="kind",
                params={"allowed": ", ".join(KINDS)},
            )
        if demand.status not in DISPOSABLE_STATUSES:
            raise Conflict(
                N_("demand {id} is {status}; it cannot be disposed of now"),
                field="kind",
                params={"id": demand.id, "status": demand.status},
            )
        community = await self._community(demand)
        config = await config_of(self.session, community)
        handler_name = await self._handler(handler_user_id)
        demand.handler_user_id = handler_user_id or demand.handler_user_id or by_user_id
        escalated_to = ""
        if kind == "immediate":
            if not solution.strip():
                raise Invalid(N_("{field} is required"), field="solution")
            demand.solution, demand.closed_on, demand.status = solution.strip(), today(), "closed"
        elif kind == "promised":
            days = config["promise_days"] if working_days is None else working_days
            if not 1 <= days <= 60:
                raise Invalid(N_("{field} must be between 1 and 60"), field="working_days")
            # The promise runs from the day the demand was accepted (a paper record entered
            # later keeps its real date), counted in working days on the official calendar.
            start = (
                demand.received_on if demand.status == "open" and not demand.reopened else today()
            )
            due = deadline(start, days)
            demand.due_on, demand.due_provisional, demand.status = (
                due.due_on,
                due.provisional,
                "promised",
            )
        elif kind == "missing_documents":
            if demand.documents_notice_on is not None:
                raise Conflict(
                    N_("demand {id} already had its one written notice of missing documents"),
                    field="kind",
                    params={"id": demand.id},
                )
            if not documents_needed.strip():
                raise Invalid(N_("{field} is required"), field="documents_needed")
            demand.documents_needed, demand.documents_notice_on = documents_needed.strip(), today()
            demand.status = "missing_documents"
        elif kind == "escalated":
            street = await self.session.get(OrgUnit, community.parent_id)
            if street is None:
                raise Invalid(
                    N_("{field}: this community has no superior to escalate to"), field="kind"
                )
            demand.escalated_to_org_id, demand.escalated_on, demand.status = (
                street.id,
                today(),
                "escalated",
            )
            demand.due_on, demand.due_provisional = None, False
            escalated_to = street.name
        else:  # referred: not the community's business; the reply names the right department
            if not department.strip():
                raise Invalid(N_("{field} is required"), field="department")
            if not explanation.strip():
                raise Invalid(N_("{field} is required"), field="explanation")
            demand.referred_to, demand.solution = department.strip()[:200], explanation.strip()
            demand.closed_on, demand.status = today(), "closed"
        demand.kind = kind
        record(
            self.session,
            demand,
            f"disposed:{kind}",
            note or solution or documents_needed or department,
            by_user_id,
            community.id,
        )
        await tell.handling(
            self.session, community, demand, handler=handler_name, escalated_to=escalated_to
        )
        if demand.status == "closed":
            await tell.opinion(self.session, community, demand)
        await self.session.flush()
        return demand

    async def _handler(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        user = await self.session.get(User, user_id)
        if user is None:
            raise Invalid(
                N_("user {id} not found"), field="handler_user_id", params={"id": user_id}
            )
        return user.display_name or user.username

    async def queue(self, holder: OrgUnit) -> list[Demand]:
        """The escalated demands a street (or city) holds, oldest first."""
        stmt = (
            select(Demand)
            .where(Demand.status == "escalated", Demand.escalated_to_org_id == holder.id)
            .order_by(Demand.escalated_on, Demand.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def _held(self, holder: OrgUnit, demand_id: int) -> Demand:
        demand = await get_demand(self.session, demand_id)
        if demand.status != "escalated" or demand.escalated_to_org_id != holder.id:
            raise Conflict(
                N_("demand {id} is not in the queue of {org}"),
                field="demand_id",
                params={"id": demand.id, "org": holder.name},
            )
        return demand

    async def answer(
        self,
        holder: OrgUnit,
        demand_id: int,
        answer: str,
        by_user_id: int | None,
        answered_on: date | None = None,
    ) -> Demand:
        """The superior answers: the community's reply clock (working days) starts that day."""
        demand = await self._held(holder, demand_id)
        await self.answer_held(demand, answer, by_user_id, answered_on, by_org_id=holder.id)
        return demand

    async def answer_held(
        self,
        demand: Demand,
        answer: str,
        by_user_id: int | None,
        answered_on: date | None = None,
        *,
        by_org_id: int | None = None,
        by_unit_id: int | None = None,
    ) -> Demand:
        """Record the answer to an escalated demand (from its holder, or the unit it was
        handed to) and start the community's reply clock, in working days, that day."""
        if not answer.strip():
            raise Invalid(N_("{field} is required"), field="answer")
        answered_on = answered_on or today()
        if answered_on > today():
            raise Invalid(N_("{field} is in the future"), field="answered_on")
        community = await self._community(demand)
        config = await config_of(self.session, community)
        due = deadline(answered_on, int(config["reply_days"]))
        demand.answer, demand.answered_on = answer.strip(), answered_on
        demand.answered_by_org_id, demand.answered_by_unit_id = by_org_id, by_unit_id
        demand.due_on, demand.due_provisional, demand.status = (
            due.due_on,
            due.provisional,
            "answered",
        )
        action = "answered" if by_unit_id is None else "answered:unit"
        record(self.session, demand, action, answer.strip(), by_user_id, by_org_id)
        await tell.answered(self.session, community, demand)
        await self.session.flush()
        return demand

    async def handler_units(self) -> list[Unit]:
        """Units of the scope with at least one account that handles demands."""
        has_handler = select(PartnerGrant.unit_id).where(PartnerGrant.role == UNIT_HANDLER_ROLE)
        stmt = select(Unit).where(Unit.id.in_(has_handler)).order_by(Unit.name, Unit.id)
        return list((await self.session.execute(stmt)).scalars())

    async def hand_to_unit(
        self,
        holder: OrgUnit,
        demand_id: int,
        unit: Unit,
        by_user_id: int | None,
        working_days: int | None = None,
        note: str = "",
    ) -> Demand:
        """The holder hands an escalated demand to a unit (partner organisation): the unit's
        accounts see it and may answer it, within ``working_days`` working days."""
        demand = await self._held(holder, demand_id)
        handlers = await self.session.scalar(
            select(PartnerGrant.id)
            .where(PartnerGrant.unit_id == unit.id, PartnerGrant.role == UNIT_HANDLER_ROLE)
            .limit(1)
        )
        if handlers is None:
            # Nobody could see it there: refuse rather than let it wait unread.
            raise Conflict(
                N_("unit {unit} has no account that handles demands; grant one the role {role}"),
                field="unit_id",
                params={"unit": unit.name, "role": UNIT_HANDLER_ROLE},
            )
        community = await self._community(demand)
        config = await config_of(self.session, community)
        days = int(config["unit_days"]) if working_days is None else working_days
        if not 1 <= days <= 60:
            raise Invalid(N_("{field} must be between 1 and 60"), field="working_days")
        due = deadline(today(), days)
        demand.handed_to_unit_id, demand.handed_on = unit.id, today()
        demand.handed_due_on, demand.handed_due_provisional = due.due_on, due.provisional
        record(
            self.session,
            demand,
            "handed",
            f"{unit.name}: {note.strip()}" if note.strip() else unit.name,
            by_user_id,
            holder.id,
        )
        await self.session.flush()
        return demand

    async def forward(
        self, holder: OrgUnit, demand_id: int, note: str, by_user_id: int | None
    ) -> Demand:
        """Send an escalated demand further up (street → city)."""
        demand = await self._held(holder, demand_id)
        parent = await self.session.get(OrgUnit, holder.parent_id) if holder.parent_id else None
        if parent is None:
            raise Conflict(
                N_("{org} has no superior to send demand {id} to"),
                field="demand_id",
                params={"org": holder.name, "id": demand.id},
            )
        demand.escalated_to_org_id = parent.id
        # The new holder decides afresh; a unit it was handed to no longer sees it.
        demand.handed_to_unit_id, demand.handed_on = None, None
        demand.handed_due_on, demand.handed_due_provisional = None, False
        record(self.session, demand, "forwarded", note, by_user_id, holder.id)
        await self.session.flush()
        return demand

    async def close(
        self, demand_id: int, solution: str, by_user_id: int | None, closed_on: date | None = None
    ) -> Demand:
        """销号: close a demand that is solved; the resident is asked for their opinion."""
        demand = await get_demand(self.session, demand_id)
        if not solution.strip():
            raise Invalid(
                N_("{field} is required: a demand is closed only when it is solved"),
                field="solution",
            )
        if demand.status in ("closed", "escalated"):
            raise Conflict(
                N_("demand {id} is {status}; it cannot be closed now"),
                field="demand_id",
                params={"id": demand.id, "status": demand.status},
            )
        community = await self._community(demand)
        demand.solution, demand.closed_on, demand.status = (
            solution.strip(),
            closed_on or today(),
            "closed",
        )
        # Closed without a disposition chosen first: it was done there and then.
        demand.kind = demand.kind or "immediate"
        record(self.session, demand, "closed", solution.strip(), by_user_id, community.id)
        await self._settle_supervision(demand)
        await tell.opinion(self.session, community, demand)
        await self.session.flush()
        return demand

    async def _settle_supervision(self, demand: Demand) -> None:
        order = (
            await self.session.execute(
                select(Supervision).where(Supervision.demand_id == demand.id)
            )
        ).scalar_one_or_none()
        if order is not None and order.resolved_on is None:
            order.resolved_on = demand.closed_on

    async def rate(
        self,
        demand_id: int,
        rating: str,
        note: str = "",
        by_user_id: int | None = None,
        demand: Demand | None = None,
    ) -> Demand:
        """The resident's rating; 不满意 reopens a demand once, later ones stand."""
        demand = demand or await get_demand(self.session, demand_id)
        if rating not in USER_RATINGS:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="rating",
                params={"allowed": ", ".join(USER_RATINGS)},
            )
        if demand.status != "closed":
            raise Conflict(
                N_("demand {id} is not closed yet; rate it when it is"),
                field="rating",
                params={"id": demand.id},
            )
        if demand.rating is not None:
            raise Conflict(
                N_("demand {id} has been rated already"), field="rating", params={"id": demand.id}
            )
        record(self.session, demand, f"rated:{rating}", note, by_user_id, demand.org_id)
        if rating == "dissatisfied" and demand.reopened == 0:
            demand.reopened, demand.status, demand.closed_on = 1, "open", None
            demand.kind, demand.due_on, demand.due_provisional = None, None, False
            record(
                self.session,
                demand,
                "reopened",
                label("ratings", rating),
                by_user_id,
                demand.org_id,
            )
        else:
            demand.rating, demand.rated_on = rating, today()
        await self.session.flush()
        return demand

    async def settle_ratings(self, on: date | None = None) -> int:
        """Closed demands nobody rated within the configured days count as 未评价."""
        on = on or today()
        done = 0
        configs: dict[int, int] = {}
        stmt = select(Demand).where(Demand.status == "closed", Demand.rating.is_(None))
        for demand in (await self.session.execute(stmt)).scalars().all():
            if demand.org_id not in configs:
                community = await self._community(demand)
                configs[demand.org_id] = int(
                    (await config_of(self.session, community))["rating_days"]
                )
            if demand.closed_on and demand.closed_on + timedelta(days=configs[demand.org_id]) <= on:
                demand.rating, demand.rated_on = "unrated", on
                record(self.session, demand, "rated:unrated")
                done += 1
        await self.session.flush()
        return done
