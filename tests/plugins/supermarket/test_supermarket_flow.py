"""The main flow over HTTP: stock in, points in, goods out, and everything reconciles."""

from __future__ import annotations


async def test_items_points_redemption_and_reconciliation(sm):
    await sm.enable("A", "secA")
    alice = await sm.person("A1", "王小花")
    item = await sm.post(
        "A",
        "/items",
        "wA",
        {"name": "书包", "category": "school_bags", "quantity": 3, "points": 20},
    )
    assert item["on_hand"] == 3
    # an award at the threshold (100) is posted at once; above it waits for a second person
    small = await sm.post(
        "A", "/awards", "wA", {"person_id": alice, "points": 30, "reason": "清扫"}
    )
    assert small["status"] == "approved"
    big = await sm.post("A", "/awards", "wA", {"person_id": alice, "points": 150, "reason": "抗洪"})
    assert big["status"] == "pending"
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 30
    r = await sm.api.post(
        sm.url("A", f"/awards/{big['id']}/decision"), as_="wA", json={"approve": True}
    )
    assert r.status_code == 403  # workers do not approve
    approved = await sm.post("A", f"/awards/{big['id']}/decision", "secA", {"approve": True})
    assert approved["status"] == "approved"
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 180

    receipt = await sm.post(
        "A", "/redemptions", "wA", {"person_id": alice, "item_id": item["id"], "quantity": 2}
    )
    assert receipt["points"] == 40 and receipt["balance_after"] == 140
    # 409s name the reason
    r = await sm.api.post(
        sm.url("A", "/redemptions"),
        as_="wA",
        json={"person_id": alice, "item_id": item["id"], "quantity": 2},
    )
    assert r.status_code == 409 and "not enough stock" in r.json()["detail"]
    bob = await sm.person("A", "李四")
    r = await sm.api.post(
        sm.url("A", "/redemptions"),
        as_="wA",
        json={"person_id": bob, "item_id": item["id"], "quantity": 1},
    )
    assert r.status_code == 409 and "not enough points" in r.json()["detail"]

    ledger = await sm.get("A", "/ledger", "wA", person_id=alice)
    assert [e["amount"] for e in ledger] == [-40, 150, 30]
    assert {e["kind"] for e in ledger} == {"awarded", "spent"}

    rec = await sm.get("A", "/reconciliation", "secA")
    assert rec["balanced"] is True, rec
    assert rec["stock"]["received"] == 3 and rec["stock"]["issued"] == 2
    assert rec["points"]["awarded"] == 180 and rec["points"]["spent"] == 40
    assert rec["points"]["closing_balances"] == 140


async def test_free_goods_within_household_quota(sm):
    await sm.enable("A", "secA", config={"free_quota_per_month": 2})
    home = await sm.household("A")
    mum = await sm.person("A1", "张大妈", tags=("dibao",), household=home)
    son = await sm.person("A1", "张小明", household=home)
    other = await sm.person("A1", "赵五")
    rice = await sm.post(
        "A", "/items", "wA", {"name": "大米", "category": "food", "quantity": 9, "points": 50}
    )
    account = await sm.get("A", f"/accounts/{son}", "wA")
    assert account["free_allowance"] == {"eligible": True, "quota": 2, "used": 0, "left": 2}
    await sm.post(
        "A",
        "/redemptions",
        "wA",
        {"person_id": mum, "item_id": rice["id"], "quantity": 1, "free": True},
    )
    out = await sm.post(
        "A",
        "/redemptions",
        "wA",
        {"person_id": son, "item_id": rice["id"], "quantity": 1, "free": True},
    )
    assert out["points"] == 0 and out["free"] is True
    r = await sm.api.post(
        sm.url("A", "/redemptions"),
        as_="wA",
        json={"person_id": mum, "item_id": rice["id"], "quantity": 1, "free": True},
    )
    assert r.status_code == 409 and "over quota" in r.json()["detail"]
    r = await sm.api.post(
        sm.url("A", "/redemptions"),
        as_="wA",
        json={"person_id": other, "item_id": rice["id"], "quantity": 1, "free": True},
    )
    assert r.status_code == 409 and "over quota" in r.json()["detail"]
    assert (await sm.get("A", "/reconciliation", "secA"))["balanced"] is True
