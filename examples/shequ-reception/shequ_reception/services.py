"""The reception log: record visits and check the weekly reception rule."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid, NotFound
from core.paging import Page, paginate
from shequ_reception.models import ReceptionVisit
from tenants.models import OrgUnit


class ReceptionService:
    """Reads and writes reception visits inside the session's tenant scope."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, org: OrgUnit, visit_date: date, receiver: str, receiver_id: int | None,
                     visitor: str, matter: str, outcome: str) -> ReceptionVisit:
        """Log one visit at ``org``."""
        if visit_date > date.today() + timedelta(days=1):
            raise Invalid(N_("a visit cannot be logged in the future"), field="visit_date")
        visit = ReceptionVisit(org_id=org.id, visit_date=visit_date, receiver=receiver, receiver_id=receiver_id,
                               visitor=visitor, matter=matter, outcome=outcome)
        self.session.add(visit)
        await self.session.flush()
        return visit

    async def list(self, org: OrgUnit, limit: int = 200) -> list[ReceptionVisit]:
        """Visits at ``org`` and below, newest first."""
        stmt = (select(ReceptionVisit).where(ReceptionVisit.org_path.startswith(org.path))
                .order_by(ReceptionVisit.visit_date.desc(), ReceptionVisit.id.desc()).limit(limit))
        return list((await self.session.execute(stmt)).scalars())

    async def search(self, org: OrgUnit, q: str = "", number: int = 1) -> Page:
        """One page of the visits at ``org`` and below, newest first; ``q`` looks in the visitor and matter."""
        stmt = (select(ReceptionVisit).where(ReceptionVisit.org_path.startswith(org.path))
                .order_by(ReceptionVisit.visit_date.desc(), ReceptionVisit.id.desc()))
        if q:
            stmt = stmt.where(ReceptionVisit.visitor.contains(q, autoescape=True)
                              | ReceptionVisit.matter.contains(q, autoescape=True))
        return await paginate(self.session, stmt, number)

    async def get(self, visit_id: int) -> ReceptionVisit:
        """One visit in scope, or 404."""
        visit = await self.session.get(ReceptionVisit, visit_id)
        if visit is None:
            raise NotFound(N_("no reception visit {visit}"), field="visit_id", params={"visit": visit_id})
        return visit

    async def days_since(self, org: OrgUnit, since: date) -> tuple[int, int]:
        """(visits, distinct reception days) at ``org`` since ``since``."""
        stmt = select(func.count(ReceptionVisit.id), func.count(func.distinct(ReceptionVisit.visit_date))).where(
            ReceptionVisit.org_path.startswith(org.path), ReceptionVisit.visit_date >= since)
        visits, days = (await self.session.execute(stmt)).one()
        return int(visits), int(days)
