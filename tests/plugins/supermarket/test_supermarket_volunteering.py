"""Volunteering pays: a patrol check-out credits points once, a correction reverses them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core import events
from core.db import Database
from tenants.models import OrgUnit
from tenants.scoping import set_scope


async def _patrol_member_on_shift(sm, person_id, now):
    """A registered person who is a patrol member, on a gold shift at grid A1."""
    api = sm.api
    patrol = f"/api/v1/orgs/{api.org('A')}/patrol"
    r = await api.put(
        f"/api/v1/orgs/{api.org('A')}/modules/patrol", as_="secA", json={"enabled": True}
    )
    assert r.status_code == 200, r.text
    gold = next(
        t for t in (await api.get(f"{patrol}/teams", as_="wA")).json() if t["colour"] == "gold"
    )
    r = await api.post(
        f"{patrol}/members", as_="wA", json={"person_id": person_id, "kind": "volunteer"}
    )
    assert r.status_code == 201, r.text
    member = r.json()
    assert (
        member["person_id"] == person_id and member["name"] == "刘*华"
    )  # masked, from the register
    on = (now - timedelta(days=1)).date().isoformat()
    await api.post(
        f"{patrol}/members/{member['id']}/join", as_="wA", json={"team_id": gold["id"], "on": on}
    )
    shift = (
        await api.post(
            f"{patrol}/shifts",
            as_="wA",
            json={
                "team_id": gold["id"],
                "grid_id": api.org("A1"),
                "starts_at": now.isoformat(),
                "ends_at": (now + timedelta(hours=3)).isoformat(),
            },
        )
    ).json()
    grid = f"/api/v1/orgs/{api.org('A1')}/patrol"
    checkin = await api.post(
        f"{grid}/checkins",
        as_="gA1",
        json={"shift_id": shift["id"], "member_id": member["id"], "at": now.isoformat()},
    )
    assert checkin.status_code == 201, checkin.text
    return grid, checkin.json()


async def test_two_hours_of_patrol_credit_20_points_once(sm):
    await sm.enable("A", "secA")
    alice = await sm.person("A1", "刘小华")
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    grid, checkin = await _patrol_member_on_shift(sm, alice, now)
    out = await sm.api.post(
        f"{grid}/checkins/{checkin['id']}/checkout",
        as_="gA1",
        json={"at": (now + timedelta(hours=2)).isoformat()},
    )
    assert out.status_code == 200, out.text
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 20

    # the same event delivered again changes nothing
    db = Database(sm.api.settings.effective_database_url)
    async with db.session() as session:
        set_scope(session, sm.api.world.paths["A1"])
        grid_org = await session.get(OrgUnit, sm.api.org("A1"))
        await events.volunteer_service_recorded(
            session,
            grid_org,
            person_name="刘*华",
            user_id=None,
            hours=2.0,
            source="patrol",
            ref=f"patrol:checkin:{checkin['id']}",
            person_id=alice,
            plugins=sm.api.client.app.state.plugins,
        )
        await session.commit()
    await db.dispose()
    ledger = await sm.get("A", "/ledger", "wA", person_id=alice)
    assert [(e["kind"], e["amount"], e["source"], e["hours"]) for e in ledger] == [
        ("earned", 20, "patrol", 2.0)
    ]
    assert ledger[0]["ref"] == f"patrol:checkin:{checkin['id']}"

    # a corrected check-out (1 hour) reverses the 20 and credits 10
    fix = await sm.api.post(
        f"/api/v1/orgs/{sm.api.org('A')}/patrol/checkins/{checkin['id']}/correction",
        as_="wA",
        json={"at": (now + timedelta(hours=1)).isoformat()},
    )
    assert fix.status_code == 200, fix.text
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 10
    kinds = [(e["kind"], e["amount"]) for e in await sm.get("A", "/ledger", "wA", person_id=alice)]
    assert sorted(kinds) == sorted([("earned", 20), ("reversal", -20), ("earned", 10)])
    assert (await sm.get("A", "/reconciliation", "secA"))["balanced"] is True


async def test_disabled_supermarket_stays_silent_on_patrol_checkout(sm):
    alice = await sm.person("A1", "刘小华")
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    grid, checkin = await _patrol_member_on_shift(sm, alice, now)
    out = await sm.api.post(
        f"{grid}/checkins/{checkin['id']}/checkout",
        as_="gA1",
        json={"at": (now + timedelta(hours=2)).isoformat()},
    )
    assert out.status_code == 200, out.text
    await sm.enable("A", "secA")
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 0
    assert await sm.get("A", "/ledger", "wA", person_id=alice) == []
