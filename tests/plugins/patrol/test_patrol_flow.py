"""The whole patrol flow over HTTP: enable, seven teams, shift, check-in/out, report, statistics."""

from __future__ import annotations

from datetime import timedelta


async def test_enable_seeds_the_seven_teams_once(patrol):
    await patrol.enable("A", "secA")
    teams = await patrol.get("A", "/teams", "secA")
    assert [t["colour"] for t in teams] == [
        "gold",
        "red",
        "purple",
        "orange",
        "silver",
        "green",
        "blue",
    ]
    assert teams[0]["name"] == "金色盾牌" and teams[-1]["name"] == "蓝色卫士"
    assert all(t["is_builtin"] and t["org_id"] == patrol.api.org("A") for t in teams)
    # switching it on again (or changing its config) seeds nothing twice
    await patrol.enable("A", "secA", config={"photo_max_bytes": 2048})
    assert len(await patrol.get("A", "/teams", "secA")) == 7


async def test_whole_flow_reaches_community_and_street_stats(patrol, now):
    await patrol.enable("A", "secA")
    gold = await patrol.team("A", "gold", "secA")
    member = await patrol.post(
        "A", "/members", "wA", {"name": "张警官", "kind": "police", "phone": "13800000000"}
    )
    await patrol.post(
        "A",
        f"/members/{member['id']}/join",
        "wA",
        {"team_id": gold["id"], "on": (now - timedelta(days=30)).date().isoformat()},
    )
    shift = await patrol.post(
        "A",
        "/shifts",
        "wA",
        {
            "team_id": gold["id"],
            "grid_id": patrol.api.org("A1"),
            "route": "1号楼—3号楼",
            "starts_at": (now - timedelta(minutes=30)).isoformat(),
            "ends_at": (now + timedelta(hours=2)).isoformat(),
        },
    )
    assert shift["org_id"] == patrol.api.org("A1")

    # the grid worker checks the member in at the grid, from a phone, and out again
    checkin = await patrol.post(
        "A1",
        "/checkins",
        "gA1",
        {"shift_id": shift["id"], "member_id": member["id"], "lat": 30.6, "lon": 104.1},
    )
    out = await patrol.post(
        "A1",
        f"/checkins/{checkin['id']}/checkout",
        "gA1",
        {"at": (now + timedelta(minutes=90)).isoformat()},
        status=200,
    )
    assert out["minutes"] >= 89

    # a dispute is reported at the grid and mediated
    report = await patrol.post(
        "A",
        "/reports",
        "wA",
        {
            "category": "dispute",
            "description": "邻里噪音纠纷",
            "grid_id": patrol.api.org("A1"),
            "occurred_at": max(now - timedelta(hours=3), now.replace(hour=0, minute=0, second=0)).isoformat(),  # today, Beijing
        },
    )
    assert report["status"] == "new"
    for to in ("handling", "mediated"):
        moved = await patrol.post(
            "A",
            f"/reports/{report['id']}/transitions",
            "wA",
            {"to_status": to, "note": to},
            status=200,
        )
        assert moved["status"] == to
    detail = await patrol.get("A", f"/reports/{report['id']}", "secA")
    assert [s["to_status"] for s in detail["steps"]] == ["new", "handling", "mediated"]
    assert detail["steps"][-1]["by_user_id"] == patrol.api.world.users["wA"]

    await patrol.post(
        "A",
        "/activities",
        "wA",
        {
            "kind": "lecture",
            "held_on": now.date().isoformat(),
            "title": "防诈骗讲座",
            "participants": 40,
            "team_id": gold["id"],
        },
    )

    day = now.date().isoformat()
    stats = await patrol.get("A", "/stats", "secA", start=day, end=day)
    gold_row = next(t for t in stats["teams"] if t["colour"] == "gold")
    assert gold_row["checkins"] == 1 and gold_row["patrol_hours"] >= 1.48
    assert gold_row["person_times"] == 41
    assert stats["reports"] == 1 and stats["reports_by_category"]["dispute"] == 1
    assert stats["reports_by_status"]["mediated"] == 1 and stats["disputes_mediated"] == 1
    assert stats["reports_last_year"] == 0 and stats["change_pct"] is None

    # the street reads the same figures through its own route, without running the module
    street = await patrol.get("s1", "/stats", "sa1", start=day, end=day)
    assert street["reports"] == 1 and street["disputes_mediated"] == 1
    assert street["person_times"] == stats["person_times"]
