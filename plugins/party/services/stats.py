"""Figures of a community, street or city: members, service against the quota, evaluation, forms."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from plugins.party.models import (
    PartyBallot,
    PartyClearance,
    PartyFeedback,
    PartyMember,
    PartyService,
)
from plugins.party.services._common import party_config
from plugins.party.services.evaluations import Tally
from tenants.models import OrgUnit

FIGURES = (
    "reported",
    "confirmed",
    "met_quota",
    "service_items",
    "service_hours",
    "excellent",
    "incompetent",
    "feedback_sent",
    "feedback_acknowledged",
    "clearances_pending",
)


class PartyStats:
    """The module's figures in the session's scope, in total and per child org."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def compute(self, org: OrgUnit, year: int) -> dict:
        """Totals at ``org`` and one row per child org (communities of a street, streets of a city)."""
        members = (
            await self.session.execute(
                select(PartyMember.id, PartyMember.org_id, PartyMember.org_path, PartyMember.status)
            )
        ).all()
        served = dict(
            (mid, (n, h))
            for mid, n, h in (
                await self.session.execute(
                    select(
                        PartyService.member_id,
                        func.count(),
                        func.coalesce(func.sum(PartyService.hours), 0.0),
                    )
                    .where(PartyService.year == year, PartyService.reversed.is_(False))
                    .group_by(PartyService.member_id)
                )
            ).all()
        )
        tallies: dict[int, Tally] = {}
        for mid, grade in (
            await self.session.execute(
                select(PartyBallot.member_id, PartyBallot.grade).where(PartyBallot.year == year)
            )
        ).all():
            t = tallies.setdefault(mid, Tally(mid))
            t.counts[grade] = t.counts.get(grade, 0) + 1
        forms = (
            await self.session.execute(
                select(
                    PartyFeedback.org_path, PartyFeedback.sent_at, PartyFeedback.acknowledged_at
                ).where(PartyFeedback.year == year)
            )
        ).all()
        pending = (
            await self.session.scalars(
                select(PartyClearance.org_path).where(PartyClearance.status == "pending")
            )
        ).all()
        minimum: dict[int, int] = {}
        for _mid, org_id, _path, _status in members:
            if org_id not in minimum:
                minimum[org_id] = (
                    await party_config(self.session, await self.session.get(OrgUnit, org_id))
                )["quota_min"]

        def figures(prefix: str) -> dict:
            inside = [m for m in members if m[2].startswith(prefix)]
            confirmed = [m for m in inside if m[3] == "confirmed"]
            results = [tallies[m[0]].result for m in confirmed if m[0] in tallies]
            return {
                "reported": len(inside),
                "confirmed": len(confirmed),
                "met_quota": sum(served.get(m[0], (0, 0))[0] >= minimum[m[1]] for m in confirmed),
                "service_items": sum(served.get(m[0], (0, 0))[0] for m in confirmed),
                "service_hours": round(
                    sum(float(served.get(m[0], (0, 0.0))[1]) for m in confirmed), 2
                ),
                "excellent": results.count("excellent"),
                "incompetent": results.count("incompetent"),
                "feedback_sent": sum(1 for p, sent, _ in forms if p.startswith(prefix) and sent),
                "feedback_acknowledged": sum(
                    1 for p, _, ack in forms if p.startswith(prefix) and ack
                ),
                "clearances_pending": sum(1 for p in pending if p.startswith(prefix)),
            }

        children = (
            await self.session.scalars(
                select(OrgUnit).where(OrgUnit.parent_id == org.id).order_by(OrgUnit.id)
            )
        ).all()
        by_child = [
            {"org_id": c.id, "name": c.name, **figures(c.path)}
            for c in children
            if c.level != "grid"
        ]
        return {"org_id": org.id, "year": year, **figures(org.path), "by_child": by_child}
