"""Intake (民情受理): a demand from any channel, with its resident linked to the register."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid, NotFound
from core.people.models import Person
from core.people.services import PersonService, phone_index
from plugins.demands.models import Demand, Step
from plugins.demands.services import tell
from plugins.demands.services._common import (
    community_of,
    config_of,
    get_demand,
    new_tracking_code,
    record,
    today,
)
from plugins.demands.vocab import CHANNELS, OPEN_STATUSES
from tenants.models import OrgUnit


def normalise_phone(raw: str) -> str:
    """Digits (and a leading +) only, as the register indexes phones."""
    raw = raw.strip()
    return ("+" if raw.startswith("+") else "") + "".join(c for c in raw if c.isdigit())


class DemandService:
    """Demands of the session's scope."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        org: OrgUnit,
        *,
        channel: str,
        category: str,
        content: str,
        received_on: date | None = None,
        person_id: int | None = None,
        contact_name: str = "",
        contact_phone: str = "",
        grid_id: int | None = None,
        by_user_id: int | None = None,
    ) -> Demand:
        """Take a demand in at a community (or a grid of it) and tell the resident it is accepted."""
        community = await community_of(self.session, org)
        config = await config_of(self.session, community)
        if channel not in CHANNELS:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="channel",
                params={"allowed": ", ".join(CHANNELS)},
            )
        if category not in config["categories"]:
            raise Invalid(
                N_("{field} must be one of {allowed}"),
                field="category",
                params={"allowed": ", ".join(config["categories"])},
            )
        if not content.strip():
            raise Invalid(N_("{field} is required"), field="content")
        received_on = received_on or today()
        if received_on > today():
            raise Invalid(N_("{field} is in the future"), field="received_on")
        grid = await self._grid(
            community, grid_id if grid_id is not None else (org.id if org.level == "grid" else None)
        )
        person = await self._person(community, grid, person_id, contact_name, contact_phone)
        demand = Demand(
            org_id=community.id,
            tracking_code=new_tracking_code(),
            channel=channel,
            category=category,
            content=content.strip(),
            received_on=received_on,
            person_id=person.id if person else None,
            grid_id=grid.id if grid else None,
            received_by=by_user_id,
            status="open",
        )
        self.session.add(demand)
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError:  # a tracking-code collision (1 in 10^14): draw again once
            demand.tracking_code = new_tracking_code()
            self.session.add(demand)
            await self.session.flush()
        record(self.session, demand, "received", channel, by_user_id, community.id)
        await tell.accepted(self.session, community, demand)
        return demand

    async def _grid(self, community: OrgUnit, grid_id: int | None) -> OrgUnit | None:
        if grid_id is None:
            return None
        grid = await self.session.get(OrgUnit, grid_id)
        if grid is None or grid.level != "grid" or grid.parent_id != community.id:
            raise Invalid(
                N_("grid {grid} is not a grid of {org}"),
                field="grid_id",
                params={"grid": grid_id, "org": community.name},
            )
        return grid

    async def _person(
        self, community: OrgUnit, grid: OrgUnit | None, person_id: int | None, name: str, phone: str
    ) -> Person | None:
        """The register's person: given by id, found by phone and name, or registered now."""
        if person_id is not None:
            person = await self.session.get(Person, person_id)
            if person is None:
                raise NotFound(
                    N_("person {id} not found here"), field="person_id", params={"id": person_id}
                )
            return person
        name, phone = name.strip(), phone.strip()
        if not name and not phone:
            return None
        if not name:
            raise Invalid(N_("{field} is required"), field="contact_name")
        if not phone:
            raise Invalid(N_("{field} is required"), field="contact_phone")
        index = phone_index(phone)
        found = (
            await self.session.execute(
                select(Person).where(Person.phone_bidx == index, Person.name == name).limit(1)
            )
        ).scalar_one_or_none()
        if found is not None:
            return found
        # Registered through the register's own service, which checks and normalises the phone.
        data = {"name": name, "phone": phone, "grid_id": grid.id if grid else None}
        try:
            return await PersonService(self.session).create(community, data)
        except Invalid as exc:
            if exc.field != "phone":
                raise
            params = {k: v for k, v in exc.params.items() if k != "field"}
            raise Invalid(exc.msgid, field="contact_phone", params=params) from None

    async def get(self, demand_id: int) -> Demand:
        """One demand of the scope (404 naming ``demand_id``)."""
        return await get_demand(self.session, demand_id)

    async def list(
        self,
        status: str | None = None,
        escalated_to: int | None = None,
        limit: int = 200,
        open_only: bool = False,
    ) -> list[Demand]:
        """Demands of the scope, newest first."""
        stmt = select(Demand).order_by(Demand.received_on.desc(), Demand.id.desc()).limit(limit)
        if status:
            stmt = stmt.where(Demand.status == status)
        if open_only:
            stmt = stmt.where(Demand.status.in_(OPEN_STATUSES))
        if escalated_to is not None:
            stmt = stmt.where(
                Demand.escalated_to_org_id == escalated_to, Demand.status == "escalated"
            )
        return list((await self.session.execute(stmt)).scalars())

    async def steps(self, demand_id: int) -> list[Step]:
        """The demand's history, oldest first."""
        stmt = select(Step).where(Step.demand_id == demand_id).order_by(Step.at, Step.id)
        return list((await self.session.execute(stmt)).scalars())

    async def person(self, demand: Demand) -> Person | None:
        """The demand's resident (for a masked reference)."""
        return await self.session.get(Person, demand.person_id) if demand.person_id else None

    async def of_person(self, person_id: int) -> list[Demand]:
        """The demands one person raised."""
        stmt = select(Demand).where(Demand.person_id == person_id).order_by(Demand.id)
        return list((await self.session.execute(stmt)).scalars())

    async def count_open(self) -> int:
        """Open demands of the scope."""
        stmt = select(func.count()).select_from(Demand).where(Demand.status.in_(OPEN_STATUSES))
        return int((await self.session.execute(stmt)).scalar_one())
