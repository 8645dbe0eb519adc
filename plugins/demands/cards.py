"""Dashboard cards: the community's pipeline at a glance, and supervision for the street."""

from __future__ import annotations

from core.plugins import CardContent
from plugins.demands.services import HandlingService, StatsService, SupervisionService
from plugins.demands.services._common import today
from plugins.demands.vocab import figure as f


async def pipeline_card(session, org) -> CardContent:
    """This year's demands: received, open, overdue, on-time and satisfaction rates."""
    end = today()
    stats = await StatsService(session).compute(end.replace(month=1, day=1), end)
    figures = [
        (f("received_this_year"), stats.total),
        (f("open"), stats.open),
        (f("overdue"), stats.overdue),
        (f("on_time_rate"), "—" if stats.on_time_rate is None else f"{stats.on_time_rate:.0%}"),
        (
            f("satisfaction_rate"),
            "—" if stats.satisfaction_rate is None else f"{stats.satisfaction_rate:.0%}",
        ),
    ]
    # Figures, no chart: the console shows a chart's table instead of the figures, and the
    # on-time and satisfaction rates are what a secretary looks for first.
    return CardContent(figures=figures)


async def supervision_card(session, org) -> CardContent:
    """Open supervision orders of the subtree and the demands waiting in this org's queue."""
    orders = await SupervisionService(session).list(open_only=True)
    figures: list[tuple[str, str | int | float]] = [
        (f("open_orders"), len(orders)),
        (f("queue"), len(await HandlingService(session).queue(org))),
    ]
    for order, demand in orders[:5]:
        figures.append(
            (
                f("order", code=demand.tracking_code),
                f("new_limit", due=order.new_due_on.isoformat()),
            )
        )
    return CardContent(figures=figures)


async def person_panel(session, person) -> dict:
    """The demands a person raised: code, date, category and status of each (newest first)."""
    from plugins.demands.services import DemandService
    from plugins.demands.vocab import label

    rows = await DemandService(session).of_person(person.id)
    return {
        "rows": [
            (
                f"{d.received_on.isoformat()} {d.tracking_code}",
                f"{label('categories', d.category)} · {label('statuses', d.status)}",
            )
            for d in reversed(rows)
        ]
        or [("—", f("none_raised"))]
    }
