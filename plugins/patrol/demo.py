"""A plausible year of the patrol line at one demo community (the ``demo_seeded`` hook's work).

Members in every team, a weekly roster of shifts at the grids for the last year and the next
two weeks (most done with check-ins, a few missed), reports moving through the status flow
(the last weeks' still open), activities, the merchant register and quarterly joint meetings.
Rows go in as multi-row inserts (``_insert``) rather than one ORM flush per row, so eight
communities seed in seconds; those inserts fill ``org_path`` by hand from the community's
own grids, which is why they may carry ``scoped_by_hand``.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.people.models import Person
from core.db import utcnow
from plugins.patrol.figures import rebuild
from plugins.patrol.models import (
    Activity,
    CheckIn,
    JointMeeting,
    Member,
    Merchant,
    Report,
    ReportStep,
    Shift,
    Team,
    TeamMembership,
)
from plugins.patrol.services._common import local_today
from plugins.patrol.services.shifts import local_dt
from plugins.patrol.vocab import ACTIVITY_KINDS
from tenants.models import OrgUnit

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌德福海燕春梅"
KIND_OF = {
    "gold": "police",
    "red": "volunteer",
    "purple": "party_member",
    "orange": "youth",
    "silver": "guard",
    "green": "resident",
    "blue": "low_income",
}
# Weekly patrols per team (the blue team patrols most days) and their local times.
PER_WEEK = {"gold": 2, "red": 2, "purple": 1, "orange": 1, "silver": 2, "green": 1, "blue": 3}
SLOTS = ((time(8, 0), time(10, 0)), (time(14, 30), time(16, 30)), (time(19, 0), time(21, 0)))
CATEGORY_WEIGHTS = {
    "dispute": 6,
    "safety_hazard": 5,
    "unlicensed_vendor": 4,
    "traffic_blockage": 3,
    "vehicle_theft": 1,
    "sanitation": 4,
    "fight": 1,
    "illegal_structure": 2,
    "other": 1,
}
PLACES = (
    "小区东门",
    "菜市场",
    "3号楼楼道",
    "幼儿园门口",
    "沿街商铺",
    "停车场",
    "公园北角",
    "老年活动中心",
)
SHOPS = (
    "便利店",
    "理发店",
    "水果店",
    "早餐店",
    "药店",
    "五金店",
    "快递驿站",
    "面馆",
    "洗衣店",
    "超市",
)
UNITS = ("派出所", "物业公司", "社区卫生服务站", "第二实验小学", "供电所", "市场监管所")


async def _insert(
    session: AsyncSession, model: type, paths: dict[int, str], rows: list[dict]
) -> list[int]:
    """Insert ``rows`` of a tenant model under the community; return their ids in order."""
    if not rows:
        return []
    now = utcnow()
    for row in rows:
        row["org_path"] = paths[row["org_id"]]  # every org id is the community or one of its grids
        if hasattr(model, "created_at"):
            row.setdefault("created_at", now)
            row.setdefault("updated_at", now)
    table = model.__table__
    await session.execute(insert(table).execution_options(scoped_by_hand=True), rows)
    newest = select(table.c.id).where(table.c.org_path.startswith(min(paths.values(), key=len)))
    ids = (
        (
            await session.execute(
                newest.order_by(table.c.id.desc())
                .limit(len(rows))
                .execution_options(scoped_by_hand=True)
            )
        )
        .scalars()
        .all()
    )
    return list(reversed(ids))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


async def seed_year(session: AsyncSession, org: OrgUnit, rng: random.Random) -> dict[str, int]:
    """Add a year of patrol records at community ``org``; returns the counts it added."""
    if org.level != "community":
        return {}
    today = local_today()
    first = today - timedelta(days=364)
    teams = list(
        (
            await session.execute(select(Team).where(Team.org_id == org.id).order_by(Team.id))
        ).scalars()
    )
    grids = list(
        (
            await session.execute(
                select(OrgUnit).where(OrgUnit.parent_id == org.id).order_by(OrgUnit.code)
            )
        ).scalars()
    ) or [org]
    paths = {org.id: org.path, **{g.id: g.path for g in grids}}
    crews = [
        (team.id, KIND_OF.get(team.colour, "volunteer"))
        for team in teams
        for _ in range(rng.randint(4, 7))
    ]
    # Members are persons of the register: the demo registers them first, then links them.
    person_ids = await _insert(
        session, Person, paths, [{"org_id": org.id, "name": _name(rng)} for _crew in crews]
    )
    ids = await _insert(
        session,
        Member,
        paths,
        [
            {"org_id": org.id, "person_id": pid, "kind": kind}
            for (_tid, kind), pid in zip(crews, person_ids, strict=True)
        ],
    )
    members: dict[int, list[int]] = {}
    for (tid, _kind), mid in zip(crews, ids, strict=True):
        members.setdefault(tid, []).append(mid)
    await _insert(
        session,
        TeamMembership,
        paths,
        [
            {
                "org_id": org.id,
                "member_id": mid,
                "team_id": tid,
                "joined_on": first - timedelta(days=30),
            }
            for tid, mids in members.items()
            for mid in mids
        ],
    )
    counts = {"members": len(ids)}
    counts["shifts"], counts["checkins"] = await _shifts(
        session, paths, teams, grids, members, first, today, rng
    )
    counts["reports"] = await _reports(session, paths, grids, ids, today, rng)
    counts["activities"] = await _activities(session, paths, org, teams, first, today, rng)
    counts["merchants"] = await _registers(session, paths, org, today, rng)
    # The multi-row inserts bypass the unit of work the roll-up follows: recount what they
    # wrote (two years of reports, the roster's fortnight ahead, steps a few days later).
    await rebuild(session, org, today - timedelta(days=2 * 366), today + timedelta(days=60))
    return counts


async def _shifts(
    session, paths, teams, grids, members, first: date, today: date, rng
) -> tuple[int, int]:
    shifts: list[dict] = []
    last = today + timedelta(days=14)
    for team in teams:
        weekdays = rng.sample(range(7), PER_WEEK.get(team.colour, 1))
        start, end = rng.choice(SLOTS)
        day = first
        while day <= last:
            if day.weekday() in weekdays or (day == today and team is teams[-1]):
                past = day < today
                missed = past and rng.random() < 0.04
                shifts.append(
                    {
                        "org_id": rng.choice(grids).id,
                        "team_id": team.id,
                        "starts_at": local_dt(day, start),
                        "ends_at": local_dt(day, end),
                        "route": f"{rng.choice(PLACES)}—{rng.choice(PLACES)}",
                        "status": "missed" if missed else ("done" if past else "scheduled"),
                    }
                )
            day += timedelta(days=1)
    ids = await _insert(session, Shift, paths, shifts)
    checkins = []
    for shift, shift_id in zip(shifts, ids, strict=True):
        if shift["status"] != "done":
            continue
        crew = members[shift["team_id"]]
        for member_id in rng.sample(crew, min(len(crew), rng.randint(2, 3))):
            minutes = rng.randint(90, 125)
            came = shift["starts_at"] + timedelta(minutes=rng.randint(0, 10))
            checkins.append(
                {
                    "org_id": shift["org_id"],
                    "shift_id": shift_id,
                    "member_id": member_id,
                    "team_id": shift["team_id"],
                    "checked_in_at": came,
                    "checked_out_at": came + timedelta(minutes=minutes),
                    "minutes": minutes,
                }
            )
    await _insert(session, CheckIn, paths, checkins)
    return len(shifts), len(checkins)


async def _reports(session, paths, grids, member_ids, today: date, rng) -> int:
    categories, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    reports, flows = [], []
    # This year, and a busier year before it (the year-on-year change the community reports).
    for back_from, back_to, count in (
        (0, 364, rng.randint(90, 140)),
        (365, 729, rng.randint(150, 200)),
    ):
        for _ in range(count):
            age = rng.randint(back_from, back_to)
            day = today - timedelta(days=age)
            category = rng.choices(categories, weights)[0]
            if age < 7:
                flow = rng.choice([[], ["handling"]])
            elif age < 30:
                flow = rng.choice([[], ["handling"], ["handling", "resolved"], ["mediated"]])
            elif category == "dispute":
                flow = rng.choice(
                    [["mediated"], ["mediated", "resolved"], ["handling", "mediated"]]
                )
            else:
                flow = rng.choice(
                    [
                        ["handling", "resolved"],
                        ["resolved"],
                        ["reported_upward"],
                        ["reported_upward", "resolved"],
                    ]
                )
            reports.append(
                {
                    "org_id": rng.choice(grids).id,
                    "category": category,
                    "status": flow[-1] if flow else "new",
                    "reporter_member_id": rng.choice(member_ids) if member_ids else None,
                    "occurred_at": local_dt(
                        day, time(rng.randint(7, 21), rng.choice((0, 15, 30, 45)))
                    ),
                    "location": rng.choice(PLACES),
                    "description": f"巡查发现：{rng.choice(PLACES)}情况需处理",
                }
            )
            flows.append(flow)
    ids = await _insert(session, Report, paths, reports)
    now, steps = utcnow(), []
    for report, report_id, flow in zip(reports, ids, flows, strict=True):
        at, previous = report["occurred_at"], None
        for status in ["new", *flow]:
            steps.append(
                {
                    "org_id": report["org_id"],
                    "report_id": report_id,
                    "from_status": previous,
                    "to_status": status,
                    "at": min(at, now),
                    "note": "",
                }
            )
            previous, at = status, at + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 8))
    await _insert(session, ReportStep, paths, steps)
    return len(reports)


async def _activities(session, paths, org, teams, first: date, today: date, rng) -> int:
    titles = {
        "home_visit": "入户走访独居老人",
        "lecture": "防诈骗安全讲座",
        "publicity": "平安建设宣传",
        "convenience": "便民理发义诊",
        "legal_consultation": "法律咨询进社区",
    }
    rows = []
    for _ in range(rng.randint(30, 45)):
        kind = rng.choice(ACTIVITY_KINDS)
        rows.append(
            {
                "org_id": org.id,
                "kind": kind,
                "team_id": rng.choice(teams).id if teams else None,
                "held_on": first + timedelta(days=rng.randint(0, (today - first).days)),
                "title": titles.get(kind, kind),
                "participants": rng.randint(8, 45),
                "note": "",
            }
        )
    await _insert(session, Activity, paths, rows)
    return len(rows)


async def _registers(session, paths, org, today: date, rng) -> int:
    shops = [
        {
            "org_id": org.id,
            "door_number": f"{rng.randint(1, 240)}号",
            "business_name": f"{_name(rng)[0]}记{rng.choice(SHOPS)}",
            "legal_person": _name(rng),
            "address": f"{org.name}{rng.choice(('建设路', '人民街', '和平路'))}{i + 1}号",
            "employees": rng.randint(1, 12),
            "licence_no": "",
            "last_verified_on": today - timedelta(days=rng.randint(5, 200)),
        }
        for i in range(rng.randint(8, 14))
    ]
    await _insert(session, Merchant, paths, shops)
    await _insert(
        session,
        JointMeeting,
        paths,
        [
            {
                "org_id": org.id,
                "held_on": today - timedelta(days=30 + 91 * quarter),
                "units": rng.sample(UNITS, 3),
                "topics": "辖区治安形势与夜间巡防安排",
                "decisions": "增加晚间巡防频次；商户消防检查",
            }
            for quarter in range(4)
        ],
    )
    return len(shops)
