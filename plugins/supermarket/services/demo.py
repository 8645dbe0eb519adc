"""Demo data: a plausible year of one community's love supermarket, in well under a second."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import local_today
from core.people.models import Person
from plugins.supermarket.services.community import SkillServices, WishBoard
from plugins.supermarket.services.ledger import LedgerService
from plugins.supermarket.services.redemptions import RedemptionService
from plugins.supermarket.services.stock import StockService
from tenants.models import OrgUnit
from tenants.scoping import get_scope, set_scope

# (name, category, points) — what community supermarkets typically stock.
GOODS = [
    ("儿童绘本", "books", 10),
    ("冬季棉衣", "clothes", 30),
    ("毛绒玩具", "toys", 8),
    ("小学生书包", "school_bags", 25),
    ("电饭煲", "appliances", 60),
    ("大米 5kg", "food", 20),
    ("食用油 1.8L", "food", 15),
    ("保温杯", "other", 12),
]


async def seed(session: AsyncSession, org: OrgUnit, rng: random.Random) -> None:
    """Donations, volunteer credits, awards, redemptions, skills and wishes of a community."""
    if org.level != "community":
        return
    if get_scope(session) is None:
        set_scope(session, org.path)
    persons = list((await session.execute(select(Person.id).limit(60))).scalars())
    if not persons:
        return
    stock, ledger = StockService(session), LedgerService(session)
    items = [
        await stock.create_item(
            org, name=n, category=c, points=p, quantity=rng.randint(5, 30), estimated_value=p * 2
        )
        for n, c, p in GOODS
    ]
    for _ in range(12):
        await stock.donate(
            org,
            item_id=rng.choice(items).id,
            quantity=rng.randint(1, 10),
            donor_kind=rng.choice(("person", "anonymous")),
            donor_person_id=rng.choice(persons),
            received_on=local_today() - timedelta(days=rng.randint(0, 360)),
        )
    for i in range(80):
        await ledger.post(
            org,
            "earned",
            rng.choice(persons),
            10 * rng.randint(1, 4),
            reason="volunteer_service",
            source="demo",
            ref=f"demo:{i}",
        )
    redemptions = RedemptionService(session)
    for _ in range(20):
        item = rng.choice(items)
        person = rng.choice(persons)
        if item.on_hand < 1 or await ledger.balance(org, person) < item.points:
            continue
        await redemptions.redeem(org, person_id=person, item_id=item.id, quantity=1)
    skills = SkillServices(session)
    for title in ("家电维修", "义诊量血压", "理发"):
        await skills.offer(org, provider_person_id=rng.choice(persons), title=title)
    wishes = WishBoard(session)
    for title in ("想要一套课外书", "需要一台助听器", "希望有人陪伴聊天"):
        await wishes.post(org, person_id=rng.choice(persons), title=title, source="民情连心卡")
