"""Consultation on major affairs and supervision of conduct outside work."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict
from plugins.party.models import PartyConduct, PartyConsultation, PartyResponse
from plugins.party.services._common import check_choice, get_in_scope, require_community
from plugins.party.services.members import MemberService
from tenants.models import OrgUnit

CONDUCT_KINDS = ("praise", "concern")


class CommunityService:
    """Consultations with responses, and conduct records."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def consult(
        self, org: OrgUnit, *, title: str, body: str, due_on: date | None, user_id: int
    ) -> PartyConsultation:
        """Open a consultation on a major affair."""
        require_community(org)
        row = PartyConsultation(
            org_id=org.id, title=title, body=body, due_on=due_on, created_by=user_id
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def respond(
        self, consultation_id: int, *, member_id: int, response: str
    ) -> PartyResponse:
        """Record a member's answer (once per consultation)."""
        consultation = await get_in_scope(
            self.session, PartyConsultation, consultation_id, "consultation_id"
        )
        member = await MemberService(self.session).confirmed(member_id)
        if member.org_id != consultation.org_id:
            raise Conflict(
                N_("member {member} is not a member of this consultation's community"),
                field="member_id",
                params={"member": member_id},
            )
        answered = await self.session.scalar(
            select(PartyResponse.id).where(
                PartyResponse.consultation_id == consultation.id,
                PartyResponse.member_id == member.id,
            )
        )
        if answered is not None:
            raise Conflict(
                N_("member {member} has already answered this consultation"),
                field="member_id",
                params={"member": member_id},
            )
        row = PartyResponse(
            org_id=consultation.org_id,
            consultation_id=consultation.id,
            member_id=member.id,
            response=response,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def consultations(self) -> list[tuple[PartyConsultation, list[PartyResponse]]]:
        """Consultations in scope, newest first, with their responses."""
        rows = (
            await self.session.scalars(
                select(PartyConsultation).order_by(PartyConsultation.id.desc())
            )
        ).all()
        answers = (
            await self.session.scalars(select(PartyResponse).order_by(PartyResponse.id))
        ).all()
        by: dict[int, list[PartyResponse]] = {}
        for a in answers:
            by.setdefault(a.consultation_id, []).append(a)
        return [(c, by.get(c.id, [])) for c in rows]

    async def record_conduct(
        self, *, member_id: int, occurred_on: date, kind: str, note: str, user_id: int
    ) -> PartyConduct:
        """Record conduct outside work (praise or concern)."""
        check_choice(kind, CONDUCT_KINDS, "kind")
        member = await MemberService(self.session).confirmed(member_id)
        row = PartyConduct(
            org_id=member.org_id,
            member_id=member.id,
            occurred_on=occurred_on,
            kind=kind,
            note=note,
            recorded_by=user_id,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def conduct(
        self, member_id: int | None = None, year: int | None = None
    ) -> list[PartyConduct]:
        """Conduct records in scope (of one member, of one year)."""
        stmt = select(PartyConduct)
        if member_id is not None:
            stmt = stmt.where(PartyConduct.member_id == member_id)
        rows = (
            await self.session.scalars(stmt.order_by(PartyConduct.occurred_on, PartyConduct.id))
        ).all()
        return [r for r in rows if year is None or r.occurred_on.year == year]
