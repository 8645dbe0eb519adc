"""The yearly feedback form (反馈单): built per member, printable and XLSX, sent to the unit's inbox."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import utcnow
from core.errors import N_, Conflict
from core.people import person_ref
from core.people.models import Person, Unit
from plugins.party.models import PartyFeedback, PartyMember, PartyPost, PartyResponse
from plugins.party.services._common import get_in_scope
from plugins.party.services.community import CommunityService
from plugins.party.services.evaluations import EvaluationService
from plugins.party.services.ledger import LedgerService
from tenants.models import OrgUnit
from tenants.scoping import unscoped

GRADE_ZH = {
    "excellent": "优秀",
    "competent": "合格",
    "basically_competent": "基本合格",
    "incompetent": "不合格",
}


class FeedbackService:
    """Feedback forms of a community's members."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _content(
        self, org: OrgUnit, member: PartyMember, person: Person, year: int, quota, tally
    ) -> dict:
        post = await self.session.get(PartyPost, member.post_id) if member.post_id else None
        async with unscoped(
            self.session, "the feedback form names the member's employer, registered anywhere"
        ):
            unit = await self.session.get(Unit, member.unit_id)
            unit_name = unit.name if unit else ""
        conduct = await CommunityService(self.session).conduct(member.id, year)
        responses = (
            await self.session.scalars(
                select(PartyResponse.id).where(PartyResponse.member_id == member.id)
            )
        ).all()
        ref = person_ref(person)
        return {
            "member_id": member.id,
            "person": {"id": ref.id, "name": ref.name},
            "unit": unit_name,
            "community": org.name,
            "year": year,
            "position": member.position,
            "post": post.name if post else "",
            "in_team": member.in_team,
            "services": {
                "items": quota.items,
                "hours": quota.hours,
                "minimum": quota.minimum,
                "target": quota.target,
                "met": quota.items >= quota.minimum,
            },
            "evaluation": {
                "result": tally.result,
                "result_zh": GRADE_ZH.get(tally.result or "", "未评议"),
                "ballots": tally.ballots,
                "outstanding": tally.outstanding,
            },
            "conduct": {
                "praise": sum(c.kind == "praise" for c in conduct),
                "concern": sum(c.kind == "concern" for c in conduct),
            },
            "consultations_answered": len(responses),
        }

    async def generate(self, org: OrgUnit, year: int) -> list[PartyFeedback]:
        """Build (or rebuild, while unsent) the form of every confirmed member for ``year``."""
        quotas = {q.member_id: q for q in await LedgerService(self.session).quota(org, year)}
        tallies = await EvaluationService(self.session).tally(year)
        rows = (
            await self.session.execute(
                select(PartyMember, Person)
                .join(Person, Person.id == PartyMember.person_id)
                .where(PartyMember.status == "confirmed")
            )
        ).all()
        existing = {
            f.member_id: f
            for f in (
                await self.session.scalars(select(PartyFeedback).where(PartyFeedback.year == year))
            ).all()
        }
        out = []
        for member, person in rows:
            form = existing.get(member.id)
            if form is not None and form.sent_at is not None:
                out.append(form)
                continue
            content = await self._content(
                org, member, person, year, quotas[member.id], tallies[member.id]
            )
            if form is None:
                form = PartyFeedback(
                    org_id=member.org_id, member_id=member.id, unit_id=member.unit_id, year=year
                )
                self.session.add(form)
            form.content, form.unit_id = content, member.unit_id
            out.append(form)
        await self.session.flush()
        return out

    async def list(self, year: int | None = None) -> list[PartyFeedback]:
        """Forms in scope."""
        stmt = select(PartyFeedback)
        if year is not None:
            stmt = stmt.where(PartyFeedback.year == year)
        return list((await self.session.scalars(stmt.order_by(PartyFeedback.id))).all())

    async def get(self, form_id: int) -> PartyFeedback:
        """A form in scope, or 404 naming ``feedback_id``."""
        return await get_in_scope(self.session, PartyFeedback, form_id, "feedback_id")

    async def send(self, form_id: int) -> PartyFeedback:
        """Put the form in the unit's inbox (once)."""
        form = await self.get(form_id)
        if form.sent_at is not None:
            raise Conflict(
                N_("feedback form {form} was already sent"),
                field="feedback_id",
                params={"form": form_id},
            )
        form.sent_at = utcnow()
        await self.session.flush()
        return form


def feedback_xlsx(content: dict[str, Any]) -> bytes:
    """The form as a one-sheet workbook (label, value), Chinese first."""
    book = Workbook()
    sheet = book.active
    sheet.title = "反馈单"
    services, evaluation, conduct = content["services"], content["evaluation"], content["conduct"]
    rows = [
        ("在职党员社区表现反馈单", ""),
        ("年度", content["year"]),
        ("姓名", content["person"]["name"]),
        ("工作单位", content["unit"]),
        ("居住社区", content["community"]),
        ("职务", content["position"]),
        ("认领岗位", content["post"]),
        ("参加党员志愿服务队", "是" if content["in_team"] else "否"),
        ("服务项目（件）", services["items"]),
        ("服务时长（小时）", services["hours"]),
        ("年度任务（最低/目标）", f"{services['minimum']}/{services['target']}"),
        ("完成年度任务", "是" if services["met"] else "否"),
        ("民主评议结果", evaluation["result_zh"]),
        ("评议票数", evaluation["ballots"]),
        ("评为优秀党员", "是" if evaluation["outstanding"] else "否"),
        ("8小时外表现：表扬", conduct["praise"]),
        ("8小时外表现：关注", conduct["concern"]),
        ("参与社区议事（次）", content["consultations_answered"]),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
