"""Dashboard cards and the export builder the hooks register (loaders, not hook implementations)."""

from __future__ import annotations

import asyncio
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from core.plugins import AttentionItem, CardContent
from plugins.patrol.models import Report, Shift
from plugins.patrol.services.shifts import local_dt
from plugins.patrol.services import StatsService, stats_workbook
from plugins.patrol.services._common import local_today
from plugins.patrol.vocab import label, vocab
from tenants.models import OrgUnit
from tenants.scoping import get_scope, set_scope


def _this_year() -> tuple[date, date]:
    today = local_today()
    return today.replace(month=1, day=1), today


async def _stats(session: AsyncSession, org: OrgUnit, start: date, end: date):
    """The figures both cards show, computed once per dashboard (the session's lifetime)."""
    if get_scope(session) is None:
        # A dashboard session that has not entered the org yet reads only this subtree.
        set_scope(session, org.path)
    key = ("patrol.card_stats", org.id, start, end)
    if key not in session.info:
        session.info[key] = await StatsService(session).compute(org, start, end, by_child=False)
    return session.info[key]


async def teams_card(session: AsyncSession, org: OrgUnit) -> CardContent:
    """Person-times per team this year, as a bar chart, with total person-times and hours."""
    stats = await _stats(session, org, *_this_year())
    names = {t["colour"]: t["name_zh"] for t in vocab()["teams"]}
    hexes = {t["colour"]: t["hex"] for t in vocab()["teams"]}
    return CardContent(
        figures=[
            (label("stats", "person_times"), stats.person_times),
            (label("stats", "patrol_hours"), stats.patrol_hours),
            (label("stats", "missed_shifts"), stats.missed_shifts),
        ],
        chart={
            "kind": "bar",
            "labels": [names[t.colour] for t in stats.teams],
            "colors": [hexes[t.colour] for t in stats.teams],  # each team in its own colour
            "series": [
                {
                    "name": label("stats", "person_times"),
                    "values": [t.person_times for t in stats.teams],
                }
            ],
        },
    )


async def reports_card(session: AsyncSession, org: OrgUnit) -> CardContent:
    """Reports this year by category, with the year-on-year change and the outcomes."""
    stats = await _stats(session, org, *_this_year())
    change = stats.change_pct
    found = sorted(((c, n) for c, n in stats.reports_by_category.items() if n), key=lambda cn: -cn[1])
    return CardContent(
        figures=[
            (label("stats", "reports"), stats.reports),
            (label("stats", "change_pct"), "—" if change is None else change),
            (label("stats", "disputes_mediated"), stats.disputes_mediated),
            (label("stats", "reported_upward"), stats.reported_upward),
            (label("stats", "illegal_structures_removed"), stats.illegal_structures_removed),
        ],
        # Categories as bars, most frequent first, leaving out those with no report: nine
        # slices of a pie in look-alike colours say less than a sorted list of bars.
        chart={
            "kind": "bar",
            "labels": [label("report_categories", c) for c, _n in found],
            "series": [{"name": label("stats", "reports"), "values": [n for _c, n in found]}],
        },
    )


# A report still open (new or being handled) this many days after it happened is overdue.
OVERDUE_DAYS = 7


def _where(org: OrgUnit, page: str) -> str:
    """A page of the patrol section the attention line links to (a street reads the figures)."""
    return f"patrol/{page}" if org.level in ("community", "grid") else "patrol/"


async def shifts_attention(session: AsyncSession, org: OrgUnit) -> CardContent:
    """Shifts of today in the subtree, and shifts missed in the last week."""
    if get_scope(session) is None:
        set_scope(session, org.path)
    today = local_today()
    lo, hi = local_dt(today, time.min), local_dt(today + timedelta(days=1), time.min)
    base = select(func.count(Shift.id)).where(Shift.org_path.startswith(org.path))
    planned = await session.scalar(base.where(Shift.starts_at >= lo, Shift.starts_at < hi))
    missed = await session.scalar(base.where(
        Shift.status == "missed", Shift.starts_at >= lo - timedelta(days=7), Shift.starts_at < lo))
    return CardContent(attention=[
        AttentionItem("patrol.shifts_today", *vocab()["attention"]["shifts_today"], int(planned or 0),
                      _where(org, "shifts"), "today"),
        AttentionItem("patrol.missed_week", *vocab()["attention"]["missed_week"], int(missed or 0),
                      _where(org, "shifts"), "overdue"),
    ])


async def reports_attention(session: AsyncSession, org: OrgUnit) -> CardContent:
    """Reports still open after OVERDUE_DAYS days, and new reports nobody has taken up."""
    if get_scope(session) is None:
        set_scope(session, org.path)
    cutoff = local_dt(local_today() - timedelta(days=OVERDUE_DAYS), time.min)
    base = select(func.count(Report.id)).where(Report.org_path.startswith(org.path))
    overdue = await session.scalar(base.where(Report.status.in_(("new", "handling")), Report.occurred_at < cutoff))
    fresh = await session.scalar(base.where(Report.status == "new", Report.occurred_at >= cutoff))
    return CardContent(attention=[
        AttentionItem("patrol.reports_overdue", *vocab()["attention"]["reports_overdue"], int(overdue or 0),
                      _where(org, "reports?status=open"), "overdue"),
        AttentionItem("patrol.reports_new", *vocab()["attention"]["reports_new"], int(fresh or 0),
                      _where(org, "reports?status=new"), "waiting"),
    ])


async def build_stats_export(session: AsyncSession, org: OrgUnit, params: dict[str, Any]) -> bytes:
    """The statistics workbook for ``params`` start/end (ISO dates; default this year)."""
    first, last = _this_year()
    try:
        start = date.fromisoformat(params["start"]) if params.get("start") else first
    except (TypeError, ValueError) as exc:
        raise Invalid(N_("{field} must be an ISO date (YYYY-MM-DD)"), field="start") from exc
    try:
        end = date.fromisoformat(params["end"]) if params.get("end") else last
    except (TypeError, ValueError) as exc:
        raise Invalid(N_("{field} must be an ISO date (YYYY-MM-DD)"), field="end") from exc
    stats = await _stats(session, org, start, end)
    return await asyncio.to_thread(stats_workbook, stats, org.name)  # CPU work, off the event loop
