"""Must show: a member living in A who works for U is seen by A and U, and by nobody else."""

from __future__ import annotations

import re

METHODS = ("get", "post", "put", "patch", "delete")


async def test_member_seen_by_community_and_unit_only(party, api):
    member = await party.member(confirm=False)
    assert member["status"] == "pending" and member["person"]["name"] != "张三丰"  # masked
    # pending: the unit does not see it yet
    assert await party.get(party.unit_url(party.ids.unit_u, "/members"), "uacc") == []
    await party.post(party.url("A", f"/members/{member['id']}/confirm"), "secA", {}, status=200)
    seen_a = await party.get(party.url("A", "/members"), "secA")
    seen_u = await party.get(party.unit_url(party.ids.unit_u, "/members"), "uacc")
    assert [m["id"] for m in seen_a] == [m["id"] for m in seen_u] == [member["id"]]
    record = await party.get(party.unit_url(party.ids.unit_u, f"/members/{member['id']}"), "uacc")
    assert record["member_id"] == member["id"]
    # community B and unit V see nothing of them
    assert await party.get(party.url("B", "/members"), "secB") == []
    assert await party.get(party.unit_url(party.ids.unit_v, "/members"), "vacc") == []
    r = await api.get(party.url("B", f"/members/{member['id']}/confirm"), as_="secB")
    assert r.status_code in (404, 405)
    r = await api.patch(
        party.url("B", f"/members/{member['id']}"), as_="secB", json={"in_team": True}
    )
    assert r.status_code == 404 and "member_id" in r.json()["detail"]
    r = await api.get(party.unit_url(party.ids.unit_u, "/members"), as_="vacc")
    assert r.status_code == 403
    r = await api.get(party.unit_url(party.ids.unit_v, f"/members/{member['id']}"), as_="vacc")
    assert r.status_code == 404 and "member_id" in r.json()["detail"]


def _fill(path: str, values: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(values.get(m.group(1), 1)), path)


async def test_unit_account_is_refused_on_every_community_route_and_other_units(party, api):
    member = await party.member()
    schema = (await api.get("/schema/openapi.json")).json()
    values = {"org_id": api.org("A"), "member_id": member["id"], "unit_id": party.ids.unit_v}
    community_routes = unit_routes = 0
    for path, ops in schema["paths"].items():
        for method in (m for m in ops if m in METHODS):
            if "{org_id" in path:
                for org in ("A", "s1", "B", "city"):
                    url = _fill(path, {**values, "org_id": api.org(org)})
                    r = await api.request(method.upper(), url, as_="uacc", json={})
                    assert r.status_code in (403, 404), (method, url, r.status_code, r.text)
                community_routes += 1
            elif "{unit_id" in path:
                r = await api.request(method.upper(), _fill(path, values), as_="uacc", json={})
                assert r.status_code in (403, 404), (method, path, r.status_code, r.text)
                unit_routes += 1
    assert community_routes > 30 and unit_routes >= 8


async def test_street_and_city_read_the_figures_of_their_communities(party, api):
    member = await party.member()
    await party.member(org="B", person=party.ids.person_b, unit=party.ids.unit_v)
    await party.post(
        party.url("A", "/services"),
        "wA",
        {"member_id": member["id"], "served_on": "2026-03-01", "title": "宣讲", "hours": 2},
    )
    street = await party.get(party.url("s1", "/stats"), "sa1", year=2026)
    assert (
        street["reported"],
        street["confirmed"],
        street["met_quota"],
        street["service_hours"],
    ) == (2, 2, 1, 2.0)
    rows = {r["org_id"]: r for r in street["by_child"]}
    assert rows[api.org("A")]["met_quota"] == 1 and rows[api.org("B")]["met_quota"] == 0
    city = await party.get(party.url("city", "/stats"), "cityadm", year=2026)
    assert {r["org_id"]: r["confirmed"] for r in city["by_child"]} == {
        api.org("s1"): 2,
        api.org("s2"): 0,
    }
    # a community reads only its own; a street that runs nothing below reads nothing
    mine = await party.get(party.url("B", "/stats"), "secB", year=2026)
    assert (mine["reported"], mine["service_items"]) == (1, 0)
    assert (await api.get(party.url("s2", "/stats"), as_="sa2")).status_code == 404
    assert (await api.get(party.url("s1", "/members"), as_="sa1")).status_code == 404
    assert (await api.get(party.url("s1", "/stats"), as_="secA")).status_code == 403


async def test_another_community_reaches_none_of_a_members_rows_through_any_route(party, api):
    member = await party.member()
    form = (await party.post(party.url("A", "/feedback"), "secA", {}, status=200))[0]
    asked = await party.post(
        party.unit_url(party.ids.unit_u, "/clearances"),
        "uacc",
        {"member_id": member["id"], "kind": "award"},
    )
    consult = await party.post(party.url("A", "/consultations"), "secA", {"title": "加装电梯"})
    ids = {
        "member_id": member["id"],
        "feedback_id": form["id"],
        "clearance_id": asked["id"],
        "consultation_id": consult["id"],
    }
    schema = (await api.get("/schema/openapi.json")).json()
    walked = 0
    for path, ops in schema["paths"].items():
        if "/party" not in path or "{org_id" not in path:
            continue
        for method in (m for m in ops if m in METHODS):
            # secB at A: no right there; secB at B with A's ids: nothing found, nothing changed
            # (an empty body may be refused as malformed before any right is checked: still nothing read)
            r = await api.request(
                method.upper(), _fill(path, {**ids, "org_id": api.org("A")}), as_="secB", json={}
            )
            assert r.status_code in (400, 403, 404), (method, path, r.text)
            if re.search(r"\{(member|feedback|clearance|consultation)_id", path):
                r = await api.request(
                    method.upper(),
                    _fill(path, {**ids, "org_id": api.org("B")}),
                    as_="secB",
                    json={
                        "member_id": member["id"],
                        "cleared": True,
                        "response": "x",
                        "in_team": True,
                    },
                )
                assert r.status_code in (404, 405), (method, path, r.text)
            walked += 1
    assert walked >= 20
    # and A's rows are as they were
    assert (await party.get(party.url("A", f"/feedback/{form['id']}"), "secA"))["sent_at"] is None
    assert (await party.get(party.url("A", "/clearances"), "secA"))[0]["status"] == "pending"
    assert (await party.get(party.url("A", "/members"), "secA"))[0]["in_team"] is False
