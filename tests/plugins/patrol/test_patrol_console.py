"""The patrol console's forms over HTTP, as a browser without JavaScript would post them.

Each form posts and redirects (303); CSRF is enforced; bad input comes back as a flash that
names the field and writes nothing; another community gets 403 on every page and form.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')
FLASH = re.compile(r'<p class="flash (ok|error)" role="status">([^<]*)</p>')
BEIJING = ZoneInfo("Asia/Shanghai")
PAGES = [
    "/",
    "/teams",
    "/members",
    "/shifts",
    "/checkin",
    "/activities",
    "/reports",
    "/merchants",
    "/meetings",
    "/reminders",
    "/export",
]
FORMS = ["/teams", "/members", "/shifts", "/checkin", "/activities", "/reports", "/merchants"]
FORMS += ["/meetings"]


class Console:
    """One browser session on the patrol pages of a community."""

    def __init__(self, patrol, org: str = "A") -> None:
        self.patrol = patrol
        self.client = patrol.api.client
        self.base = f"/orgs/{patrol.api.org(org)}/patrol"

    async def login(self, username: str) -> None:
        """Log in through the form."""
        self.client.cookies.clear()
        token = TOKEN.search((await self.client.get("/login")).text).group(1)
        r = await self.client.post(
            "/login",
            data={"username": username, "password": "password-123", "_csrf": token, "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text

    async def post(self, page: str, data: dict, token_from: str | None = None):
        """Post a form of ``page`` with the token read from it (or from ``token_from``)."""
        html = (await self.client.get(self.base + (token_from or page))).text
        token = TOKEN.search(html).group(1)
        return await self.client.post(
            self.base + page, data={**data, "_csrf": token}, follow_redirects=False
        )

    async def submit(self, page: str, data: dict) -> tuple[str, str]:
        """Post a form, expect 303 back to the page, and return the flash shown there."""
        r = await self.post(page, data)
        assert r.status_code == 303, (page, r.status_code, r.text[-500:])
        assert r.headers["location"] == self.base + page
        found = FLASH.search((await self.client.get(r.headers["location"])).text)
        assert found, page
        return found.group(1), found.group(2)


def local(dt: datetime) -> str:
    """A datetime-local value in Beijing time."""
    return dt.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
async def console(patrol):
    await patrol.enable("A", "secA")
    c = Console(patrol)
    await c.login("secA")
    return c


async def test_each_form_posts_redirects_and_saves(console, patrol):
    today = datetime.now(BEIJING).date()
    gold = await patrol.team("A", "gold", "secA")
    for path in PAGES:
        r = await console.client.get(console.base + path)
        assert r.status_code == 200, (path, r.text[-300:])
        assert 'data-tab="teams"' in r.text and 'data-tab="export"' in r.text
    assert (await console.submit("/teams", {"colour": "red", "name": "夜巡队"}))[0] == "ok"
    await console.submit("/teams", {"team_id": gold["id"], "name": "金盾", "description": "民警"})
    teams = await patrol.get("A", "/teams", "secA")
    assert {"夜巡队", "金盾"} <= {t["name"] for t in teams} and len(teams) == 8
    assert "夜巡队" in (await console.client.get(console.base + "/teams")).text

    wa = patrol.api.world.users["wA"]
    body = {"name": "周九", "kind": "party_member", "phone": "138 0000 0000", "user_id": wa}
    await console.submit("/members", body)
    [member] = await patrol.get("A", "/members", "secA")
    # the member is a person of the register now: name and phone come back masked
    assert member["user_id"] == wa and member["phone"] == "138****0000"
    assert member["name"] == "周*" and member["person_id"]
    join = {"member_id": member["id"], "team_id": gold["id"], "on": str(today)}
    await console.submit("/members", {**join, "action": "join"})
    assert "金盾" in (await console.client.get(console.base + "/members")).text
    await console.submit("/members", {**join, "action": "leave"})
    [stint] = await patrol.get("A", f"/members/{member['id']}/teams", "secA")
    assert stint["left_on"] == str(today)

    now = datetime.now(UTC)
    shift = {"team_id": gold["id"], "grid_id": patrol.api.org("A1"), "route": "东门"}
    shift |= {
        "starts_at": local(now + timedelta(hours=2)),
        "ends_at": local(now + timedelta(hours=3)),
    }
    await console.submit("/shifts", {**shift, "action": "shift"})
    [planned] = await patrol.get("A", "/shifts", "secA")
    assert planned["org_id"] == patrol.api.org("A1") and planned["route"] == "东门"
    weekly = {"team_id": gold["id"], "grid_id": patrol.api.org("A"), "weekday": today.weekday()}
    weekly |= {"start_time": "06:00", "end_time": "07:00", "active_from": str(today)}
    await console.submit("/shifts", {**weekly, "action": "schedule", "route": "环线"})
    assert len(await patrol.get("A", "/schedules", "secA")) == 1
    kind, text = await console.submit("/shifts", {"action": "roster", "days": "7"})
    assert (kind, text) == ("ok", "已生成 1 个班次")
    assert len(await patrol.get("A", "/shifts", "secA")) == 2
    assert "环线" in (await console.client.get(console.base + "/shifts")).text

    activity = {"kind": "lecture", "held_on": str(today), "title": "防诈讲座", "participants": "33"}
    await console.submit("/activities", {**activity, "team_id": gold["id"]})
    [held] = await patrol.get("A", "/activities", "secA")
    assert held["participants"] == 33 and held["team_id"] == gold["id"]

    shop = {"door_number": "12-1", "business_name": "便利店", "legal_person": "赵六"}
    await console.submit("/merchants", {**shop, "address": "幸福路", "employees": "3"})
    [merchant] = await patrol.get("A", "/merchants", "secA")
    edit = {**shop, "employees": "4", "merchant_id": merchant["id"], "action": "edit"}
    await console.submit("/merchants", edit)
    verify = {"merchant_id": merchant["id"], "action": "verify", "round": "1", "result": "ok"}
    await console.submit("/merchants", {**verify, "verified_on": str(today)})
    [merchant] = await patrol.get("A", "/merchants", "secA")
    assert merchant["employees"] == 4 and merchant["last_verified_on"] == str(today)

    meeting = {"held_on": str(today), "units": "派出所\n物业公司、超市", "topics": "夜间巡逻"}
    await console.submit("/meetings", {**meeting, "decisions": "增加班次"})
    [met] = await patrol.get("A", "/meetings", "secA")
    assert met["units"] == ["派出所", "物业公司", "超市"]

    r = await console.client.get(console.base + "/?start=2020-01-01&end=" + str(today))
    assert r.status_code == 200 and 'data-figure="person_times">33<' in r.text
    r = await console.client.get(console.base + "/export")
    assert f'action="/orgs/{patrol.api.org("A")}/exports/patrol.stats"' in r.text


BAD = [  # page, form, field the flash must name
    ("/teams", {"colour": "pink", "name": "x"}, "colour"),
    ("/teams", {"colour": "red", "name": ""}, "name"),
    ("/members", {"name": "x", "kind": "alien"}, "kind"),
    ("/members", {"name": "x", "kind": "resident", "phone": "call me"}, "phone"),
    ("/members", {"name": "x", "kind": "resident", "user_id": "USER:secB"}, "user_id"),
    ("/members", {"member_id": "MEMBER", "team_id": "GOLD", "on": "2026-13-01", "action": "join"}, "on"),
    ("/shifts", {"action": "shift", "team_id": "GOLD", "starts_at": "", "ends_at": ""}, "starts_at"),
    ("/shifts", {"action": "shift", "team_id": "GOLD", "starts_at": "2026-03-01T10:00", "ends_at": "2026-03-01T09:00"}, "ends_at"),
    ("/shifts", {"action": "schedule", "team_id": "GOLD", "weekday": "0", "start_time": "25:00", "end_time": "07:00", "active_from": "2026-01-01"}, "start_time"),
    ("/shifts", {"action": "roster", "days": "500"}, "days"),
    ("/checkin", {"shift_id": "abc", "member_id": "MEMBER"}, "shift_id"),
    ("/activities", {"kind": "lecture", "held_on": "2026-01-01", "title": "t", "participants": "-3"}, "participants"),
    ("/reports", {"category": "fight", "description": "x", "occurred_at": "yesterday"}, "occurred_at"),
    ("/merchants", {"door_number": "1", "business_name": "b", "legal_person": "l", "employees": "many"}, "employees"),
    ("/meetings", {"held_on": "2026-01-01", "units": " \n "}, "units"),
]  # fmt: skip


async def _counts(patrol) -> dict:
    out = {}
    for rest in ("/teams", "/members", "/shifts", "/schedules", "/activities", "/reports"):
        out[rest] = len(await patrol.get("A", rest, "secA"))
    for rest in ("/merchants", "/meetings", "/checkins"):
        out[rest] = len(await patrol.get("A", rest, "secA"))
    return out


@pytest.mark.parametrize("page,form,field", BAD, ids=[f"{p}-{f}" for p, _, f in BAD])
async def test_bad_input_is_a_flash_naming_the_field_and_writes_nothing(
    console, patrol, page, form, field
):
    gold = await patrol.team("A", "gold", "secA")
    member = await patrol.post("A", "/members", "secA", {"name": "x", "kind": "resident"})
    swap = {
        "GOLD": str(gold["id"]),
        "MEMBER": str(member["id"]),
        "USER:secB": str(patrol.api.world.users["secB"]),
    }
    form = {k: swap.get(v, v) for k, v in form.items()}
    before = await _counts(patrol)
    kind, text = await console.submit(page, form)
    assert kind == "error" and field in text, (kind, text)
    assert await _counts(patrol) == before


async def test_csrf_is_enforced_on_every_form(console, patrol):
    before = await _counts(patrol)
    for page in FORMS:
        for token in (None, "0" * 64):
            data = {"name": "x", "kind": "resident", "colour": "red"}
            if token:
                data["_csrf"] = token
            r = await console.client.post(console.base + page, data=data, follow_redirects=False)
            assert r.status_code == 403, (page, r.status_code)
    assert await _counts(patrol) == before


async def test_another_community_gets_403_on_every_page_and_form(console, patrol):
    await patrol.enable("B", "secB")
    gold = await patrol.team("A", "gold", "secA")
    before = await _counts(patrol)
    await console.login("secB")
    for path in PAGES:
        r = await console.client.get(console.base + path)
        assert r.status_code == 403, (path, r.status_code)
    b = Console(patrol, "B")
    for page in FORMS:
        # a valid token of B's own session, posted at A's form
        html = (await console.client.get(b.base + page)).text
        token = TOKEN.search(html).group(1)
        data = {"_csrf": token, "team_id": gold["id"], "name": "x", "kind": "resident"}
        data |= {"colour": "red", "held_on": "2026-01-01", "units": "u", "title": "t"}
        r = await console.client.post(console.base + page, data=data, follow_redirects=False)
        assert r.status_code == 403, (page, r.status_code)
    assert await _counts(patrol) == before
    # where the module is off, the pages are not there at all
    await console.login("cityadm")
    r = await console.client.get(f"/orgs/{patrol.api.org('D')}/patrol/teams")
    assert r.status_code == 404


async def test_long_registers_come_a_page_at_a_time(console, patrol):
    # 55 shops and 55 members: the lists show 50, say how many there are, and page on;
    # the merchant search narrows the register and keeps the query in the pager's links.
    for i in range(55):
        shop = {"door_number": f"{i:03d}", "business_name": f"店{i:03d}", "legal_person": "赵六"}
        await patrol.post("A", "/merchants", "secA", shop)
        await patrol.post("A", "/members", "secA", {"name": f"刘队员{i:03d}", "kind": "resident"})
    for path, marker in (("/merchants", "data-merchant="), ("/members", "data-member=")):
        first = (await console.client.get(console.base + path)).text
        assert first.count(marker) == 50 and "55" in first and 'rel="next"' in first, path
        last = (await console.client.get(console.base + path + "?page=2")).text
        assert last.count(marker) == 5 and 'rel="prev"' in last and 'rel="next"' not in last, path
    assert "刘*" in first  # members come masked from the register, as in the whole list
    found = (await console.client.get(console.base + "/merchants?q=店05")).text
    assert found.count("data-merchant=") == 5  # 店050 … 店054
    assert 'rel="next"' not in found
