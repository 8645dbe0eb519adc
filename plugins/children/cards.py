"""Dashboard cards the hooks register (loaders, not hook implementations)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import local_today
from core.plugins import CardContent
from plugins.children.services import StatsService
from plugins.children.vocab import CATEGORIES, label
from tenants.models import OrgUnit
from tenants.scoping import get_scope, set_scope


async def _figures(session: AsyncSession, org: OrgUnit, exact: bool) -> dict:
    if get_scope(session) is None:
        set_scope(session, org.path)
    today = local_today()
    return await StatsService(session).figures(today, today.replace(month=1, day=1), today, exact)


def _chart(figures: dict) -> dict:
    values = [figures["by_category"][c] for c in CATEGORIES]
    return {
        "kind": "bar",
        "labels": [label("categories", c) for c in CATEGORIES],
        # "<5" is not a number: the chart draws hidden cells as 0, the table shows "<5".
        "series": [{"name": "儿童", "values": [v if isinstance(v, int) else 0 for v in values]}],
    }


async def home_card(session: AsyncSession, org: OrgUnit) -> CardContent:
    """A community's own card: children, overdue pairings (named on the home page), the year's work."""
    figures = await _figures(session, org, exact=True)
    return CardContent(
        figures=[
            ("在册儿童", figures["children"]),
            ("超期未联系的结对", figures["visits"]["overdue"]),
            ("按时联系的结对", figures["visits"]["on_time"]),
            ("今年联系走访", figures["work"]["contacts"]),
            ("今年托管人次", figures["work"]["stays"]),
        ],
        chart=_chart(figures),
    )


async def figures_card(session: AsyncSession, org: OrgUnit) -> CardContent:
    """A street's or city's card: counts of its communities, small ones shown as "<5"."""
    figures = await _figures(session, org, exact=False)
    return CardContent(
        figures=[
            ("在册儿童", figures["children"]),
            *((label("categories", c), figures["by_category"][c]) for c in CATEGORIES),
            ("超期未联系的结对", figures["visits"]["overdue"]),
        ],
        chart=_chart(figures),
    )
