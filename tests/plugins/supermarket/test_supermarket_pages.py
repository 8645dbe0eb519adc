"""The supermarket console over HTTP, as a browser without JavaScript would use it.

Every page renders; each form posts and redirects (303) and saves; a refusal comes back as a
flash naming the field or the reason and writes nothing; names are masked; another
community's staff get 403 on every page.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')
FLASH = re.compile(r'<p class="flash (ok|error)" role="status">([^<]*)</p>')
PAGES = ["/", "/items", "/counter", "/points", "/board", "/notice", "/export"]


class Console:
    """One browser session on the supermarket pages of a community."""

    def __init__(self, sm, org: str = "A") -> None:
        self.client = sm.api.client
        self.base = f"/orgs/{sm.api.org(org)}/supermarket"

    async def login(self, username: str) -> None:
        self.client.cookies.clear()
        token = TOKEN.search((await self.client.get("/login")).text).group(1)
        r = await self.client.post(
            "/login",
            data={"username": username, "password": "password-123", "_csrf": token, "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text

    async def submit(self, page: str, data: dict, expect: str = "ok") -> str:
        """Post a form with the page's token, follow the redirect, return the flash text."""
        html = (await self.client.get(self.base + page.split("?")[0])).text
        token = TOKEN.search(html).group(1)
        r = await self.client.post(
            self.base + page.split("?")[0], data={**data, "_csrf": token}, follow_redirects=False
        )
        assert r.status_code == 303, r.text
        shown = await self.client.get(r.headers["location"])
        kind, text = FLASH.search(shown.text).groups()
        assert kind == expect, text
        return text if expect == "error" else shown.text


async def test_console_goods_counter_points_and_board(sm):
    await sm.enable("A", "secA", config={"free_quota_per_month": 1})
    home = await sm.household("A")
    alice = await sm.person("A1", "王小花", tags=("dibao",), household=home)
    console = Console(sm)
    await console.login("wA")
    for page in PAGES:
        r = await console.client.get(console.base + page)
        assert r.status_code == 200, (page, r.text[:300])

    await console.submit(
        "/items",
        {
            "name": "书包",
            "category": "school_bags",
            "points": "20",
            "quantity": "2",
            "free_eligible": "1",
        },
    )
    [item] = await sm.get("A", "/items", "wA")
    await console.submit(
        "/items",
        {
            "action": "donate",
            "item_id": item["id"],
            "quantity": "3",
            "donor_kind": "person",
            "donor_person_id": str(alice),
        },
    )
    assert (await sm.get("A", "/items", "wA"))[0]["on_hand"] == 5
    error = await console.submit(
        "/items",
        {"action": "write_off", "item_id": item["id"], "quantity": "1", "reason": "lost"},
        expect="error",
    )
    assert "reason" in error
    await console.submit("/items", {"action": "stock_take", "item_id": item["id"], "counted": "4"})
    assert (await sm.get("A", "/items", "wA"))[0]["on_hand"] == 4
    assert "王*花" in (await console.client.get(console.base + "/items")).text

    # points: a small award at once, a big one waits and its requester cannot approve it
    await console.submit("/points", {"person_id": str(alice), "points": "30", "reason": "扫雪"})
    await console.submit("/points", {"person_id": str(alice), "points": "200", "reason": "抗洪"})
    pending = [a for a in await sm.get("A", "/awards", "wA") if a["status"] == "pending"]
    page = (await console.client.get(console.base + "/points")).text
    assert f'data-award="{pending[0]["id"]}"' in page and 'value="approve"' not in page

    # the counter: search masked, balance, a refusal naming the reason, then a receipt
    found = (await console.client.get(console.base + "/counter", params={"q": "小花"})).text
    assert "王*花" in found and "王小花" not in found
    chosen = (await console.client.get(console.base + "/counter", params={"person_id": alice})).text
    assert "data-balance>30<" in chosen
    error = await console.submit(
        "/counter",
        {"person_id": str(alice), "item_id": item["id"], "quantity": "2"},
        expect="error",
    )
    assert "not enough points" in error or "积分不足" in error
    receipt = await console.submit(
        "/counter", {"person_id": str(alice), "item_id": item["id"], "quantity": "1"}
    )
    assert "data-balance>10<" in receipt and "王*花" in receipt
    free = await console.submit(
        "/counter", {"person_id": str(alice), "item_id": item["id"], "quantity": "1", "free": "1"}
    )
    assert "data-balance>10<" in free
    error = await console.submit(
        "/counter",
        {"person_id": str(alice), "item_id": item["id"], "quantity": "1", "free": "1"},
        expect="error",
    )
    assert "quota" in error or "额度" in error

    # the board: a wish, claimed and fulfilled; a skill, requested and done
    await console.submit("/board", {"action": "wish", "person_id": str(alice), "title": "一本字典"})
    [wish] = await sm.get("A", "/wishes", "wA")
    await console.submit(
        "/board", {"action": "claim", "wish_id": wish["id"], "person_id": str(alice)}
    )
    await console.submit("/board", {"action": "fulfil", "wish_id": wish["id"], "note": "已送达"})
    assert (await sm.get("A", "/wishes", "wA"))[0]["status"] == "fulfilled"
    await console.submit(
        "/board", {"action": "offer", "provider_person_id": str(alice), "title": "修家电"}
    )
    [skill] = await sm.get("A", "/services", "wA")
    await console.submit(
        "/board",
        {"action": "request", "service_id": skill["id"], "requester_person_id": str(alice)},
    )
    [req] = await sm.get("A", "/requests", "wA")
    await console.submit("/board", {"action": "done", "request_id": req["id"], "outcome": "修好了"})

    # the notice and the figures: names masked, the month balanced
    notice = (await console.client.get(console.base + "/notice")).text
    assert "王*花" in notice and "王小花" not in notice and "书包" in notice
    figures = (await console.client.get(console.base + "/")).text
    assert 'data-balanced="yes"' in figures

    # the secretary approves the waiting award
    await console.login("secA")
    await console.submit("/points", {"action": "approve", "award_id": pending[0]["id"]})
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 210
    ledger = (await console.client.get(console.base + "/points", params={"person_id": alice})).text
    assert "data-balance>210<" in ledger


async def test_other_community_gets_403_on_every_page(sm):
    await sm.enable("A", "secA")
    await sm.enable("B", "secB")
    console = Console(sm)
    await console.login("secB")
    for page in PAGES:
        r = await console.client.get(console.base + page, follow_redirects=False)
        assert r.status_code == 403, page
