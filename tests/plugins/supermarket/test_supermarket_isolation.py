"""Another community reads and changes nothing; disabled, the routes 404; bad input names the field."""

from __future__ import annotations

import pytest

READS = (
    "/items",
    "/donations",
    "/awards",
    "/redemptions",
    "/services",
    "/requests",
    "/wishes",
    "/reconciliation",
    "/notice",
    "/stats",
    "/export",
)


async def _a_with_data(sm):
    await sm.enable("A", "secA")
    alice = await sm.person("A1", "王小花")
    item = await sm.post(
        "A",
        "/items",
        "wA",
        {"name": "书包", "category": "school_bags", "quantity": 4, "points": 10},
    )
    await sm.credit("A", alice, 50)
    receipt = await sm.post(
        "A", "/redemptions", "wA", {"person_id": alice, "item_id": item["id"], "quantity": 1}
    )
    award = await sm.post(
        "A", "/awards", "wA", {"person_id": alice, "points": 500, "reason": "大额"}
    )
    wish = await sm.post("A", "/wishes", "wA", {"person_id": alice, "title": "一本字典"})
    skill = await sm.post("A", "/services", "wA", {"provider_person_id": alice, "title": "修家电"})
    return alice, item, receipt, award, wish, skill


async def test_other_communities_cannot_read_or_change_anything(sm):
    alice, item, receipt, award, wish, skill = await _a_with_data(sm)
    await sm.enable("B", "secB")
    api = sm.api
    for user in ("secB", "wB", "sa2", "nobody"):
        for rest in (
            *READS,
            f"/accounts/{alice}",
            f"/ledger?person_id={alice}",
            f"/redemptions/{receipt['id']}",
            f"/items/{item['id']}/moves",
        ):
            r = await api.get(sm.url("A", rest), as_=user)
            assert r.status_code == 403, (user, rest, r.status_code)
        for rest, body in (
            ("/redemptions", {"person_id": alice, "item_id": item["id"], "quantity": 1}),
            ("/awards", {"person_id": alice, "points": 5, "reason": "x"}),
            (f"/awards/{award['id']}/decision", {"approve": True}),
            (f"/wishes/{wish['id']}/claim", {"person_id": alice}),
        ):
            r = await api.post(sm.url("A", rest), as_=user, json=body)
            assert r.status_code == 403, (user, rest, r.text)
    # through B's own URLs, A's people, items and records do not exist
    for rest in (
        f"/accounts/{alice}",
        f"/ledger?person_id={alice}",
        f"/redemptions/{receipt['id']}",
        f"/items/{item['id']}/moves",
    ):
        r = await api.get(sm.url("B", rest), as_="secB")
        assert r.status_code == 404, (rest, r.text)
    bob = await sm.person("B", "李四")
    await sm.credit("B", bob, 50, as_="secB")
    for rest, body in (
        ("/redemptions", {"person_id": bob, "item_id": item["id"], "quantity": 1}),
        ("/redemptions", {"person_id": alice, "item_id": item["id"], "quantity": 1}),
        ("/awards", {"person_id": alice, "points": 5, "reason": "x"}),
        (f"/awards/{award['id']}/decision", {"approve": True}),
        (f"/wishes/{wish['id']}/claim", {"person_id": bob}),
        (f"/services/{skill['id']}/requests", {"requester_person_id": bob}),
        ("/donations", {"item_id": item["id"], "quantity": 1, "donor_kind": "anonymous"}),
        (f"/items/{item['id']}/write-offs", {"quantity": 1, "reason": "damaged"}),
    ):
        r = await api.post(sm.url("B", rest), as_="secB", json=body)
        assert r.status_code == 404, (rest, r.text)
    for rest in READS[:7]:
        rows = await sm.get("B", rest, "secB")
        assert all(row["org_id"] == sm.api.org("B") for row in rows), rest
    assert (await sm.get("B", "/items", "secB")) == []
    notice = await sm.get("B", "/notice", "secB")
    assert notice["donations"] == [] and notice["issues"] == []
    # and A is untouched
    assert (await sm.get("A", f"/accounts/{alice}", "wA"))["balance"] == 40
    assert (await sm.get("A", "/items", "wA"))[0]["on_hand"] == 3
    assert (await sm.get("A", "/reconciliation", "secA"))["balanced"] is True


async def test_street_reads_its_communities_through_subtree_routes(sm):
    await _a_with_data(sm)
    stats = await sm.get("s1", "/stats", "sa1")
    assert stats["totals"]["pieces_issued"] == 1 and stats["by_org"][0]["org_id"] == sm.api.org("A")
    rec = await sm.get("s1", "/reconciliation", "sa1")
    assert rec["balanced"] is True and rec["stock"]["received"] == 4
    r = await sm.api.get(sm.url("s1", "/export"), as_="sa1")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    city = await sm.get("city", "/stats", "cityadm")
    assert city["totals"]["points_earned"] == 50
    # a street whose communities do not run it, and the other street's admin, see nothing
    r = await sm.api.get(sm.url("s2", "/stats"), as_="sa2")
    assert r.status_code == 404
    r = await sm.api.get(sm.url("s1", "/stats"), as_="sa2")
    assert r.status_code == 403
    # records stay behind the plain guard at the street
    r = await sm.api.get(sm.url("s1", "/items"), as_="sa1")
    assert r.status_code == 404


async def test_disabled_routes_404_and_the_hook_is_silent(sm):
    alice = await sm.person("A1", "王小花")
    for rest in READS + (f"/accounts/{alice}",):
        r = await sm.api.get(sm.url("A", rest), as_="secA")
        assert r.status_code == 404 and "supermarket" in r.json()["detail"], rest
    r = await sm.api.post(sm.url("A", "/items"), as_="secA", json={"name": "x", "category": "toys"})
    assert r.status_code == 404
    await sm.enable("A", "secA")
    await sm.post("A", "/items", "secA", {"name": "x", "category": "toys"})
    await sm.enable("A", "secA", enabled=False)
    r = await sm.api.get(sm.url("A", "/items"), as_="secA")
    assert r.status_code == 404
    await sm.enable("A", "secA")
    assert len(await sm.get("A", "/items", "secA")) == 1  # data kept


@pytest.mark.parametrize(
    ("rest", "body", "status", "field"),
    [
        ("/items", {"name": "x", "category": "jewels"}, 422, "category"),
        ("/items", {"name": "", "category": "toys"}, 400, "name"),
        ("/items", {"name": "x", "category": "toys", "points": -1}, 400, "points"),
        ("/items", {"name": "x", "category": "toys", "colour": "red"}, 400, "colour"),
        ("/awards", {"person_id": 999999, "points": 5, "reason": "x"}, 404, "person_id"),
        ("/awards", {"person_id": 1, "points": 0, "reason": "x"}, 400, "points"),
        ("/redemptions", {"person_id": 1, "item_id": 1, "quantity": 0}, 400, "quantity"),
        ("/redemptions", {"person_id": 999999, "item_id": 1, "quantity": 1}, 404, "person_id"),
        ("/donations", {"item_id": 1, "quantity": 1, "donor_kind": "alien"}, 422, "donor_kind"),
        (
            "/donations",
            {"item_id": 1, "quantity": 1, "donor_kind": "person"},
            422,
            "donor_person_id",
        ),
        ("/wishes", {"person_id": 1}, 400, "title"),
    ],
)
async def test_bad_input_names_the_field(sm, rest, body, status, field):
    await sm.enable("A", "secA")
    r = await sm.api.post(sm.url("A", rest), as_="secA", json=body)
    assert r.status_code == status and field in r.json()["detail"], r.text


async def test_bad_query_names_the_field(sm):
    await sm.enable("A", "secA")
    r = await sm.api.get(sm.url("A", "/reconciliation"), as_="secA", params={"month": "2026-13"})
    assert r.status_code in (400, 422) and "month" in r.json()["detail"]
    r = await sm.api.get(sm.url("A", "/ledger"), as_="secA")
    assert r.status_code == 400 and "person_id" in r.json()["detail"]
