"""Points expire N months after they were credited, first in first out, once, and reconcile."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from sqlalchemy import select, update

from core.db import Database
from core.jobs import dispose_job_databases
from core.localtime import local_today
from plugins.supermarket.jobs import expire_points
from plugins.supermarket.models import Entry, Txn
from plugins.supermarket.services.expiry import months_before
from plugins.supermarket.services.redemptions import local_start
from tenants.scoping import unscoped


async def _age(sm, txn_ids: list[int], day: date) -> None:
    """Move transactions back to noon of a past local day (their entries follow: the foreign
    key on the entries' (txn_id, at) cascades)."""
    at = local_start(day) + timedelta(hours=12)
    db = Database(sm.api.settings.effective_database_url)
    async with db.session() as session:
        async with unscoped(session, "the test ages ledger rows"):
            await session.execute(update(Txn).where(Txn.id.in_(txn_ids)).values(at=at))
        await session.commit()
        async with unscoped(session, "the test reads ledger rows"):
            moved = await session.execute(select(Entry.at).where(Entry.txn_id.in_(txn_ids)))
            assert {a.replace(tzinfo=None) for a in moved.scalars()} == {at.replace(tzinfo=None)}
    await db.dispose()


async def _award(sm, org: str, person: int, points: int, as_: str) -> int:
    """An award at or below the threshold; returns its ledger transaction."""
    award = await sm.post(
        org, "/awards", as_, {"person_id": person, "points": points, "reason": "测试"}
    )
    assert award["status"] == "approved"
    return award["txn_id"]


async def _balance(sm, org: str, person: int, as_: str = "wA") -> int:
    return (await sm.get(org, f"/accounts/{person}", as_))["balance"]


def test_the_expiry_job_is_declared_and_scheduled_nightly():
    from plugins.supermarket import hooks

    assert [a.actor_name for a in hooks.register_actors()] == ["supermarket.expire_points"]
    [schedule] = hooks.register_schedules()
    assert (schedule.actor_name, schedule.cron) == ("supermarket.expire_points", "30 2 * * *")


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(date(2026, 3, 15), 12) == date(2025, 3, 15)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 30), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 10), 25) == date(2023, 12, 10)


async def test_unspent_old_points_expire_fifo_once_and_reconcile(sm):
    await sm.enable("A", "secA")  # default: 12 months
    await sm.enable("B", "secB")
    today = local_today()
    old, recent = today - timedelta(days=400), today - timedelta(days=60)
    item = await sm.post(
        "A", "/items", "wA", {"name": "台灯", "category": "appliances", "quantity": 9, "points": 10}
    )

    # alice: 30 old + 20 recent, spent 10 since: FIFO takes the 10 from the old 30, 20 expire
    alice = await sm.person("A1", "王小花")
    await _age(sm, [await _award(sm, "A", alice, 30, "wA")], old)
    await _age(sm, [await _award(sm, "A", alice, 20, "wA")], recent)
    await sm.post(
        "A", "/redemptions", "wA", {"person_id": alice, "item_id": item["id"], "quantity": 1}
    )
    # carol: 30 old, then 20 recent, then spent 40: all the old points were spent, none expire
    carol = await sm.person("A1", "赵三")
    await _age(sm, [await _award(sm, "A", carol, 30, "wA")], old)
    await _age(sm, [await _award(sm, "A", carol, 20, "wA")], recent)
    await sm.post(
        "A", "/redemptions", "wA", {"person_id": carol, "item_id": item["id"], "quantity": 4}
    )
    # dave: 25 old and 25 old-but-reversed; the reversal cancels its own credit, not the other
    dave = await sm.person("A1", "孙四")
    kept, wrong = await _award(sm, "A", dave, 25, "wA"), await _award(sm, "A", dave, 25, "wA")
    await sm.post("A", f"/ledger/{wrong}/reverse", "secA", {"reason": "录错"}, status=201)
    await _age(sm, [kept, wrong], old)
    # erin at B: old points, but B's run is not A's
    erin = await sm.person("B", "周五")
    await _age(sm, [await _award(sm, "B", erin, 40, "secB")], old)

    await dispose_job_databases()  # the job runtime caches one engine per event loop
    a = sm.api.org("A")
    cutoff = months_before(today, 12).isoformat()
    assert await expire_points(a) == {"cutoff": cutoff, "persons": 2, "points": 45}
    # idempotent: again, and twice at the same moment, nothing more
    assert await expire_points(a) == {"cutoff": cutoff, "persons": 0, "points": 0}
    again = await asyncio.gather(expire_points(a), expire_points(a))
    assert [r["points"] for r in again] == [0, 0]
    await dispose_job_databases()

    assert await _balance(sm, "A", alice) == 20
    assert await _balance(sm, "A", carol) == 10
    assert await _balance(sm, "A", dave) == 0
    assert await _balance(sm, "B", erin, "secB") == 40
    ledger = await sm.get("A", "/ledger", "wA", person_id=alice)
    expired = [e for e in ledger if e["kind"] == "expired"]
    assert [(e["amount"], e["ref"]) for e in expired] == [(-20, f"expiry:{alice}:{cutoff}")]
    rec = await sm.get("A", "/reconciliation", "secA")
    assert rec["balanced"] is True, rec
    assert rec["points"]["expired"] == 45 and rec["points"]["negative_balances"] == 0


async def test_zero_months_keeps_points_and_other_levels_do_nothing(sm):
    await sm.enable("A", "secA", config={"points_expire_months": 0})
    alice = await sm.person("A1", "王小花")
    await _age(sm, [await _award(sm, "A", alice, 30, "wA")], local_today() - timedelta(days=900))
    await dispose_job_databases()
    assert await expire_points(sm.api.org("A")) == {"cutoff": None, "persons": 0, "points": 0}
    assert await expire_points(sm.api.org("s1")) == {"cutoff": None, "persons": 0, "points": 0}
    await dispose_job_databases()
    assert await _balance(sm, "A", alice) == 30
    r = await sm.api.put(
        f"/api/v1/orgs/{sm.api.org('A')}/modules/supermarket",
        as_="secA",
        json={"enabled": True, "config": {"points_expire_months": -1}},
    )
    assert r.status_code in (400, 422) and "points_expire_months" in r.text


async def test_expired_points_are_not_taken_twice_by_a_reversal(sm):
    from core import events
    from tenants.models import OrgUnit
    from tenants.scoping import set_scope

    await sm.enable("A", "secA")  # default: 12 months
    old = local_today() - timedelta(days=400)
    alice = await sm.person("A1", "王小花")
    award = await _award(sm, "A", alice, 30, "wA")
    db = Database(sm.api.settings.effective_database_url)
    async with db.session() as session:  # 20 points for a patrol shift, as patrol announces it
        set_scope(session, sm.api.world.paths["A1"])
        grid = await session.get(OrgUnit, sm.api.org("A1"))
        await events.volunteer_service_recorded(
            session, grid, person_name="王*花", user_id=None, hours=2.0, source="patrol",
            ref="patrol:checkin:1", person_id=alice, plugins=sm.api.client.app.state.plugins,
        )
        await session.commit()
    credits = [e["id"] for e in await sm.get("A", "/ledger", "wA", person_id=alice)]
    await _age(sm, credits, old)
    await _award(sm, "A", alice, 5, "wA")  # fresh points, which must stay hers
    await dispose_job_databases()
    assert (await expire_points(sm.api.org("A")))["points"] == 50
    await dispose_job_databases()
    assert await _balance(sm, "A", alice) == 5

    # staff cannot reverse the expired award: 409 naming the transaction, nothing posted
    r = await sm.api.post(sm.url("A", f"/ledger/{award}/reverse"), as_="secA", json={"reason": "录错"})
    assert r.status_code == 409 and "txn_id" in r.json()["detail"] and "expired" in r.json()["detail"]
    # patrol's late correction of the expired shift goes through on patrol's side, and takes nothing
    async with db.session() as session:
        set_scope(session, sm.api.world.paths["A1"])
        grid = await session.get(OrgUnit, sm.api.org("A1"))
        await events.volunteer_service_reversed(
            session, grid, source="patrol", ref="patrol:checkin:1",
            plugins=sm.api.client.app.state.plugins,
        )
        await session.commit()
    await db.dispose()
    assert await _balance(sm, "A", alice) == 5
    kinds = sorted(e["kind"] for e in await sm.get("A", "/ledger", "wA", person_id=alice))
    assert "reversal" not in kinds and kinds.count("expired") == 1
    assert (await sm.get("A", "/reconciliation", "secA"))["balanced"] is True
