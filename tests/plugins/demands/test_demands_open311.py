"""Open311 GeoReport v2, read-only, without an account: a community's categories and demands,
with nothing personal in them."""

from __future__ import annotations

from datetime import timedelta

from core.localtime import local_today


def base(api, org: str) -> str:
    return f"/orgs/{api.org(org)}/demands/open311/v2"


async def test_services_and_requests_carry_nothing_personal(demands, api):
    await demands.enable("A")
    await demands.enable("B")
    today = local_today()
    recent = (today - timedelta(days=10)).isoformat()
    old = (today - timedelta(days=200)).isoformat()
    promised = await demands.new(
        content="张三丰家楼上漏水，电话13800001111",
        contact_name="张三丰",
        contact_phone="13800001111",
        received_on=recent,
    )
    await demands.post("A", f"/demands/{promised['id']}/disposition", "secA", {"kind": "promised"})
    closed = await demands.new(category="environment", content="路灯不亮")
    await demands.post("A", f"/demands/{closed['id']}/close", "secA", {"solution": "已修好"})
    paper = await demands.new(received_on=old, content="旧的纸质记录")
    other = await demands.new("B", "wB", content="B 社区的诉求")

    services = (await api.client.get(f"{base(api, 'A')}/services.json")).json()
    assert [s["service_code"] for s in services][:2] == ["living", "employment"]
    assert services[0]["service_name"] == "生活保障" and services[0]["metadata"] is False

    r = await api.client.get(f"{base(api, 'A')}/requests.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    rows = {x["service_request_id"]: x for x in r.json()}
    # the last 90 days by default: the paper record of 200 days ago is not there
    assert set(rows) == {str(promised["id"]), str(closed["id"])}
    p = rows[str(promised["id"])]
    assert (p["status"], p["service_code"], p["agency_responsible"]) == ("open", "living", "A-org")
    assert p["requested_datetime"] == f"{recent}T00:00:00+08:00"
    got = await demands.get("A", f"/demands/{promised['id']}", "wA")
    assert p["expected_datetime"] == f"{got['due_on']}T00:00:00+08:00"
    assert "承诺件" in p["status_notes"]
    c = rows[str(closed["id"])]
    assert (c["status"], c["expected_datetime"]) == ("closed", None)
    # nothing personal or free-text: no name, phone, content, solution or tracking code
    for secret in ("张三", "13800001111", "漏水", "路灯", "已修好", promised["tracking_code"]):
        assert secret not in r.text, secret
    assert p["description"] is None and p["media_url"] is None and p["lat"] is None

    async def ids(**params) -> set[str]:
        r = await api.client.get(f"{base(api, 'A')}/requests.json", params=params)
        assert r.status_code == 200, r.text
        return {x["service_request_id"] for x in r.json()}

    assert await ids(status="closed") == {str(closed["id"])}
    assert await ids(status="open") == {str(promised["id"])}
    assert await ids(service_code="environment") == {str(closed["id"])}
    assert await ids(start_date=f"{old}T00:00:00+08:00") == {
        str(promised["id"]),
        str(closed["id"]),
        str(paper["id"]),
    }
    assert await ids(start_date=old, end_date=old) == {str(paper["id"])}
    assert await ids(service_request_id=f"{paper['id']},{other['id']}") == {str(paper["id"])}
    one = await api.client.get(f"{base(api, 'A')}/requests/{closed['id']}.json")
    assert one.status_code == 200 and one.json()[0]["service_request_id"] == str(closed["id"])
    # another community's demand is not found at A, and B's feed has only B's
    r = await api.client.get(f"{base(api, 'A')}/requests/{other['id']}.json")
    assert r.status_code == 404 and r.json()[0]["code"] == 404
    r = await api.client.get(f"{base(api, 'B')}/requests.json")
    assert [x["service_request_id"] for x in r.json()] == [str(other["id"])]


async def test_bad_parameters_are_named_and_off_modules_say_nothing(demands, api):
    await demands.enable("A", config={"open311_limit": "7/minute"})
    url = f"{base(api, 'A')}/requests.json"
    for params, field in (
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-13-01"}, "end_date"),
        ({"start_date": "2026-10-02", "end_date": "2026-10-01"}, "start_date"),
        ({"status": "pending"}, "status"),
        ({"service_request_id": "1,x"}, "service_request_id"),
    ):
        r = await api.client.get(url, params=params)
        body = r.json()
        assert r.status_code == 400 and body[0]["code"] == 400, (params, r.text)
        assert field in body[0]["description"], (params, body)
    r = await api.client.get(f"{base(api, 'A')}/requests/abc.json")
    assert r.status_code == 404
    # the module off at D, a street, an unknown org: 404
    for org_url in (base(api, "D"), base(api, "s1"), "/orgs/999999/demands/open311/v2"):
        r = await api.client.get(f"{org_url}/services.json")
        assert r.status_code == 404, (org_url, r.text)
    # rate-limited per address: 5 counted calls above, 2 more, then refused
    await api.client.get(url)
    await api.client.get(url)
    r = await api.client.get(url)
    assert r.status_code == 429 and r.json()[0]["code"] == 429 and "rate" in r.text
