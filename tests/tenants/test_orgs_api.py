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


ORGS = "/api/v1/orgs"


async def _create(api, as_, parent, level, name, code):
    return await api.post(f"{ORGS}/", as_=as_, json={"parent_id": parent, "level": level, "name": name, "code": code})


async def test_street_admin_manages_everything_below_and_nothing_next_door(api):
    # create a community and a grid under s1
    r = await _create(api, "sa1", api.org("s1"), "community", "C-new", "CNEW")
    assert r.status_code == 201, r.text
    c = r.json()["id"]
    r = await _create(api, "sa1", c, "grid", "G-new", "GNEW")
    assert r.status_code == 201, r.text
    g = r.json()["id"]
    # rename existing community and grid of s1
    for name in ("A", "A1", "B1"):
        r = await api.patch(f"{ORGS}/{api.org(name)}", as_="sa1", json={"name": f"{name}-renamed"})
        assert r.status_code == 200, r.text
        assert r.json()["name"] == f"{name}-renamed"
    # move a grid from A to B (both in s1)
    r = await api.patch(f"{ORGS}/{api.org('A2')}", as_="sa1", json={"parent_id": api.org("B")})
    assert r.status_code == 200, r.text
    assert r.json()["path"] == f"{api.world.paths['B']}{api.org('A2')}/"
    # grant roles below
    r = await api.post(f"{ORGS}/{api.org('B')}/members/", as_="sa1",
                       json={"user_id": api.world.users["wA"], "role": "community_worker"})
    assert r.status_code == 201, r.text
    # delete the new grid and community
    assert (await api.delete(f"{ORGS}/{g}", as_="sa1")).status_code == 204
    assert (await api.delete(f"{ORGS}/{c}", as_="sa1")).status_code == 204
    assert (await api.get(f"{ORGS}/{c}", as_="root")).status_code == 404
    # and 403 with a message in s2
    denied = [
        await api.get(f"{ORGS}/{api.org('D')}", as_="sa1"),
        await api.get(f"{ORGS}/{api.org('s2')}/children", as_="sa1"),
        await _create(api, "sa1", api.org("s2"), "community", "X", "XS2"),
        await _create(api, "sa1", api.org("D"), "grid", "X", "XD"),
        await api.patch(f"{ORGS}/{api.org('D')}", as_="sa1", json={"name": "mine"}),
        await api.patch(f"{ORGS}/{api.org('D1')}", as_="sa1", json={"parent_id": api.org("A")}),
        await api.delete(f"{ORGS}/{api.org('D1')}", as_="sa1"),
        await api.post(f"{ORGS}/{api.org('D')}/members/", as_="sa1",
                       json={"user_id": api.world.users["wA"], "role": "community_worker"}),
    ]
    for r in denied:
        assert r.status_code == 403, r.text
        assert r.json()["detail"]
    r = await api.get(f"{ORGS}/{api.org('D')}", as_="root")
    assert r.json()["name"] == "D-org"
    r = await api.get(f"{ORGS}/{api.org('D1')}", as_="root")
    assert r.json()["parent_id"] == api.org("D")


async def test_community_worker_of_a_sees_nothing_of_b(api):
    b, b1 = api.org("B"), api.org("B1")
    for url in (f"{ORGS}/{b}", f"{ORGS}/{b}/children", f"{ORGS}/{b}/tree", f"{ORGS}/{b}/search?q=B",
                f"{ORGS}/{b1}", f"{ORGS}/{b}/members/", f"{ORGS}/{b}/audit/", f"{ORGS}/{api.org('s1')}"):
        r = await api.get(url, as_="wA")
        assert r.status_code in (403, 404), (url, r.text)
        assert "B-org" not in r.text and "B1-org" not in r.text
    r = await api.patch(f"{ORGS}/{b}", as_="wA", json={"name": "x"})
    assert r.status_code == 403
    r = await api.post(f"{ORGS}/{b}/provision", as_="wA", json={"nodes": []})
    assert r.status_code == 403
    r = await api.post("/api/v1/users/", as_="secA", json={"username": "sneaky", "password": "password-1",
                                                           "org_id": b, "role": "community_worker"})
    assert r.status_code == 403, r.text
    # secA cannot revoke B's assignments through A's URL, nor through B's
    members = (await api.get(f"{ORGS}/{b}/members/", as_="root")).json()
    assert members
    for m in members:
        r = await api.delete(f"{ORGS}/{api.org('A')}/members/{m['id']}", as_="secA")
        assert r.status_code in (403, 404), r.text
        r = await api.delete(f"{ORGS}/{b}/members/{m['id']}", as_="secA")
        assert r.status_code in (403, 404), r.text
    assert len((await api.get(f"{ORGS}/{b}/members/", as_="root")).json()) == len(members)
    r = await api.get(f"{ORGS}/{api.org('A')}/search?q=org", as_="wA")
    assert r.status_code == 200
    assert {o["name"] for o in r.json()} == {"A-org", "A1-org", "A2-org"}
    r = await api.get(f"{ORGS}/{api.org('A')}/members/", as_="wA")
    assert r.status_code in (200, 403)
    r = await api.get(f"{ORGS}/{api.org('A')}/members/", as_="secA")
    assert r.status_code == 200
    assert all(m["org_path"].startswith(api.world.paths["A"]) for m in r.json())
    assert "secB" not in r.text and "wB" not in r.text


async def test_grid_worker_sees_only_their_grid(api):
    r = await api.get(f"{ORGS}/{api.org('A1')}", as_="gA1")
    assert r.status_code == 200
    for name in ("A", "A2", "B1", "s1"):
        r = await api.get(f"{ORGS}/{api.org(name)}", as_="gA1")
        assert r.status_code == 403, r.text
        assert r.json()["detail"]
    r = await api.get(f"{ORGS}/", as_="gA1")
    assert [o["name"] for o in r.json()] == ["A1-org"]


async def test_level_must_be_one_below_parent(api):
    r = await _create(api, "sa1", api.org("s1"), "grid", "bad", "BAD1")
    assert r.status_code == 422
    assert "level" in r.json()["detail"] or r.json().get("extra", {}).get("field") == "level"
    r = await _create(api, "root", api.org("city"), "community", "bad", "BAD2")
    assert r.status_code == 422
    r = await _create(api, "root", None, "street", "bad", "BAD3")
    assert r.status_code == 422
    assert "parent" in r.json()["detail"]


async def test_codes_are_unique(api):
    r = await _create(api, "sa1", api.org("A"), "grid", "dup", "T001")
    assert r.status_code == 409
    assert "code" in r.json()["detail"]


async def test_only_platform_admin_creates_a_city(api):
    for who in ("cityadm", "sa1"):
        r = await _create(api, who, None, "city", "new city", "NEWCITY")
        assert r.status_code == 403
    r = await _create(api, "root", None, "city", "new city", "NEWCITY")
    assert r.status_code == 201, r.text
    assert r.json()["path"] == f"/{r.json()['id']}/"


async def test_move_rewrites_paths_and_authorization_follows(api):
    # move community A (with grids A1, A2 and role rows secA, wA, gA1) from s1 to s2
    a = api.org("A")
    r = await api.patch(f"{ORGS}/{a}", as_="cityadm", json={"parent_id": api.org("s2")})
    assert r.status_code == 200, r.text
    new_a = f"{api.world.paths['s2']}{a}/"
    assert r.json()["path"] == new_a
    tree = (await api.get(f"{ORGS}/{a}/tree", as_="root")).json()
    assert {c["path"] for c in tree["children"]} == {f"{new_a}{api.org('A1')}/", f"{new_a}{api.org('A2')}/"}
    members = (await api.get(f"{ORGS}/{a}/members/", as_="root")).json()
    assert {m["username"] for m in members} >= {"secA", "wA", "gA1"}
    assert all(m["org_path"].startswith(new_a) for m in members), members
    # the old street admin lost access, the new one gained it
    assert (await api.get(f"{ORGS}/{api.org('A1')}", as_="sa1")).status_code == 403
    assert (await api.get(f"{ORGS}/{api.org('A1')}", as_="sa2")).status_code == 200
    assert (await api.patch(f"{ORGS}/{api.org('A1')}", as_="sa2", json={"name": "n"})).status_code == 200
    # people inside keep their rights
    assert (await api.get(f"{ORGS}/{api.org('A1')}", as_="gA1")).status_code == 200
    r = await api.get("/api/v1/me", as_="secA")
    assert r.json()["roles"][0]["org_path"] == new_a
    # s1 no longer lists A
    kids = (await api.get(f"{ORGS}/{api.org('s1')}/children", as_="sa1")).json()
    assert [k["name"] for k in kids] == ["B-org"]


async def test_move_rules(api):
    r = await api.patch(f"{ORGS}/{api.org('A1')}", as_="root", json={"parent_id": api.org("s2")})
    assert r.status_code == 422
    assert "parent_id" in r.json()["detail"] or r.json()["extra"]["field"] == "parent_id"
    r = await api.patch(f"{ORGS}/{api.org('city')}", as_="root", json={"parent_id": api.org("s1")})
    assert r.status_code in (403, 422)
    r = await api.patch(f"{ORGS}/{api.org('A')}", as_="root", json={"parent_id": 999999})
    assert r.status_code == 404


async def test_delete_refuses_children_and_data(api):
    r = await api.delete(f"{ORGS}/{api.org('A')}", as_="sa1")
    assert r.status_code == 409
    assert "child" in r.json()["detail"]
    r = await api.delete(f"{ORGS}/{api.org('A1')}", as_="sa1")  # gA1 holds a role there
    assert r.status_code == 409
    assert "role_assignments" in r.json()["detail"]
    assert (await api.get(f"{ORGS}/{api.org('A1')}", as_="root")).status_code == 200
    assert (await api.delete(f"{ORGS}/{api.org('A2')}", as_="sa1")).status_code == 204
    assert (await api.delete(f"{ORGS}/{api.org('A2')}", as_="sa1")).status_code == 404
