"""Accounts and role grants over HTTP: grants only go downward, at the right level, and take effect at once."""

from __future__ import annotations


def members(api, org):
    return f"/api/v1/orgs/{api.org(org)}/members/"


async def test_cannot_grant_at_or_above_own_role(api):
    uid = api.world.users["nobody"]
    for who, org, role in (("secA", "A", "community_secretary"), ("sa1", "s1", "street_admin"),
                           ("sa1", "city", "city_admin"), ("secA", "A", "community_secretary")):
        r = await api.post(members(api, org), as_=who, json={"user_id": uid, "role": role})
        assert r.status_code == 403, (who, role, r.text)
        assert r.json()["detail"]
    r = await api.post(members(api, "A"), as_="secA", json={"user_id": uid, "role": "community_worker"})
    assert r.status_code == 201, r.text


async def test_wrong_level_unknown_role_unknown_user(api):
    uid = api.world.users["nobody"]
    r = await api.post(members(api, "A"), as_="sa1", json={"user_id": uid, "role": "grid_worker"})
    assert r.status_code == 422 and "role" in r.json()["detail"]
    r = await api.post(members(api, "A"), as_="sa1", json={"user_id": uid, "role": "overlord"})
    assert r.status_code in (403, 422) and "role" in r.json()["detail"]
    r = await api.post(members(api, "A"), as_="root", json={"user_id": uid, "role": "overlord"})
    assert r.status_code == 422 and "role" in r.json()["detail"]
    r = await api.post(members(api, "A"), as_="sa1", json={"user_id": 987654, "role": "community_worker"})
    assert r.status_code == 404
    assert "user_id" in r.json()["detail"]


async def test_grant_and_revoke_take_effect_immediately(api):
    uid = api.world.users["wA"]
    b = api.org("B")
    assert (await api.get(f"/api/v1/orgs/{b}", as_="wA")).status_code == 403
    r = await api.post(members(api, "B"), as_="secB", json={"user_id": uid, "role": "community_worker"})
    assert r.status_code == 201, r.text
    membership = r.json()["id"]
    assert (await api.get(f"/api/v1/orgs/{b}", as_="wA")).status_code == 200
    assert {x["org_id"] for x in (await api.get("/api/v1/me", as_="wA")).json()["roles"]} == {api.org("A"), b}
    # granting twice is harmless
    r = await api.post(members(api, "B"), as_="secB", json={"user_id": uid, "role": "community_worker"})
    assert r.status_code == 201 and r.json()["id"] == membership
    r = await api.delete(f"{members(api, 'B')}{membership}", as_="secB")
    assert r.status_code == 204
    assert (await api.get(f"/api/v1/orgs/{b}", as_="wA")).status_code == 403
    assert (await api.delete(f"{members(api, 'B')}{membership}", as_="secB")).status_code == 404


async def test_cannot_revoke_a_peer_or_superior(api):
    rows = (await api.get(members(api, "A"), as_="secA")).json()
    own = next(m for m in rows if m["username"] == "secA")
    r = await api.delete(f"{members(api, 'A')}{own['id']}", as_="secA")
    assert r.status_code == 403
    assert any(m["username"] == "secA" for m in (await api.get(members(api, "A"), as_="secA")).json())


async def test_create_user_with_role(api):
    r = await api.post("/api/v1/users/", as_="secA", json={"username": "newbie", "password": "password-9",
                                                            "org_id": api.org("A1"), "role": "grid_worker"})
    assert r.status_code == 201, r.text
    assert r.json()["username"] == "newbie" and "password" not in r.text
    r = await api.client.post("/api/v1/auth/login", json={"username": "newbie", "password": "password-9"})
    assert r.status_code == 200
    token = r.json()["access_token"]
    r = await api.client.get(f"/api/v1/orgs/{api.org('A1')}", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    r = await api.post("/api/v1/users/", as_="secA", json={"username": "newbie", "password": "password-9",
                                                            "org_id": api.org("A1"), "role": "grid_worker"})
    assert r.status_code == 409 and "username" in r.json()["detail"]


async def test_failed_grant_leaves_no_account(api):
    r = await api.post("/api/v1/users/", as_="secA", json={"username": "halfway", "password": "password-9",
                                                            "org_id": api.org("A"), "role": "street_admin"})
    assert r.status_code in (403, 422)
    r = await api.post("/api/v1/users/", as_="secA", json={"username": "halfway", "password": "password-9",
                                                            "org_id": api.org("A"), "role": "community_worker"})
    assert r.status_code == 201, r.text


async def test_only_platform_admin_creates_roleless_accounts(api):
    body = {"username": "loner", "password": "password-9"}
    assert (await api.post("/api/v1/users/", as_="sa1", json=body)).status_code == 403
    assert (await api.post("/api/v1/users/", as_="root", json=body)).status_code == 201
