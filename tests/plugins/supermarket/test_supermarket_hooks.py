"""The supermarket's hooks: demo data, subject export and erasure, the person panel, cards."""

from __future__ import annotations

import random

from sqlalchemy import select

from core.db import Database
from core.people.models import Person
from plugins.supermarket.models import Wish
from tenants.models import OrgUnit
from tenants.scoping import set_scope


async def _session(sm, org: str):
    db = Database(sm.api.settings.effective_database_url)
    session = db.sessionmaker()
    set_scope(session, sm.api.world.paths[org])
    return db, session


async def test_hook_demo_seeded(sm):
    await sm.enable("A", "secA")
    for i in range(12):
        await sm.person("A1", f"演示{i:02d}")
    db, session = await _session(sm, "A")
    try:
        org = await session.get(OrgUnit, sm.api.org("A"))
        await sm.api.client.app.state.plugins.call_for_org(
            session, org, "demo_seeded", session=session, rng=random.Random(7)
        )
        await session.commit()
    finally:
        await session.close()
        await db.dispose()
    stats = await sm.get("A", "/stats", "secA")
    assert stats["totals"]["pieces_donated"] > 0 and stats["totals"]["points_earned"] > 0
    assert stats["totals"]["pieces_issued"] > 0 and stats["totals"]["wishes_open"] == 3
    assert (await sm.get("A", "/reconciliation", "secA"))["balanced"] is True
    # the dashboard shows the cards with real figures
    await _login(sm, "secA")
    home = (await sm.api.client.get(f"/orgs/{sm.api.org('A')}/")).text
    assert "爱心超市库存" in home and "爱心超市积分" in home


async def _login(sm, username):
    import re

    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', (await sm.api.client.get("/login")).text)
    r = await sm.api.client.post(
        "/login",
        data={
            "username": username,
            "password": "password-123",
            "_csrf": token.group(1),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303


async def test_subject_export_and_erasure_keep_the_ledger(sm):
    await sm.enable("A", "secA")
    alice = await sm.person("A1", "王小花")
    await sm.credit("A", alice, 30)
    await sm.post(
        "A", "/wishes", "wA", {"person_id": alice, "title": "助听器", "description": "耳背"}
    )
    pm = sm.api.client.app.state.plugins
    db, session = await _session(sm, "A")
    try:
        person = await session.get(Person, alice)
        # Only the supermarket's answer: every installed plugin hears the hook.
        (data,) = pm.call_plugin("supermarket", "collect_person_data", session=session, person=person)
        data = await data if hasattr(data, "__await__") else data
        assert data["balance"] == 30 and data["wishes"][0]["title"] == "助听器"
        for result in pm.hook.person_erased(session=session, person_id=alice):
            if hasattr(result, "__await__"):
                await result
        await session.commit()
        wish = (await session.execute(select(Wish))).scalar_one()
        assert wish.description == "" and wish.title == "—"
    finally:
        await session.close()
        await db.dispose()
    # the ledger keeps its entries
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 30
    assert (await sm.get("A", "/reconciliation", "secA"))["balanced"] is True
