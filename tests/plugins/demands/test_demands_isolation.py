"""Another community reads and changes nothing; a disabled module answers 404 and stays silent."""

from __future__ import annotations

from demands_helpers import login


async def test_another_community_sees_and_changes_nothing(demands, api):
    await demands.enable("A")
    await demands.enable("B")
    d = await demands.new(contact_name="张三", contact_phone="13800001111")
    topic = await demands.post(
        "A", "/topics", "secA", {"title": "路灯", "demand_ids": [d["id"]]}, status=201
    )
    entry = await demands.post(
        "A", "/diary", "wA", {"visited_on": "2026-11-01", "note": "走访"}, status=201
    )
    # B's people, at B: A's rows do not exist there
    assert await demands.get("B", "/demands", "wB") == []
    assert await demands.get("B", "/topics", "secB") == []
    assert await demands.get("B", "/diary", "wB") == []
    for method, rest, body in [
        ("get", f"/demands/{d['id']}", None),
        ("post", f"/demands/{d['id']}/disposition", {"kind": "promised"}),
        ("post", f"/demands/{d['id']}/close", {"solution": "x"}),
        ("post", f"/demands/{d['id']}/rating", {"rating": "satisfied"}),
        ("post", f"/topics/{topic['id']}/answer", {"answer": "x"}),
        ("post", f"/topics/{topic['id']}/demands", {"demand_ids": [d["id"]]}),
        ("post", "/topics", {"title": "t", "demand_ids": [d["id"]]}),
        ("post", f"/diary/{entry['id']}/demand", {"category": "living"}),
        ("get", f"/demands/{d['id']}/photos/1", None),
    ]:
        r = await getattr(api, method)(
            demands.url("B", rest), as_="secB", **({"json": body} if body else {})
        )
        assert r.status_code == 404, (rest, r.text)
    # B's people at A: refused outright
    assert (await api.get(demands.url("A", f"/demands/{d['id']}"), as_="wB")).status_code == 403
    assert (await api.get(demands.url("A", "/stats"), as_="secB")).status_code == 403
    # a street sees its own communities' figures, not another street's
    assert (await demands.get("s1", "/stats", "sa1"))["total"] == 1
    assert (await api.get(demands.url("s1", "/stats"), as_="sa2")).status_code == 403
    # a resident of D with an account has no right to the console API
    assert (await api.get(demands.url("A", "/demands"), as_="nobody")).status_code == 403
    # nothing changed
    got = await demands.get("A", f"/demands/{d['id']}", "wA")
    assert got["status"] == "open" and got["rating"] is None
    # console pages of A refuse B's secretary
    await login(api, "secB")
    assert (await api.client.get(f"/orgs/{api.org('A')}/demands/{d['id']}")).status_code == 403
    assert (await api.client.get(f"/orgs/{api.org('B')}/demands/{d['id']}")).status_code == 404


async def test_disabled_module_answers_404_and_its_hooks_stay_silent(demands, api):
    a = api.org("A")
    r = await api.get(demands.url("A", "/demands"), as_="wA")
    assert r.status_code == 404 and "module 'demands'" in r.json()["detail"]
    await demands.enable("A")
    d = await demands.new()
    await demands.enable("A", enabled=False)
    for rest in ("/demands", f"/demands/{d['id']}", "/stats", "/queue", "/supervisions"):
        r = await api.get(demands.url("A", rest), as_="secA")
        assert r.status_code == 404 and "module 'demands'" in r.json()["detail"], rest
    r = await api.post(
        demands.url("A", "/demands"),
        as_="wA",
        json={"channel": "hotline", "category": "living", "content": "x"},
    )
    assert r.status_code == 404
    assert (await api.client.get(f"/orgs/{a}/demands/public")).status_code == 404
    await login(api, "secA")
    home = await api.client.get(f"/orgs/{a}/")
    assert home.status_code == 200 and "民情诉求" not in home.text and "/demands/" not in home.text
    # switching it on again brings everything back
    await demands.enable("A")
    assert [x["id"] for x in await demands.get("A", "/demands", "wA")] == [d["id"]]
