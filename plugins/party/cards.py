"""Dashboard card loaders of the party plugin (not hook implementations)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.plugins import CardContent
from plugins.party.services import EvaluationService, LedgerService, MemberService
from plugins.party.services._common import this_year
from tenants.models import OrgUnit
from tenants.scoping import get_scope, set_scope


def _scoped(session: AsyncSession, org: OrgUnit) -> None:
    if get_scope(session) is None:
        set_scope(session, org.path)


async def members_card(session: AsyncSession, org: OrgUnit) -> CardContent:
    """Members reported in and confirmed, meeting the quota this year, and their hours."""
    _scoped(session, org)
    counts = await MemberService(session).counts()
    quota = await LedgerService(session).quota(org, this_year())
    return CardContent(
        figures=[
            ("已报到", sum(counts.values())),
            ("已确认", counts.get("confirmed", 0)),
            ("完成年度任务", sum(not q.below_minimum for q in quota)),
            ("服务时长（小时）", round(sum(q.hours for q in quota), 1)),
        ]
    )


async def evaluation_card(session: AsyncSession, org: OrgUnit) -> CardContent:
    """This year's evaluation results as a bar chart."""
    _scoped(session, org)
    tallies = (await EvaluationService(session).tally(this_year())).values()
    grades = ["excellent", "competent", "basically_competent", "incompetent"]
    return CardContent(
        figures=[],
        chart={
            "kind": "bar",
            "labels": ["优秀", "合格", "基本合格", "不合格"],
            "series": [
                {
                    "name": "民主评议",
                    "values": [sum(t.result == g for t in tallies) for g in grades],
                }
            ],
        },
    )
