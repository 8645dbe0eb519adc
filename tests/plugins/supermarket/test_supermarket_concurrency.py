"""Two staff redeeming at the same moment never sell the last item twice or overspend.

32 redemptions run at once (asyncio.gather), each in its own session on its own database
connection, through the same service the API calls (the test client runs HTTP requests one
at a time, so it cannot race them): on PostgreSQL they queue on the account and item row
locks, on SQLite on its single writer lock. Set-up and every check go over HTTP.
"""

from __future__ import annotations

import asyncio

from core.db import Database
from core.errors import Conflict
from plugins.supermarket.services import RedemptionService
from tenants.models import OrgUnit
from tenants.scoping import set_scope


class _Answer:
    def __init__(self, status_code: int, detail: str = "") -> None:
        self.status_code, self.detail = status_code, detail

    def json(self) -> dict:
        return {"detail": self.detail}

    text = property(lambda self: self.detail)


async def _burst(sm, bodies):
    """Run one redemption per body at once, each in its own session and connection."""
    url = sm.api.settings.effective_database_url
    kwargs = {} if url.startswith("sqlite") else {"pool_size": len(bodies), "max_overflow": 0}
    db = Database(url, **kwargs)
    user_id = sm.api.world.users["wA"]

    async def one(body) -> _Answer:
        async with db.session() as session:
            set_scope(session, sm.api.world.paths["A"])
            org = await session.get(OrgUnit, sm.api.org("A"))
            try:
                await RedemptionService(session).redeem(org, **body, by_user_id=user_id)
                await session.commit()
                return _Answer(201)
            except Conflict as exc:
                await session.rollback()
                return _Answer(409, exc.detail)

    try:
        return await asyncio.gather(*(one(b) for b in bodies))
    finally:
        await db.dispose()


async def test_32_concurrent_redemptions_of_5_left(sm, backend):
    await sm.enable("A", "secA")
    people = [await sm.person("A1", f"居民{i:02d}") for i in range(32)]
    for pid in people:
        await sm.credit("A", pid, 50)
    item = await sm.post(
        "A",
        "/items",
        "wA",
        {"name": "电饭煲", "category": "appliances", "quantity": 5, "points": 30},
    )
    answers = await _burst(
        sm, [{"person_id": p, "item_id": item["id"], "quantity": 1} for p in people]
    )
    codes = sorted(r.status_code for r in answers)
    assert codes.count(201) == 5, [r.text for r in answers if r.status_code not in (201, 409)]
    assert codes.count(409) == 27
    assert all("not enough stock" in r.json()["detail"] for r in answers if r.status_code == 409)
    items = await sm.get("A", "/items", "wA")
    assert next(i for i in items if i["id"] == item["id"])["on_hand"] == 0
    balances = [(await sm.get("A", f"/accounts/{p}", "wA"))["balance"] for p in people]
    assert min(balances) >= 0 and sorted(balances).count(20) == 5
    rec = await sm.get("A", "/reconciliation", "secA")
    assert rec["balanced"] is True, rec
    assert rec["points"]["negative_balances"] == 0 and rec["stock"]["issued"] == 5


async def test_one_account_is_never_overspent_at_once(sm):
    await sm.enable("A", "secA")
    alice = await sm.person("A1", "王小花")
    await sm.credit("A", alice, 40)
    item = await sm.post(
        "A", "/items", "wA", {"name": "图书", "category": "books", "quantity": 30, "points": 20}
    )
    answers = await _burst(
        sm, [{"person_id": alice, "item_id": item["id"], "quantity": 1} for _ in range(32)]
    )
    assert sorted(r.status_code for r in answers).count(201) == 2
    assert all("not enough points" in r.json()["detail"] for r in answers if r.status_code == 409)
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 0
    assert (await sm.get("A", "/reconciliation", "secA"))["balanced"] is True
