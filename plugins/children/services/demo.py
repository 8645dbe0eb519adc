"""Demo records: a plausible year of the home for one demo community (fast, no network)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import local_today
from core.people.models import Person
from core.privacy.models import Consent
from core.users.models import RoleAssignment
from plugins.children.models import Activity, Attendance, Child, Contact, Custody, Pairing
from plugins.children.services._common import CARE, CUSTODY
from plugins.children.vocab import ACTIVITY_KINDS, CATEGORIES, CONTACT_MODES

_FAMILY = "王李张刘陈杨赵黄周吴"
_GIVEN = ("小雨", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "雨桐", "一诺", "思远")


async def seed_demo(session: AsyncSession, org, rng) -> None:
    """Children (minors of the register, created when the demo has none), consents,
    pairings with the community's accounts, a year of contacts, stays and activities."""
    if (await session.execute(select(Child.id).where(Child.org_id == org.id).limit(1))).first():
        return
    today = local_today()
    people = list(
        (await session.execute(select(Person).where(Person.status == "active"))).scalars()
    )
    minors = [p for p in people if p.birth_date and (today - p.birth_date).days < 17 * 365][:12]
    guardians = [p for p in people if p.birth_date and (today - p.birth_date).days > 50 * 365]
    while len(minors) < 8:
        person = Person(
            org_id=org.id,
            name=rng.choice(_FAMILY) + rng.choice(_GIVEN),
            gender=rng.choice(("male", "female")),
            birth_date=today - timedelta(days=rng.randint(3 * 365, 16 * 365)),
        )
        session.add(person)
        minors.append(person)
    if not guardians:
        guardian = Person(
            org_id=org.id,
            name=rng.choice(_FAMILY) + "奶奶",
            gender="female",
            birth_date=date(today.year - 66, 3, 1),
        )
        session.add(guardian)
        guardians = [guardian]
    await session.flush()
    helpers = list(
        (
            await session.execute(
                select(RoleAssignment.user_id).where(RoleAssignment.org_id == org.id)
            )
        ).scalars()
    )
    start = today - timedelta(days=360)
    activities = [
        Activity(
            org_id=org.id,
            kind=rng.choice(ACTIVITY_KINDS),
            title=f"第{i + 1}期活动",
            held_on=start + timedelta(days=i * 30 + rng.randint(0, 20)),
        )
        for i in range(12)
    ]
    session.add_all(activities)
    for person in minors:
        guardian = rng.choice(guardians)
        child = Child(
            org_id=org.id,
            person_id=person.id,
            category=rng.choice(CATEGORIES),
            school="实验小学",
            class_name=f"{rng.randint(1, 6)}年级{rng.randint(1, 4)}班",
            guardian_person_id=guardian.id,
            guardian_relation="祖母",
        )
        session.add(child)
        for purpose in (CARE, CUSTODY):
            session.add(
                Consent(
                    org_id=person.org_id,
                    person_id=person.id,
                    purpose=purpose,
                    guardian_person_id=guardian.id,
                    guardian_name=guardian.name,
                    relation="祖母",
                    detail={"source": "children", "demo": True},
                )
            )
        await session.flush()
        if helpers:
            pairing = Pairing(
                org_id=org.id,
                child_id=child.id,
                helper_user_id=rng.choice(helpers),
                helper_kind="party_member",
                started_on=start,
            )
            session.add(pairing)
            await session.flush()
            last = start
            for _ in range(rng.randint(3, 10)):
                last = last + timedelta(days=rng.randint(15, 45))
                if last > today:
                    break
                session.add(
                    Contact(
                        org_id=org.id,
                        child_id=child.id,
                        pairing_id=pairing.id,
                        helper_user_id=pairing.helper_user_id,
                        contact_on=last,
                        mode=rng.choice(CONTACT_MODES),
                        emotional="与在外务工的父母视频通话",
                        behaviour="在校表现良好",
                    )
                )
                pairing.last_contact_on = last
            if (today - (pairing.last_contact_on or start)).days >= 30:
                pairing.overdue_since = today
        for activity in rng.sample(activities, 3):
            session.add(Attendance(org_id=org.id, activity_id=activity.id, person_id=person.id))
        if child.category == "migrant":
            session.add(Custody(org_id=org.id, child_id=child.id, dropped_by_person_id=guardian.id))
    await session.flush()
