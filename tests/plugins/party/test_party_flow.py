"""The yearly round over HTTP: patrol hours in the quota, ballots, clearance, the feedback form."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from shequ_testing import add_register_rows

from core.localtime import local_today
from core.people.models import Person
from core.workdays import deadline


async def _account(api, username: str, role: str, org: str = "A") -> int:
    r = await api.post(
        "/api/v1/users",
        as_="secA" if org == "A" else "secB",
        json={
            "username": username,
            "password": "password-123",
            "display_name": username,
            "org_id": api.org(org),
            "role": role,
        },
    )
    assert r.status_code == 201, r.text
    api.world.users[username] = r.json()["id"]
    return r.json()["id"]


async def test_quota_counts_patrol_hours_of_a_purple_team_member(party, api):
    user_id = await _account(api, "pm1", "party_member")
    person = await add_register_rows(
        api.settings, api.org("A1"), Person, name="赵六", user_id=user_id
    )
    member = await party.member(person=person)
    year = local_today().year
    quota = await party.get(party.url("A", "/services/quota"), "secA", year=year)
    assert quota == [
        {
            "member_id": member["id"],
            "items": 0,
            "hours": 0.0,
            "minimum": 1,
            "target": 2,
            "below_minimum": True,
        }
    ]

    # patrol: the member patrols with the purple team and is checked in and out at the grid
    r = await api.put(
        f"/api/v1/orgs/{api.org('A')}/modules/patrol", as_="secA", json={"enabled": True}
    )
    assert r.status_code == 200, r.text
    patrol = f"/api/v1/orgs/{api.org('A')}/patrol"
    teams = (await api.get(f"{patrol}/teams", as_="secA")).json()
    purple = next(t for t in teams if t["colour"] == "purple" and t["is_builtin"])
    now = datetime.now(UTC).replace(microsecond=0)
    pm = await party.post(
        f"{patrol}/members", "wA", {"person_id": person, "kind": "party_member", "user_id": user_id}
    )
    await party.post(
        f"{patrol}/members/{pm['id']}/join",
        "wA",
        {"team_id": purple["id"], "on": (now - timedelta(days=3)).date().isoformat()},
    )
    shift = await party.post(
        f"{patrol}/shifts",
        "wA",
        {
            "team_id": purple["id"],
            "grid_id": api.org("A1"),
            "route": "1号楼",
            "starts_at": (now - timedelta(minutes=30)).isoformat(),
            "ends_at": (now + timedelta(hours=2)).isoformat(),
        },
    )
    grid = f"/api/v1/orgs/{api.org('A1')}/patrol"
    checkin = await party.post(
        f"{grid}/checkins", "gA1", {"shift_id": shift["id"], "member_id": pm["id"]}
    )
    await party.post(
        f"{grid}/checkins/{checkin['id']}/checkout",
        "gA1",
        {"at": (now + timedelta(minutes=90)).isoformat()},
        status=200,
    )

    quota = await party.get(party.url("A", "/services/quota"), "secA", year=year)
    assert quota[0]["items"] == 1 and quota[0]["hours"] >= 1.48 and not quota[0]["below_minimum"]
    items = await party.get(party.url("A", "/services"), "secA", year=year)
    assert [(i["source"], i["ref"]) for i in items] == [
        ("patrol", f"patrol:checkin:{checkin['id']}")
    ]
    # a service the community confirms counts too; the unit sees both in its member's record
    await party.post(
        party.url("A", "/services"),
        "wA",
        {
            "member_id": member["id"],
            "served_on": str(local_today()),
            "title": "政策宣讲",
            "hours": 2,
        },
    )
    record = await party.get(party.unit_url(party.ids.unit_u, f"/members/{member['id']}"), "uacc")
    assert sorted(s["source"] for s in record["services"]) == ["party", "patrol"]


async def test_ballots_clearances_and_outstanding(party, api):
    member = await party.member()
    await _account(api, "rep1", "party_member")
    await _account(api, "res1", "resident")
    ballots = party.url("A", "/evaluations/ballots")
    await party.post(
        party.url("A", "/evaluations/representatives"),
        "secA",
        {"user_id": api.world.users["rep1"], "kind": "party_member"},
    )
    # the unit asks before an award; the answer is due in working days
    asked = await party.post(
        party.unit_url(party.ids.unit_u, "/clearances"),
        "uacc",
        {"member_id": member["id"], "kind": "award", "note": "拟评先进"},
    )
    assert (
        asked["due_on"] == deadline(local_today(), 5).due_on.isoformat()
        and asked["status"] == "pending"
    )
    assert [c["id"] for c in await party.get(party.url("A", "/clearances"), "secA")] == [
        asked["id"]
    ]
    assert await party.get(party.url("B", "/clearances"), "secB") == []

    r = await api.post(ballots, as_="res1", json={"member_id": member["id"], "grade": "competent"})
    assert r.status_code == 403 and "representatives" in r.json()["detail"]
    r = await api.post(ballots, as_="rep1", json={"member_id": member["id"], "grade": "great"})
    assert r.status_code == 422 and "grade" in r.json()["detail"]
    await party.post(ballots, "rep1", {"member_id": member["id"], "grade": "incompetent"})
    r = await api.post(ballots, as_="rep1", json={"member_id": member["id"], "grade": "excellent"})
    assert r.status_code == 409 and "already rated" in r.json()["detail"]
    tally = await party.get(party.url("A", "/evaluations"), "secA")
    assert tally == [
        {
            "member_id": member["id"],
            "counts": {"incompetent": 1},
            "ballots": 1,
            "result": "incompetent",
            "outstanding": False,
        }
    ]
    r = await api.post(
        party.url("A", "/evaluations/outstanding"), as_="secA", json={"member_id": member["id"]}
    )
    assert r.status_code == 409 and "excellent" in r.json()["detail"]

    # clearance refused for a member rated 不合格, with the reason; then answered "no" with a reason
    answer = party.url("A", f"/clearances/{asked['id']}/answer")
    r = await api.post(answer, as_="secA", json={"cleared": True})
    assert (
        r.status_code == 409
        and "incompetent (不合格)" in r.json()["detail"]
        and "cleared" in r.json()["detail"]
    )
    r = await api.post(answer, as_="secA", json={"cleared": False})
    assert r.status_code == 422 and "answer" in r.json()["detail"]
    await party.post(
        answer, "secA", {"cleared": False, "answer": "本年度民主评议不合格"}, status=200
    )
    seen = await party.get(party.unit_url(party.ids.unit_u, "/clearances"), "uacc")
    assert [(c["status"], c["answer"]) for c in seen] == [("refused", "本年度民主评议不合格")]
    assert await party.get(party.unit_url(party.ids.unit_v, "/clearances"), "vacc") == []


async def test_feedback_form_reaches_the_unit_inbox(party, api):
    member = await party.member()
    await party.member(org="B", person=party.ids.person_b, unit=party.ids.unit_v)
    forms = await party.post(party.url("A", "/feedback"), "secA", {}, status=200)
    assert [f["member_id"] for f in forms] == [member["id"]]
    form = forms[0]
    assert form["content"]["unit"] == "区税务局" and form["content"]["services"]["met"] is False
    # not in the inbox before it is sent
    assert await party.get(party.unit_url(party.ids.unit_u, "/feedback"), "uacc") == []
    sent = await party.post(party.url("A", f"/feedback/{form['id']}/send"), "secA", {}, status=200)
    assert sent["sent_at"] and sent["delivered_at"] is None
    r = await api.post(party.url("A", f"/feedback/{form['id']}/send"), as_="secA", json={})
    assert r.status_code == 409 and "feedback_id" in r.json()["detail"]
    inbox = await party.get(party.unit_url(party.ids.unit_u, "/feedback"), "uacc")
    assert [f["id"] for f in inbox] == [form["id"]]
    opened = await party.get(party.unit_url(party.ids.unit_u, f"/feedback/{form['id']}"), "uacc")
    assert opened["delivered_at"] and opened["acknowledged_at"] is None
    r = await api.get(party.unit_url(party.ids.unit_u, f"/feedback/{form['id']}/xlsx"), as_="uacc")
    assert r.status_code == 200
    rows = {
        row[0]: row[1]
        for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)
    }
    assert rows["工作单位"] == "区税务局" and rows["完成年度任务"] == "否"
    acked = await party.post(
        party.unit_url(party.ids.unit_u, f"/feedback/{form['id']}/acknowledge"),
        "uacc",
        {},
        status=200,
    )
    assert acked["acknowledged_at"]
    listed = await party.get(party.url("A", "/feedback"), "secA")
    assert listed[0]["delivered_at"] and listed[0]["acknowledged_at"]
    # another unit and another community see nothing of it
    assert await party.get(party.unit_url(party.ids.unit_v, "/feedback"), "vacc") == []
    r = await api.get(party.unit_url(party.ids.unit_v, f"/feedback/{form['id']}"), as_="vacc")
    assert r.status_code == 404
    assert all(
        f["member_id"] != member["id"] for f in await party.get(party.url("B", "/feedback"), "secB")
    )
    r = await api.get(party.url("B", f"/feedback/{form['id']}"), as_="secB")
    assert r.status_code == 404
