"""The patrol console pages: figures, the phone check-in flow and the report flow in a browser session."""

from __future__ import annotations

import re
from datetime import timedelta

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')


async def _login(client, username: str) -> None:
    page = await client.get("/login")
    token = TOKEN.search(page.text).group(1)
    r = await client.post(
        "/login",
        data={"username": username, "password": "password-123", "_csrf": token, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


async def _post(client, page: str, data: dict):
    token = TOKEN.search((await client.get(page)).text).group(1)
    return await client.post(page, data={**data, "_csrf": token}, follow_redirects=False)


async def test_pages_show_figures_and_run_check_in_and_reports(patrol, now):
    await patrol.enable("A", "secA")
    gold = await patrol.team("A", "gold", "secA")
    member = await patrol.post("A", "/members", "wA", {"name": "刘八", "kind": "party_member"})
    await patrol.post(
        "A", f"/members/{member['id']}/join", "wA", {"team_id": gold["id"], "on": "2020-01-01"}
    )
    await patrol.post(
        "A",
        "/shifts",
        "wA",
        {
            "team_id": gold["id"],
            "route": "南门—菜市场",
            # started a little ago, but today (Beijing): the check-in page lists today's shifts
            "starts_at": max(now - timedelta(minutes=10), now.replace(hour=0, minute=0, second=0)).isoformat(),
            "ends_at": (now + timedelta(hours=1)).isoformat(),
        },
    )
    client = patrol.api.client
    await _login(client, "wA")
    base = f"/orgs/{patrol.api.org('A')}/patrol"

    r = await client.get(f"{base}/")
    assert r.status_code == 200, r.text
    assert "金色盾牌" in r.text and 'data-figure="person_times"' in r.text

    r = await client.get(f"{base}/checkin")
    assert r.status_code == 200 and 'name="viewport"' in r.text and "南门—菜市场" in r.text
    shift_id = re.search(r'name="shift_id" required><option value="(\d+)"', r.text).group(1)
    r = await _post(
        client, f"{base}/checkin", {"shift_id": shift_id, "member_id": str(member["id"])}
    )
    assert r.status_code == 303
    checkins = await patrol.get("A", "/checkins", "wA")
    assert len(checkins) == 1 and checkins[0]["checked_out_at"] is None
    r = await _post(client, f"{base}/checkin", {"checkin_id": str(checkins[0]["id"])})
    assert r.status_code == 303
    assert (await patrol.get("A", "/checkins", "wA"))[0]["checked_out_at"] is not None

    r = await _post(
        client,
        f"{base}/reports",
        {
            "category": "traffic_blockage",
            "description": "消防通道被占",
            "occurred_at": "2026-01-05T08:30",
        },
    )
    assert r.status_code == 303
    [report] = await patrol.get("A", "/reports", "wA")
    assert report["category"] == "traffic_blockage"
    r = await _post(
        client, f"{base}/reports", {"report_id": str(report["id"]), "to_status": "resolved"}
    )
    assert r.status_code == 303
    r = await client.get(f"{base}/reports")
    assert "消防通道被占" in r.text and "已解决" in r.text
    r = await client.get(f"{base}/members")
    assert r.status_code == 200 and "刘*" in r.text and "刘八" not in r.text  # masked

    # D is another street's community: 403, and nothing said of whether patrol is on there
    r = await client.get(f"/orgs/{patrol.api.org('D')}/patrol/")
    assert r.status_code == 403
