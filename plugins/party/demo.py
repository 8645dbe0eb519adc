"""Demo data of the party plugin: a plausible year at one community (called by ``demo_seeded``)."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import local_today
from core.people.models import Person, Unit
from plugins.party.models import GRADES, PartyBallot, PartyMember, PartyRepresentative, PartyService
from plugins.party.services import FeedbackService, MemberService
from tenants.models import OrgUnit

_UNITS = ("区税务局", "市第一医院", "区实验小学", "供电公司")
_POSITIONS = ("科员", "医生", "教师", "工程师", "主任")


async def seed(org: OrgUnit, session: AsyncSession, rng: random.Random) -> None:
    """Report-ins of up to eight persons of the community, their service, ballots and forms."""
    if org.level != "community":
        return
    if (
        await session.scalar(select(PartyMember.id).where(PartyMember.org_id == org.id).limit(1))
        is not None
    ):
        return
    await MemberService(session).seed_posts(org)
    units = []
    for name in _UNITS:
        unit = Unit(
            org_id=org.id,
            name=f"{name}（{org.name}）",
            kind="institution",
            party_org_name=f"{name}党支部",
        )
        session.add(unit)
        units.append(unit)
    await session.flush()
    persons = (
        await session.scalars(
            select(Person).where(Person.status == "active").order_by(Person.id).limit(8)
        )
    ).all()
    if not persons:
        return
    posts = await MemberService(session).posts()
    today = local_today()
    members = []
    for person in persons:
        member = PartyMember(
            org_id=org.id,
            person_id=person.id,
            unit_id=rng.choice(units).id,
            position=rng.choice(_POSITIONS),
            skills="",
            interests="",
            status="confirmed",
            reported_on=date(today.year, 1, 1),
            post_id=rng.choice(posts).id if posts else None,
            in_team=rng.random() < 0.6,
        )
        session.add(member)
        members.append(member)
    await session.flush()
    for member in members:
        for i in range(rng.randint(0, 3)):
            day = date(today.year, rng.randint(1, today.month), rng.randint(1, 28))
            session.add(
                PartyService(
                    org_id=org.id,
                    member_id=member.id,
                    year=day.year,
                    served_on=day,
                    title=rng.choice(("社区清洁", "政策宣讲", "巡逻值守", "关爱老人")),
                    hours=float(rng.randint(1, 4)),
                    source="party",
                    ref=f"demo-{member.id}-{i}",
                )
            )
    rep = PartyRepresentative(org_id=org.id, year=today.year, kind="resident", user_id=None)
    if persons[0].user_id is not None:
        rep.user_id = persons[0].user_id
        session.add(rep)
        await session.flush()
        for member in members:
            session.add(
                PartyBallot(
                    org_id=org.id,
                    year=today.year,
                    member_id=member.id,
                    representative_id=rep.id,
                    grade=rng.choice(GRADES[:3]),
                )
            )
    await session.flush()
    await FeedbackService(session).generate(org, today.year)
