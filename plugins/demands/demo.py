"""Demo data: a plausible year of demands for one community (called by ``shequ demo``)."""

from __future__ import annotations

from datetime import timedelta

from plugins.demands.models import Demand, Supervision
from plugins.demands.services._common import new_tracking_code, today
from plugins.demands.vocab import CHANNELS, DEFAULT_CATEGORIES

CONTENTS = (
    "楼道灯坏了，晚上出行不便",
    "小区门口占道经营，影响通行",
    "咨询灵活就业社保补贴办理",
    "邻里噪音纠纷，希望社区调解",
    "申请低保需要准备哪些材料",
    "雨天路面积水，希望修缮排水",
    "个体工商户办证咨询",
    "老旧小区加装电梯意见",
)


def deadline(start, n: int):
    """Monday-to-Friday deadlines for demo data: illustrative dates, and seeding stays quiet
    (the official calendar warns once per process when it nears its end, which would change
    the demo's printed output between runs)."""
    from types import SimpleNamespace

    day, left = start, n
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return SimpleNamespace(due_on=day, provisional=False)


async def seed(org, session, rng) -> None:
    """About a hundred demands over the past year, in every state, a few supervised."""
    if org.level != "community":
        return
    end = today()
    channels = [c for c in CHANNELS if c != "public_page"]
    for _ in range(rng.randint(80, 120)):
        received = end - timedelta(days=rng.randint(0, 364))
        demand = Demand(
            org_id=org.id,
            tracking_code=new_tracking_code(),
            channel=rng.choice(channels),
            category=rng.choice(DEFAULT_CATEGORIES),
            content=rng.choice(CONTENTS),
            received_on=received,
            status="open",
        )
        roll = rng.random()
        if roll < 0.25:
            demand.kind, demand.status, demand.closed_on = "immediate", "closed", received
            demand.solution = "已当场办结"
        elif roll < 0.85:
            due = deadline(received, 3)
            demand.kind, demand.due_on, demand.due_provisional = (
                "promised",
                due.due_on,
                due.provisional,
            )
            if due.due_on < end and rng.random() < 0.9:
                late = rng.random() < 0.1
                demand.status, demand.solution = "closed", "已按承诺办结"
                demand.closed_on = min(due.due_on + timedelta(days=3 if late else 0), end)
            else:
                demand.status = "promised"
        elif roll < 0.93:
            demand.kind, demand.status = "referred", "closed"
            demand.referred_to, demand.solution, demand.closed_on = (
                "区人社局",
                "已告知办理部门和地址",
                received,
            )
        else:
            demand.kind, demand.status, demand.documents_needed = (
                "missing_documents",
                "missing_documents",
                "身份证复印件",
            )
            demand.documents_notice_on = received
        if (
            demand.status == "closed"
            and demand.closed_on
            and demand.closed_on < end - timedelta(days=15)
        ):
            demand.rating = rng.choices(
                ["satisfied", "basically_satisfied", "dissatisfied", "unrated"], [70, 18, 4, 8]
            )[0]
            demand.rated_on = demand.closed_on + timedelta(days=2)
        session.add(demand)
    await session.flush()
    from sqlalchemy import select

    overdue = (
        (
            await session.execute(
                select(Demand).where(
                    Demand.org_id == org.id, Demand.status == "promised", Demand.due_on < end
                )
            )
        )
        .scalars()
        .all()
    )
    for demand in overdue[:3]:
        due = deadline(end, 2)
        session.add(
            Supervision(
                org_id=org.id,
                demand_id=demand.id,
                issued_on=end,
                overdue_since=demand.due_on,
                new_due_on=due.due_on,
                new_due_provisional=due.provisional,
            )
        )
    await session.flush()
