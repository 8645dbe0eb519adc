"""Consult before awards: a unit asks, the community answers within a deadline in working days."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict, Invalid
from core.localtime import local_today
from core.workdays import deadline
from plugins.party.models import PartyClearance
from plugins.party.services._common import check_choice, get_in_scope
from plugins.party.services.evaluations import EvaluationService

CLEARANCE_KINDS = ("promotion", "award")


class ClearanceService:
    """Questions from units and the community's answers."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def new(
        self, member, *, unit_id: int, kind: str, year: int, note: str, user_id: int, days: int
    ) -> PartyClearance:
        """A question from the member's unit, due ``days`` working days from today (core.workdays)."""
        check_choice(kind, CLEARANCE_KINDS, "kind")
        today = local_today()
        due = deadline(today, days)
        row = PartyClearance(
            org_id=member.org_id,
            member_id=member.id,
            unit_id=unit_id,
            kind=kind,
            year=year,
            note=note,
            asked_by=user_id,
            asked_on=today,
            due_on=due.due_on,
            due_provisional=due.provisional,
        )
        self.session.add(row)
        return row

    async def list(self) -> list[PartyClearance]:
        """Questions in scope, newest first."""
        return list(
            (
                await self.session.scalars(
                    select(PartyClearance).order_by(PartyClearance.id.desc())
                )
            ).all()
        )

    async def answer(
        self, clearance_id: int, *, cleared: bool, answer: str, user_id: int
    ) -> PartyClearance:
        """Clear or refuse; a member rated 不合格 in the year asked about cannot be cleared."""
        row = await get_in_scope(self.session, PartyClearance, clearance_id, "clearance_id")
        if row.status != "pending":
            raise Conflict(
                N_("clearance {clearance} was already answered"),
                field="clearance_id",
                params={"clearance": clearance_id},
            )
        if cleared:
            tally = (await EvaluationService(self.session).tally(row.year, [row.member_id])).get(
                row.member_id
            )
            if tally is not None and tally.result == "incompetent":
                raise Conflict(
                    N_(
                        "member {member} was rated incompetent (不合格) in the {year} evaluation and cannot be "
                        "cleared for promotion or award"
                    ),
                    field="cleared",
                    params={"member": row.member_id, "year": row.year},
                )
        elif not answer:
            raise Invalid(
                N_("{field} is required: say why the member is not cleared"), field="answer"
            )
        row.status = "cleared" if cleared else "refused"
        row.answer, row.answered_by, row.answered_at = answer, user_id, utcnow()
        await self.session.flush()
        return row
