"""The party console over HTTP: the community's pages and forms, the unit's pages, refusals."""

from __future__ import annotations

import re

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')
FLASH = re.compile(r'<p class="flash (ok|error)" role="status">([^<]*)</p>')


class Browser:
    """One cookie session on the console."""

    def __init__(self, api) -> None:
        self.client = api.client

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

    async def submit(self, url: str, data: dict, back: str | None = None) -> tuple[str, str]:
        """Post a form of ``url``, expect 303 back, and return the flash shown there."""
        token = TOKEN.search((await self.client.get(back or url)).text).group(1)
        r = await self.client.post(url, data={**data, "_csrf": token}, follow_redirects=False)
        assert r.status_code == 303, (url, r.status_code, r.text[-500:])
        found = FLASH.search((await self.client.get(r.headers["location"])).text)
        assert found, url
        return found.group(1), found.group(2)


async def test_community_pages_and_forms(party, api):
    b = Browser(api)
    await b.login("secA")
    base = f"/orgs/{api.org('A')}/party"
    for path in ("/", "/ledger", "/evaluations", "/feedback", "/clearances"):
        r = await b.client.get(base + path)
        assert r.status_code == 200 and 'data-tab="clearances"' in r.text, (path, r.text[-300:])
    kind, text = await b.submit(
        base + "/",
        {
            "person_id": str(party.ids.person_a),
            "unit_id": str(party.ids.unit_u),
            "position": "科员",
        },
    )
    assert kind == "ok"
    [member] = await party.get(party.url("A", "/members"), "secA")
    assert "区税务局" in (await b.client.get(base + "/")).text
    await b.submit(base + "/", {"action": "confirm", "member_id": str(member["id"])})
    kind, text = await b.submit(
        base + "/ledger",
        {"member_id": str(member["id"]), "served_on": "2026-13-01", "title": "宣讲", "hours": "2"},
    )
    assert kind == "error" and "served_on" in text
    assert await party.get(party.url("A", "/services"), "secA") == []  # nothing written
    await b.submit(
        base + "/ledger",
        {"member_id": str(member["id"]), "served_on": "2026-03-01", "title": "宣讲", "hours": "2"},
    )
    await b.submit(base + "/ledger", {"action": "consult", "title": "加装电梯方案"})
    await b.submit(base + "/feedback", {})
    [form] = await party.get(party.url("A", "/feedback"), "secA")
    r = await b.client.get(f"{base}/feedback/{form['id']}")
    assert r.status_code == 200 and "在职党员社区表现反馈单" in r.text and "区税务局" in r.text
    await b.submit(base + "/feedback", {"action": "send", "feedback_id": str(form["id"])})
    # the dashboard card and the navigation entry, here and (card only) at the street
    home = (await b.client.get(f"/orgs/{api.org('A')}/")).text
    assert 'data-nav="party"' in home and "<dt>已确认</dt><dd>1</dd>" in home
    assert ">民主评议</h2>" in home  # the evaluation card (its chart is empty until ballots)
    # another community's secretary: 403 on every page
    await b.login("secB")
    for path in ("/", "/ledger", "/feedback", f"/feedback/{form['id']}", "/clearances"):
        assert (await b.client.get(base + path)).status_code == 403, path

    # the unit's account: home, its members, its inbox, acknowledging, asking
    await b.login("uacc")
    unit = f"/units/{party.ids.unit_u}/party"
    r = await b.client.get("/", follow_redirects=True)
    assert r.status_code == 200 and "区税务局" in r.text
    r = await b.client.get(unit + "/")
    assert r.status_code == 200 and f'data-member="{member["id"]}"' in r.text
    r = await b.client.get(unit + "/feedback")
    assert f'data-form="{form["id"]}"' in r.text
    kind, _ = await b.submit(f"{unit}/feedback/{form['id']}", {})
    assert kind == "ok"
    [acked] = await party.get(party.url("A", "/feedback"), "secA")
    assert acked["delivered_at"] and acked["acknowledged_at"]
    kind, _ = await b.submit(
        unit + "/clearances", {"member_id": str(member["id"]), "kind": "promotion"}
    )
    assert kind == "ok"
    assert (await b.client.get(base + "/")).status_code == 403  # no community page
    assert (await b.client.get(f"/units/{party.ids.unit_v}/party/")).status_code == 403
    # the community answers it on its page
    await b.login("secA")
    [asked] = await party.get(party.url("A", "/clearances"), "secA")
    kind, _ = await b.submit(
        base + "/clearances", {"clearance_id": str(asked["id"]), "cleared": "yes"}
    )
    assert kind == "ok"
    assert (await party.get(party.url("A", "/clearances"), "secA"))[0]["status"] == "cleared"
