"""What party holds about one person: the person-page panel, subject access and erasure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import local_today
from plugins.party.models import (
    PartyBallot,
    PartyClearance,
    PartyConduct,
    PartyFeedback,
    PartyMember,
    PartyResponse,
    PartyService,
)
from plugins.party.services.members import unit_names
from tenants.scoping import unscoped

# The member row lives at the community, the person often at a grid below it: the session
# the register hands us may be scoped to the grid, so each read is by person_id, unscoped.
_REASON = "party reads and erases by person_id what it holds about one person of the register"


async def _member(session: AsyncSession, person_id: int) -> PartyMember | None:
    return await session.scalar(select(PartyMember).where(PartyMember.person_id == person_id))


async def panel(session: AsyncSession, person) -> dict[str, Any]:
    """Rows of the person page: report-in, employer, post, this year's service (masked, no notes)."""
    async with unscoped(session, _REASON):
        member = await _member(session, person.id)
        if member is None:
            return {"rows": [("在职党员报到", "未报到")]}
        items = (
            await session.scalars(
                select(PartyService).where(
                    PartyService.member_id == member.id,
                    PartyService.year == local_today().year,
                    PartyService.reversed.is_(False),
                )
            )
        ).all()
    units = await unit_names(session, {member.unit_id})
    return {
        "rows": [
            ("在职党员报到", "已确认" if member.status == "confirmed" else "待确认"),
            ("工作单位", units.get(member.unit_id, "")),
            ("党员志愿服务队", "是" if member.in_team else "否"),
            ("本年服务（件）", len(items)),
        ]
    }


async def collect(session: AsyncSession, person) -> dict[str, Any] | None:
    """Everything party holds about the person, for a subject-access export."""
    async with unscoped(session, _REASON):
        member = await _member(session, person.id)
        if member is None:
            return None
        linked = PartyService.member_id == member.id
        services = (await session.scalars(select(PartyService).where(linked))).all()
        conduct = (
            await session.scalars(select(PartyConduct).where(PartyConduct.member_id == member.id))
        ).all()
        responses = (
            await session.scalars(select(PartyResponse).where(PartyResponse.member_id == member.id))
        ).all()
        ballots = (
            await session.scalars(select(PartyBallot).where(PartyBallot.member_id == member.id))
        ).all()
        forms = (
            await session.scalars(select(PartyFeedback).where(PartyFeedback.member_id == member.id))
        ).all()
        asked = (
            await session.scalars(
                select(PartyClearance).where(PartyClearance.member_id == member.id)
            )
        ).all()
        return {
            "registration": {
                "unit_id": member.unit_id,
                "position": member.position,
                "skills": member.skills,
                "interests": member.interests,
                "status": member.status,
                "reported_on": member.reported_on.isoformat(),
                "in_team": member.in_team,
            },
            "services": [
                {
                    "served_on": s.served_on.isoformat(),
                    "title": s.title,
                    "hours": s.hours,
                    "source": s.source,
                    "reversed": s.reversed,
                }
                for s in services
            ],
            "conduct": [
                {"occurred_on": c.occurred_on.isoformat(), "kind": c.kind, "note": c.note}
                for c in conduct
            ],
            "consultation_responses": [r.response for r in responses],
            "ballots_received": [{"year": b.year, "grade": b.grade} for b in ballots],
            "feedback_forms": [f.content for f in forms],
            "clearances": [
                {"kind": c.kind, "year": c.year, "status": c.status, "answer": c.answer}
                for c in asked
            ],
        }


async def erase(session: AsyncSession, person_id: int) -> None:
    """Drop what identifies the person; ledger entries, ballots and answers' existence stay."""
    async with unscoped(session, _REASON):
        member = await _member(session, person_id)
        if member is None:
            return
        member.position = member.skills = member.interests = ""
        for c in (
            await session.scalars(select(PartyConduct).where(PartyConduct.member_id == member.id))
        ).all():
            c.note = None
        for r in (
            await session.scalars(select(PartyResponse).where(PartyResponse.member_id == member.id))
        ).all():
            r.response = ""
        for f in (
            await session.scalars(select(PartyFeedback).where(PartyFeedback.member_id == member.id))
        ).all():
            f.content = {**f.content, "person": {"id": person_id, "name": ""}, "position": ""}
        for c in (
            await session.scalars(
                select(PartyClearance).where(PartyClearance.member_id == member.id)
            )
        ).all():
            c.note = ""
        await session.flush()
