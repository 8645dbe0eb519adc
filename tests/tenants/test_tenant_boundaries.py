"""Who may read which node: the whole matrix of world users x orgs, over HTTP."""

from __future__ import annotations

# username -> the orgs they may read (their subtree); everything else is 403
READABLE = {
    "cityadm": {"city", "s1", "s2", "A", "B", "D", "A1", "A2", "B1", "D1"},
    "sa1": {"s1", "A", "B", "A1", "A2", "B1"},
    "sa2": {"s2", "D", "D1"},
    "secA": {"A", "A1", "A2"},
    "secB": {"B", "B1"},
    "wA": {"A", "A1", "A2"},
    "wB": {"B", "B1"},
    "gA1": {"A1"},
    "nobody": {"D", "D1"},
}


async def test_read_matrix(api):
    wrong = []
    for user, readable in READABLE.items():
        for org in api.world.orgs:
            r = await api.get(f"/api/v1/orgs/{api.org(org)}", as_=user)
            expected = 200 if org in readable else 403
            if r.status_code != expected:
                wrong.append((user, org, r.status_code))
            if r.status_code == 403:
                assert f"{org}-org" not in r.text
    assert wrong == []


async def test_tree_and_search_stay_inside(api):
    r = await api.get(f"/api/v1/orgs/{api.org('A')}/tree", as_="wA")
    names = set()

    def walk(n):
        names.add(n["name"])
        for c in n["children"]:
            walk(c)

    walk(r.json())
    assert names == {"A-org", "A1-org", "A2-org"}
    r = await api.get(f"/api/v1/orgs/{api.org('s1')}/search?q=-org", as_="sa1")
    assert {o["name"] for o in r.json()} == {"s1-org", "A-org", "B-org", "A1-org", "A2-org", "B1-org"}
    r = await api.get(f"/api/v1/orgs/{api.org('A1')}/tree", as_="gA1")
    assert r.json()["children"] == []


async def test_list_my_orgs(api):
    assert [o["name"] for o in (await api.get("/api/v1/orgs/", as_="secA")).json()] == ["A-org"]
    assert [o["name"] for o in (await api.get("/api/v1/orgs/", as_="root")).json()] == ["city-org"]


async def test_writes_denied_outside(api):
    for user, org in (("secA", "B"), ("secA", "B1"), ("wA", "A"), ("gA1", "A1"), ("sa2", "A")):
        r = await api.patch(f"/api/v1/orgs/{api.org(org)}", as_=user, json={"name": "hijacked"})
        assert r.status_code == 403, (user, org, r.text)
        r = await api.post("/api/v1/orgs/", as_=user, json={"parent_id": api.org(org), "level": "grid",
                                                            "name": "x", "code": f"X{user}"})
        assert r.status_code in (403, 422), (user, org, r.text)
    r = await api.get(f"/api/v1/orgs/{api.org('s1')}/search?q=hijacked", as_="root")
    assert r.json() == []
