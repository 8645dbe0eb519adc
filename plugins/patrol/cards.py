"""Dashboard cards and the export builder the hooks register (loaders, not hook implementations)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from core.plugins import CardContent
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
    return CardContent(
        figures=[
            (label("stats", "person_times"), stats.person_times),
            (label("stats", "patrol_hours"), stats.patrol_hours),
            (label("stats", "missed_shifts"), stats.missed_shifts),
        ],
        chart={
            "kind": "bar",
            "labels": [names[t.colour] for t in stats.teams],
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
    return CardContent(
        figures=[
            (label("stats", "reports"), stats.reports),
            (label("stats", "change_pct"), "—" if change is None else change),
            (label("stats", "disputes_mediated"), stats.disputes_mediated),
            (label("stats", "reported_upward"), stats.reported_upward),
            (label("stats", "illegal_structures_removed"), stats.illegal_structures_removed),
        ],
        chart={
            "kind": "pie",
            "labels": [label("report_categories", c) for c in stats.reports_by_category],
            "series": [
                {
                    "name": label("stats", "reports"),
                    "values": list(stats.reports_by_category.values()),
                }
            ],
        },
    )


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
