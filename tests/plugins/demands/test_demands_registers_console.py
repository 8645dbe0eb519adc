"""The console pages of topics (一事一答) and visit diaries (民情日志)."""

from __future__ import annotations

from demands_helpers import csrf_of, login


async def _post(api, url: str, data: dict):
    page = await api.client.get(url)
    assert page.status_code == 200, page.text
    return await api.client.post(
        url, data={**data, "_csrf": csrf_of(page.text)}, follow_redirects=True
    )


async def test_topic_page_merges_demands_and_answers_them_once(demands, api):
    await demands.enable("A")
    await demands.enable("B")
    a = api.org("A")
    d1 = await demands.new(content="3号楼路灯不亮")
    d2 = await demands.new(content="3号楼门口路灯坏了")
    d3 = await demands.new(content="别的事")
    await login(api, "wA")
    url = f"/orgs/{a}/demands/topics"
    page = await api.client.get(url)
    assert page.status_code == 200 and f'value="{d1["id"]}"' in page.text
    assert 'href="/orgs/%d/demands/topics"' % a in page.text  # the tab
    # a title is required, named; nothing written
    r = await _post(api, url, {"title": "", "demand_ids": [str(d1["id"])]})
    assert "flash error" in r.text and "title" in r.text
    assert await demands.get("A", "/topics", "wA") == []
    r = await _post(api, url, {"title": "3号楼路灯", "demand_ids": [str(d1["id"]), str(d2["id"])]})
    assert "flash ok" in r.text, r.text
    [topic] = await demands.get("A", "/topics", "wA")
    assert f'data-topic="{topic["id"]}"' in r.text
    for d in (d1, d2):
        assert (await demands.get("A", f"/demands/{d['id']}", "wA"))["topic_id"] == topic["id"]
    r = await _post(
        api, url, {"action": "add", "topic_id": str(topic["id"]), "demand_ids": str(d3["id"])}
    )
    assert "flash ok" in r.text
    r = await _post(
        api, url, {"action": "answer", "topic_id": str(topic["id"]), "answer": "已统一更换路灯"}
    )
    assert "flash ok" in r.text and "已统一更换路灯" in r.text
    for d in (d1, d2, d3):
        got = await demands.get("A", f"/demands/{d['id']}", "wA")
        assert (got["status"], got["solution"]) == ("closed", "已统一更换路灯")
    api.client.cookies.clear()
    # B's secretary reaches neither A's page nor A's topic through its own
    await login(api, "secB")
    assert (await api.client.get(url)).status_code == 403
    page_b = await api.client.get(f"/orgs/{api.org('B')}/demands/topics")
    assert page_b.status_code == 200 and "3号楼路灯" not in page_b.text


async def test_diary_page_records_visits_and_turns_one_into_a_demand(demands, api):
    await demands.enable("A")
    a = api.org("A")
    await login(api, "wA")
    url = f"/orgs/{a}/demands/diary"
    r = await _post(api, url, {"visited_on": "2026-11-02", "note": ""})
    assert "flash error" in r.text and "note" in r.text
    r = await _post(api, url, {"visited_on": "2999-01-01", "note": "x"})
    assert "flash error" in r.text and "visited_on" in r.text
    assert await demands.get("A", "/diary", "wA") == []
    r = await _post(api, url, {"visited_on": "2026-11-02", "note": "王大爷反映楼道堆物"})
    assert "flash ok" in r.text and "王大爷反映楼道堆物" in r.text
    [entry] = await demands.get("A", "/diary", "wA")
    r = await _post(
        api,
        url,
        {"action": "demand", "entry_id": str(entry["id"]), "category": "environment"},
    )
    assert "flash ok" in r.text, r.text
    [entry] = await demands.get("A", "/diary", "wA")
    demand = await demands.get("A", f"/demands/{entry['demand_id']}", "wA")
    assert (demand["channel"], demand["category"], demand["received_on"]) == (
        "home_visit",
        "environment",
        "2026-11-02",
    )
    assert f"/demands/{demand['id']}" in r.text
    # a second time is refused, naming the entry
    r = await _post(
        api, url, {"action": "demand", "entry_id": str(entry["id"]), "category": "living"}
    )
    assert "flash error" in r.text and "entry_id" in r.text
    api.client.cookies.clear()
    await login(api, "secB")
    assert (await api.client.get(url)).status_code == 403
