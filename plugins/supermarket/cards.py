"""Dashboard cards, the person panel and the export builder the hooks register (loaders only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from core.localtime import local_today
from core.plugins import CardContent
from plugins.supermarket.services import (
    LedgerService,
    ReconciliationService,
    StatsService,
    month_bounds,
    workbook,
)
from plugins.supermarket.vocab import label
from tenants.models import OrgUnit
from tenants.scoping import get_scope, set_scope


def _enter(session: AsyncSession, org: OrgUnit) -> None:
    if get_scope(session) is None:
        # A dashboard session that has not entered the org yet reads only this subtree.
        set_scope(session, org.path)


async def stock_card(session: AsyncSession, org: OrgUnit) -> CardContent:
    """Donations and goods out this year, by category, and this month's reconciliation."""
    _enter(session, org)
    today = local_today()
    stats = await StatsService(session).compute(org, today.replace(month=1, day=1), today)
    rec = await ReconciliationService(session).reconcile(*month_bounds(None, today))
    t = stats.totals
    return CardContent(
        figures=[
            (label("stats", "pieces_donated"), t["pieces_donated"]),
            (label("stats", "pieces_issued"), t["pieces_issued"]),
            (label("stats", "on_hand_now"), rec.stock["on_hand_now"]),
            (label("stats", "balanced"), "✓" if rec.balanced else "✗"),
        ],
        chart={
            "kind": "bar",
            "labels": [label("categories", c) for c in stats.by_category],
            "series": [
                {
                    "name": label("stats", "pieces_donated"),
                    "values": list(stats.by_category.values()),
                }
            ],
        },
    )


async def points_card(session: AsyncSession, org: OrgUnit) -> CardContent:
    """Points credited and spent this year, people served, wishes."""
    _enter(session, org)
    today = local_today()
    stats = await StatsService(session).compute(org, today.replace(month=1, day=1), today)
    t = stats.totals
    return CardContent(
        figures=[
            (label("stats", "points_earned"), t["points_earned"]),
            (label("stats", "points_spent"), t["points_spent"]),
            (label("stats", "people_served"), t["people_served"]),
            (label("stats", "accounts"), await StatsService(session).accounts()),
            (label("stats", "wishes_fulfilled"), t["wishes_fulfilled"]),
            (label("stats", "wishes_open"), t["wishes_open"]),
        ]
    )


async def person_panel(session: AsyncSession, person) -> dict[str, Any]:
    """The person's points balance and their latest movements (no personal data)."""
    ledger = LedgerService(session)
    rows = [(label("stats", "balance"), (await ledger.balances([person.id]))[person.id])]
    for txn, amount in await ledger.entries_of(person.id, limit=5):
        rows.append((label("txn_kinds", txn.kind), f"{amount:+d}"))
    return {"rows": rows}


async def build_export(session: AsyncSession, org: OrgUnit, params: dict[str, Any]) -> bytes:
    """The workbook of the month that contains ``params["start"]`` (default this month)."""
    try:
        start = date.fromisoformat(params["start"]) if params.get("start") else local_today()
    except (TypeError, ValueError) as exc:
        raise Invalid(N_("{field} must be an ISO date (YYYY-MM-DD)"), field="start") from exc
    first, last = month_bounds(f"{start:%Y-%m}", start)
    rec = await ReconciliationService(session).reconcile(first, last)
    return await workbook(session, org.name, first, last, rec)
