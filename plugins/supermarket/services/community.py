"""Skill services offered by party members and volunteers, and the small-wish board (微心愿)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Invalid
from core.localtime import local_today
from core.people.models import Unit
from plugins.supermarket.models import ServiceRequest, SkillService, Wish
from plugins.supermarket.services._common import get_in_scope, person_here, require_community
from tenants.models import OrgUnit


class SkillServices:
    """Skills on offer, requests for them and their completion."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def offer(
        self, org: OrgUnit, *, provider_person_id: int, title: str, description: str = ""
    ) -> SkillService:
        """List a skill a person offers for free."""
        require_community(org)
        await person_here(self.session, provider_person_id, "provider_person_id")
        service = SkillService(
            org_id=org.id,
            provider_person_id=provider_person_id,
            title=title,
            description=description,
        )
        self.session.add(service)
        await self.session.flush()
        return service

    async def list(self) -> list[SkillService]:
        """Skills in scope, active first."""
        stmt = select(SkillService).order_by(SkillService.active.desc(), SkillService.id)
        return list((await self.session.execute(stmt)).scalars())

    async def request(
        self, org: OrgUnit, service_id: int, *, requester_person_id: int, note: str = ""
    ) -> ServiceRequest:
        """A resident asks for a skill service."""
        service = await get_in_scope(self.session, SkillService, service_id, "service_id")
        if not service.active:
            raise Conflict(
                N_("service {service} is no longer offered"),
                field="service_id",
                params={"service": service.id},
            )
        await person_here(self.session, requester_person_id, "requester_person_id")
        req = ServiceRequest(
            org_id=service.org_id,
            service_id=service.id,
            requester_person_id=requester_person_id,
            note=note,
        )
        self.session.add(req)
        await self.session.flush()
        return req

    async def complete(
        self, request_id: int, *, outcome: str, completed_on: date | None = None
    ) -> ServiceRequest:
        """Record that a requested service was done."""
        req = await get_in_scope(self.session, ServiceRequest, request_id, "request_id")
        if req.status != "requested":
            raise Conflict(
                N_("request {request} is already closed"),
                field="request_id",
                params={"request": req.id},
            )
        req.status, req.outcome = "done", outcome
        req.completed_on = completed_on or local_today()
        await self.session.flush()
        return req

    async def requests(self) -> list[ServiceRequest]:
        """Requests in scope, newest first."""
        stmt = select(ServiceRequest).order_by(ServiceRequest.id.desc())
        return list((await self.session.execute(stmt)).scalars())


class WishBoard:
    """Small wishes: posted from residents' difficulties, claimed, fulfilled with a record."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def post(
        self, org: OrgUnit, *, person_id: int, title: str, description: str = "", source: str = ""
    ) -> Wish:
        """Put a resident's wish on the board."""
        require_community(org)
        await person_here(self.session, person_id)
        wish = Wish(
            org_id=org.id, person_id=person_id, title=title, description=description, source=source
        )
        self.session.add(wish)
        await self.session.flush()
        return wish

    async def get(self, wish_id: int) -> Wish:
        """A wish in scope."""
        return await get_in_scope(self.session, Wish, wish_id, "wish_id")

    async def claim(
        self, wish_id: int, *, person_id: int | None = None, unit_id: int | None = None
    ) -> Wish:
        """A person or a unit takes a wish up."""
        wish = await self.get(wish_id)
        if wish.status != "open":
            raise Conflict(
                N_("wish {wish} is already taken up"), field="wish_id", params={"wish": wish.id}
            )
        if (person_id is None) == (unit_id is None):
            raise Invalid(N_("name either a person or a unit ({field})"), field="person_id")
        if person_id is not None:
            await person_here(self.session, person_id)
        elif await self.session.get(Unit, unit_id) is None:
            raise Invalid(N_("{field} must name a unit of this community"), field="unit_id")
        wish.status, wish.claimed_on = "claimed", local_today()
        wish.claimed_by_person_id, wish.claimed_by_unit_id = person_id, unit_id
        await self.session.flush()
        return wish

    async def fulfil(
        self,
        wish_id: int,
        *,
        note: str,
        fulfilled_on: date | None = None,
        photo_path: str | None = None,
    ) -> Wish:
        """Record that a claimed wish came true (with a note and optionally a photo)."""
        wish = await self.get(wish_id)
        if wish.status != "claimed":
            raise Conflict(
                N_("wish {wish} must be claimed before it is fulfilled"),
                field="wish_id",
                params={"wish": wish.id},
            )
        if not note.strip():
            raise Invalid(N_("{field} is required"), field="note")
        wish.status, wish.fulfilment_note = "fulfilled", note
        wish.fulfilled_on = fulfilled_on or local_today()
        if photo_path is not None:
            wish.photo_path = photo_path
        await self.session.flush()
        return wish

    async def list(self, status: str | None = None) -> list[Wish]:
        """Wishes in scope, newest first."""
        stmt = select(Wish).order_by(Wish.id.desc())
        if status is not None:
            stmt = stmt.where(Wish.status == status)
        return list((await self.session.execute(stmt)).scalars())
