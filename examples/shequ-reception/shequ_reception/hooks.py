"""Every hook implementation of the reception plugin."""

from __future__ import annotations

from core.errors import N_, Invalid
from core.plugins import CardContent, DashboardCard, NavItem, Schedule, hookimpl


@hookimpl
def register_routes():
    from shequ_reception.controllers import VisitController, summary

    return [VisitController, summary]


@hookimpl
def register_pages():
    from shequ_reception.pages import PAGES

    return list(PAGES)


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
    return [NavItem(id="reception", label_zh="接待日", label_en="Reception day", path="reception/", order=60,
                    permission=("reception:visit", "read"))]


async def _load_card(session, org) -> CardContent:
    from datetime import date, timedelta

    from shequ_reception.services import ReceptionService

    visits, days = await ReceptionService(session).days_since(org, date.today() - timedelta(days=6))
    return CardContent(figures=[("近7天接待人次", visits), ("近7天接待日", days)])


@hookimpl
def register_dashboard_cards(org):
    return [DashboardCard(id="reception-week", title_zh="接待日", title_en="Reception day", load=_load_card, order=60,
                          permission=("reception:visit", "read"))]


@hookimpl
async def demo_seeded(org, session, rng):
    # A reception half-day most weeks of the last year, a few residents each time.
    from datetime import date, timedelta

    from shequ_reception.services import ReceptionService

    matters = [("楼道灯坏了", "已报物业维修"), ("想办老年优待证", "告知所需材料，已代办"), ("邻里噪音纠纷", "约双方调解"),
               ("咨询低保申请", "讲解政策，留下联系方式"), ("小区停车难", "纳入居民议事会议题")]
    service = ReceptionService(session)
    for week in range(52):
        if rng.random() < 0.15:
            continue  # a missed week, as happens
        day = date.today() - timedelta(days=7 * week + rng.randint(0, 4))
        for _ in range(rng.randint(1, 4)):
            matter, outcome = rng.choice(matters)
            await service.record(org, day, "社区书记", None, rng.choice("王李张刘陈杨赵") + rng.choice(["阿姨", "大爷", "女士", "先生"]),
                                 matter, outcome)


@hookimpl
def validate_module_config(org, config):
    # The schema bounds each field; only the weekday rule needs the org: streets may not pick weekends.
    if org.level == "street" and config.get("weekday", 1) > 5:
        raise Invalid(N_("a street's reception day must be a working day (1-5)"), field="config.weekday")
