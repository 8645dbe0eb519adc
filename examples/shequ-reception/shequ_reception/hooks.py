"""Every hook implementation of the reception plugin."""

from __future__ import annotations

from core.errors import N_, Invalid
from core.plugins import CardContent, DashboardCard, NavItem, Schedule, hookimpl


@hookimpl
def register_routes():
    from shequ_reception.controllers import VisitController, summary

    return [VisitController, summary]


@hookimpl
def register_actors():
    from shequ_reception.jobs import weekly_check

    return [weekly_check]


@hookimpl
def register_schedules():
    # Friday evening, Beijing time: a week without a reception day shows up before the weekend.
    return [Schedule(id="weekly-check", cron="0 18 * * 5", actor_name="reception.weekly_check")]


@hookimpl
def register_nav(org):
    return [NavItem(id="reception", label_zh="接待日", label_en="Reception day", path="reception/", order=60)]


async def _load_card(session, org) -> CardContent:
    from datetime import date, timedelta

    from shequ_reception.services import ReceptionService

    visits, days = await ReceptionService(session).days_since(org, date.today() - timedelta(days=6))
    return CardContent(figures=[("近7天接待人次", visits), ("近7天接待日", days)])


@hookimpl
def register_dashboard_cards(org):
    return [DashboardCard(id="reception-week", title_zh="接待日", title_en="Reception day", load=_load_card, order=60)]


@hookimpl
def validate_module_config(org, config):
    # The schema bounds each field; only the weekday rule needs the org: streets may not pick weekends.
    if org.level == "street" and config.get("weekday", 1) > 5:
        raise Invalid(N_("a street's reception day must be a working day (1-5)"), field="config.weekday")
