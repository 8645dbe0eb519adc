"""Another community's users cannot see or change A's patrol rows; a disabled module is silent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from core.db import Database
from plugins.patrol.models import Team
from tenants.scoping import unscoped


async def _a_with_data(patrol, now):
    await patrol.enable("A", "secA")
    gold = await patrol.team("A", "gold", "secA")
    member = await patrol.post("A", "/members", "wA", {"name": "王五", "kind": "resident"})
    report = await patrol.post(
        "A",
        "/reports",
        "wA",
        {
            "category": "fight",
            "description": "x",
            "occurred_at": (now - timedelta(hours=1)).isoformat(),
        },
    )
    merchant = await patrol.post(
        "A",
        "/merchants",
        "wA",
        {"door_number": "12-1", "business_name": "便利店", "legal_person": "赵六"},
    )
    return gold, member, report, merchant


async def test_other_communities_get_404_or_403_never_data(patrol, now):
    gold, member, report, merchant = await _a_with_data(patrol, now)
    await patrol.enable("B", "secB")  # B runs the module too, with its own rows
    api = patrol.api
    # through A's URLs: B's people and the other street's admin are refused outright
    for user in ("secB", "wB", "sa2"):
        for rest in (
            "/teams",
            "/members",
            "/reports",
            f"/reports/{report['id']}",
            "/merchants",
            "/stats",
        ):
            r = await api.get(patrol.url("A", rest), as_=user)
            assert r.status_code == 403, (user, rest, r.text)
        r = await api.post(
            patrol.url("A", f"/reports/{report['id']}/transitions"),
            as_=user,
            json={"to_status": "handling"},
        )
        assert r.status_code == 403
        r = await api.patch(
            patrol.url("A", f"/teams/{gold['id']}"), as_=user, json={"name": "mine"}
        )
        assert r.status_code == 403
    # through B's own URLs, A's ids simply do not exist
    for rest in (
        f"/reports/{report['id']}",
        f"/merchants/{merchant['id']}/verifications",
        f"/members/{member['id']}/teams",
    ):
        r = await api.get(patrol.url("B", rest), as_="secB")
        assert r.status_code == 404, (rest, r.text)
    r = await api.post(
        patrol.url("B", f"/reports/{report['id']}/transitions"),
        as_="secB",
        json={"to_status": "handling"},
    )
    assert r.status_code == 404
    r = await api.patch(patrol.url("B", f"/teams/{gold['id']}"), as_="secB", json={"name": "mine"})
    assert r.status_code == 404
    r = await api.post(
        patrol.url("B", f"/members/{member['id']}/join"),
        as_="secB",
        json={"team_id": gold["id"], "on": "2026-01-01"},
    )
    assert r.status_code == 404
    # B's lists hold only B's rows
    assert {t["org_id"] for t in await patrol.get("B", "/teams", "secB")} == {api.org("B")}
    assert await patrol.get("B", "/reports", "wB") == []
    assert await patrol.get("B", "/merchants", "wB") == []
    # A's row is unchanged
    assert (await patrol.get("A", f"/reports/{report['id']}", "secA"))["status"] == "new"


async def test_disabled_module_routes_404_and_hooks_stay_silent(patrol, settings, now):
    await _a_with_data(patrol, now)
    api = patrol.api
    r = await api.get(patrol.url("D", "/teams"), as_="root")
    assert r.status_code == 404 and "module 'patrol' is not enabled" in r.json()["detail"]
    r = await api.post(
        patrol.url("B", "/reports"),
        as_="secB",
        json={"category": "fight", "description": "x", "occurred_at": now.isoformat()},
    )
    assert r.status_code == 404
    # module_enabled was never called for B or D: no teams were seeded there
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        async with unscoped(session, "test counts teams per org across communities"):
            rows = dict(
                (
                    await session.execute(select(Team.org_id, func.count()).group_by(Team.org_id))
                ).all()
            )
    await db.dispose()
    assert rows == {api.org("A"): 7}
    # switching A off keeps every row but closes its routes; on again, the rows are back
    await patrol.enable("A", "secA", enabled=False)
    assert (await api.get(patrol.url("A", "/teams"), as_="secA")).status_code == 404
    await patrol.enable("A", "secA")
    assert len(await patrol.get("A", "/reports", "secA")) == 1
    assert len(await patrol.get("A", "/teams", "secA")) == 7


async def test_bad_input_is_4xx_naming_the_field(patrol, now):
    await patrol.enable("A", "secA")
    gold = await patrol.team("A", "gold", "secA")
    api = patrol.api
    cases = [
        ("/members", {"name": "x", "kind": "astronaut"}, 422, "kind"),
        ("/members", {"name": "", "kind": "police"}, 400, "name"),
        ("/members", {"name": "x", "kind": "police", "shoe_size": 42}, 400, "shoe_size"),
        ("/teams", {"colour": "pink", "name": "粉色"}, 422, "colour"),
        (
            "/reports",
            {"category": "ufo", "description": "x", "occurred_at": now.isoformat()},
            422,
            "category",
        ),
        (
            "/reports",
            {"category": "fight", "description": "x", "occurred_at": "yesterday"},
            400,
            "occurred_at",
        ),
        (
            "/reports",
            {
                "category": "fight",
                "description": "x",
                "occurred_at": (now + timedelta(days=1)).isoformat(),
            },
            422,
            "occurred_at",
        ),
        (
            "/reports",
            {
                "category": "fight",
                "description": "x",
                "occurred_at": now.isoformat(),
                "grid_id": api.org("B1"),
            },
            422,
            "grid_id",
        ),
        (
            "/shifts",
            {"team_id": gold["id"], "starts_at": now.isoformat(), "ends_at": now.isoformat()},
            422,
            "ends_at",
        ),
        (
            "/shifts",
            {
                "team_id": 999999,
                "starts_at": now.isoformat(),
                "ends_at": (now + timedelta(hours=1)).isoformat(),
            },
            404,
            "team_id",
        ),
        (
            "/schedules",
            {
                "team_id": gold["id"],
                "weekday": 9,
                "start_time": "19:00:00",
                "end_time": "21:00:00",
                "active_from": "2026-01-01",
            },
            400,
            "weekday",
        ),
        (
            "/activities",
            {"kind": "lecture", "held_on": "2026-01-01", "title": "x", "participants": -1},
            400,
            "participants",
        ),
        ("/meetings", {"held_on": "2026-01-01", "units": []}, 400, "units"),
        ("/checkins", {"shift_id": 424242, "member_id": 1}, 404, "shift_id"),
    ]
    for rest, body, status, field in cases:
        r = await api.post(patrol.url("A", rest), as_="wA", json=body)
        assert r.status_code == status, (rest, body, r.text)
        assert field in r.text, (rest, field, r.text)
    r = await api.get(
        patrol.url("A", "/stats"), as_="secA", params={"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert r.status_code == 422 and "end" in r.text


async def test_the_kit_helpers_find_every_patrol_route_refused_to_a_neighbour_and_silence_where_off(api):
    from core.testing import assert_neighbour_refused, assert_silent_where_off

    await api.enable("patrol", "A", as_="secA")
    assert await assert_neighbour_refused(api, "patrol", owner="A", neighbour="secB") > 40
    await assert_silent_where_off(api, "patrol", org="D")
