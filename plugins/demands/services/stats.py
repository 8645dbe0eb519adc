"""Figures of the pipeline for a subtree and a period: by channel, category, disposition,
on time, overdue and satisfaction; and the XLSX workbook of them."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from datetime import date

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from plugins.demands.models import Demand, Supervision
from plugins.demands.services._common import today
from plugins.demands.vocab import CLOCKED_STATUSES, OPEN_STATUSES, figure, label


@dataclass
class DemandStats:
    """The figures of one subtree and period."""

    start: date
    end: date
    total: int = 0
    open: int = 0
    closed: int = 0
    overdue: int = 0
    supervised: int = 0
    on_time: int = 0
    timed: int = 0
    on_time_rate: float | None = None
    satisfaction_rate: float | None = None
    by_channel: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_rating: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """JSON-able."""
        out = asdict(self)
        out["start"], out["end"] = self.start.isoformat(), self.end.isoformat()
        return out


class StatsService:
    """Counts over the session's scope (a community, or a street's or city's subtree)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _group(self, column, start: date, end: date) -> dict[str, int]:
        stmt = (
            select(column, func.count())
            .where(Demand.received_on.between(start, end))
            .group_by(column)
        )
        return {
            str(k): int(n) for k, n in (await self.session.execute(stmt)).all() if k is not None
        }

    async def compute(self, start: date, end: date) -> DemandStats:
        """The figures of demands received between ``start`` and ``end``."""
        stats = DemandStats(start, end)
        stats.by_channel = await self._group(Demand.channel, start, end)
        stats.by_category = await self._group(Demand.category, start, end)
        stats.by_kind = await self._group(Demand.kind, start, end)
        stats.by_status = await self._group(Demand.status, start, end)
        stats.by_rating = await self._group(Demand.rating, start, end)
        stats.total = sum(stats.by_status.values())
        stats.open = sum(n for s, n in stats.by_status.items() if s in OPEN_STATUSES)
        stats.closed = stats.by_status.get("closed", 0)
        period = Demand.received_on.between(start, end)
        stats.overdue = int(
            (
                await self.session.execute(
                    select(func.count())
                    .select_from(Demand)
                    .where(period, Demand.status.in_(CLOCKED_STATUSES), Demand.due_on < today())
                )
            ).scalar_one()
        )
        stats.supervised = int(
            (
                await self.session.execute(
                    select(func.count())
                    .select_from(Supervision)
                    .join(Demand, Demand.id == Supervision.demand_id)
                    .where(period)
                )
            ).scalar_one()
        )
        timed = select(Demand.closed_on, Demand.due_on).where(
            period, Demand.status == "closed", Demand.due_on.is_not(None)
        )
        rows = (await self.session.execute(timed)).all()
        stats.timed = len(rows)
        stats.on_time = sum(1 for closed_on, due_on in rows if closed_on <= due_on)
        stats.on_time_rate = round(stats.on_time / stats.timed, 4) if stats.timed else None
        rated = sum(n for r, n in stats.by_rating.items() if r != "unrated")
        happy = stats.by_rating.get("satisfied", 0) + stats.by_rating.get("basically_satisfied", 0)
        stats.satisfaction_rate = round(happy / rated, 4) if rated else None
        return stats


def stats_workbook(stats: DemandStats, org_name: str) -> bytes:
    """The figures as an XLSX file (labels from the vocabulary, Chinese)."""
    book = Workbook()
    sheet = book.active
    sheet.title = figure("overview")
    sheet.append([org_name, f"{stats.start.isoformat()} – {stats.end.isoformat()}"])
    for key in (
        "total",
        "open",
        "closed",
        "overdue",
        "supervised",
        "on_time",
        "on_time_rate",
        "satisfaction_rate",
    ):
        sheet.append([figure(key), getattr(stats, key)])
    for table, data in (
        ("channels", stats.by_channel),
        ("categories", stats.by_category),
        ("kinds", stats.by_kind),
        ("statuses", stats.by_status),
        ("ratings", stats.by_rating),
    ):
        title = figure(f"sheet_{table}")
        part = book.create_sheet(title)
        part.append([title, figure("count")])
        for code, n in sorted(data.items()):
            part.append([label(table, code), n])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
