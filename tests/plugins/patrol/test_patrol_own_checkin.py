"""A party member checks themselves in from a phone (patrol:own_checkin), and nobody else."""

from __future__ import annotations

from datetime import timedelta

from test_patrol_console import Console


async def _person(patrol, username: str, role: str) -> int:
    """A new account holding ``role`` at community A."""
    api = patrol.api
    body = {"username": username, "password": "password-123", "display_name": username}
    body |= {"org_id": api.org("A"), "role": role}
    r = await api.post("/api/v1/users", as_="secA", json=body)
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    api.world.users[username] = user_id
    return user_id


async def test_a_member_checks_only_themselves_in_and_out(patrol, now):
    await patrol.enable("A", "secA")
    gold = await patrol.team("A", "gold", "secA")
    me = await _person(patrol, "pmember", "party_member")
    await _person(patrol, "resident1", "resident")
    mine = await patrol.post(
        "A", "/members", "secA", {"name": "自己", "kind": "party_member", "user_id": me}
    )
    other = await patrol.post("A", "/members", "secA", {"name": "别人", "kind": "resident"})
    for m in (mine, other):
        body = {"team_id": gold["id"], "on": "2020-01-01"}
        await patrol.post("A", f"/members/{m['id']}/join", "secA", body)
    shift = await patrol.post(
        "A",
        "/shifts",
        "secA",
        {
            "team_id": gold["id"],
            "route": "南门",
            "starts_at": (now - timedelta(minutes=5)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
        },
    )

    console = Console(patrol)
    await console.login("pmember")
    r = await console.client.get(console.base + "/checkin")
    assert r.status_code == 200
    assert f'data-own-shift="{shift["id"]}"' in r.text and "南门" in r.text
    assert 'id="c-member"' not in r.text and 'name="member_id" value="%d"' % mine["id"] in r.text
    assert 'data-tab="members"' not in r.text  # no right to read the member list
    assert (await console.client.get(console.base + "/members")).status_code == 403

    # someone else, through the page and through the API: 403, nothing written
    r = await console.post("/checkin", {"shift_id": shift["id"], "member_id": other["id"]})
    assert r.status_code == 403
    r = await patrol.api.post(
        patrol.url("A", "/checkins"),
        as_="pmember",
        json={"shift_id": shift["id"], "member_id": other["id"]},
    )
    assert r.status_code == 403 and "member_id" in r.text
    assert await patrol.get("A", "/checkins", "secA") == []

    # oneself: the big button checks in, then out
    kind, text = await console.submit(
        "/checkin", {"shift_id": shift["id"], "member_id": mine["id"]}
    )
    assert (kind, text) == ("ok", "已签到")
    [checkin] = await patrol.get("A", "/checkins", "secA")
    assert checkin["member_id"] == mine["id"]
    page = (await console.client.get(console.base + "/checkin")).text
    assert f'name="checkin_id" value="{checkin["id"]}"' in page
    # staff check the other member in; pm may not check them out
    theirs = await patrol.post(
        "A", "/checkins", "wA", {"shift_id": shift["id"], "member_id": other["id"]}
    )
    r = await console.post("/checkin", {"checkin_id": theirs["id"]})
    assert r.status_code == 403
    r = await patrol.api.post(
        patrol.url("A", f"/checkins/{theirs['id']}/checkout"), as_="pmember", json={}
    )
    assert r.status_code == 403
    assert (await console.submit("/checkin", {"checkin_id": checkin["id"]})) == ("ok", "已签退")
    by_id = {c["id"]: c for c in await patrol.get("A", "/checkins", "secA")}
    assert by_id[checkin["id"]]["checked_out_at"] is not None
    assert by_id[theirs["id"]]["checked_out_at"] is None

    # a resident with no linked member sees the page but no shift, and cannot check in
    await console.login("resident1")
    r = await console.client.get(console.base + "/checkin")
    assert r.status_code == 200 and "data-own-shift" not in r.text
    r = await patrol.api.post(
        patrol.url("A", "/checkins"),
        as_="resident1",
        json={"shift_id": shift["id"], "member_id": mine["id"]},
    )
    assert r.status_code == 403
    # someone with neither right (another community's staff) is refused outright
    assert (await patrol.api.get(patrol.url("A", "/checkins"), as_="secB")).status_code == 403
