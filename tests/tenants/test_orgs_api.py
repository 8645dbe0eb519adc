"""The territory tree over HTTP: level rules, codes, moves, deletes, and who may do what."""

from __future__ import annotations


async def test_read_node_children_and_tree(api):
    r = await api.get(f"/api/v1/orgs/{api.org('s1')}", as_="sa1")
    assert r.status_code == 200, r.text
    assert r.json()["level"] == "street"
    r = await api.get(f"/api/v1/orgs/{api.org('s1')}/children", as_="sa1")
    assert sorted(c["name"] for c in r.json()) == ["A-org", "B-org"]
    r = await api.get(f"/api/v1/orgs/{api.org('s1')}/tree", as_="sa1")
    tree = r.json()
    assert [c["name"] for c in tree["children"]] == ["A-org", "B-org"]
    assert [g["name"] for g in tree["children"][0]["children"]] == ["A1-org", "A2-org"]
