"""Account administration over HTTP: edit, deactivate, reset, forced change, and who may do it."""

from __future__ import annotations


async def _login(api, username: str, password: str = "password-123") -> str:
    r = await api.client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def test_a_secretary_edits_a_worker_and_sees_the_phone_masked(api):
    wa = api.world.users["wA"]
    r = await api.patch(f"/api/v1/users/{wa}", as_="secA",
                        json={"job_title": "网格长", "phone": "13812345678", "display_name": "李四"})
    assert r.status_code == 200, r.text
    assert r.json()["phone"] == "138****5678" and r.json()["job_title"] == "网格长"
    r = await api.get(f"/api/v1/orgs/{api.org('A')}/accounts?q=李", as_="secA")
    assert [a["username"] for a in r.json()["items"]] == ["wA"]
    assert "13812345678" not in r.text
    audit = await api.get(f"/api/v1/orgs/{api.org('A')}/audit", as_="secA")
    assert "user.update" in audit.text and "13812345678" not in audit.text
    r = await api.patch(f"/api/v1/users/{wa}", as_="secA", json={"phone": "call me"})
    assert r.status_code == 422 and "phone" in r.json()["detail"]
    r = await api.patch(f"/api/v1/users/{wa}", as_="secA", json={"salary": 1})
    assert r.status_code == 400 and "salary" in r.text


async def test_accounts_outside_reach_are_not_found_and_higher_ones_are_refused(api):
    for other in ("wB", "sa1", "root"):
        r = await api.patch(f"/api/v1/users/{api.world.users[other]}", as_="secA", json={"job_title": "x"})
        assert r.status_code == 404, (other, r.text)
    r = await api.get(f"/api/v1/orgs/{api.org('A')}/accounts", as_="secA")
    names = {a["username"] for a in r.json()["items"]}
    assert {"secA", "wA", "gA1"} <= names and not names & {"wB", "secB", "sa1"}
    # The street admin sees secA but a community worker may not administer their secretary.
    r = await api.patch(f"/api/v1/users/{api.world.users['secA']}", as_="wA", json={"job_title": "x"})
    assert r.status_code in (403, 404)
    r = await api.patch(f"/api/v1/users/{api.world.users['secA']}", as_="sa1", json={"job_title": "书记"})
    assert r.status_code == 200, r.text
    r = await api.get(f"/api/v1/orgs/{api.org('B')}/accounts", as_="secA")
    assert r.status_code == 403


async def test_deactivation_takes_effect_on_the_next_request(api):
    token = await _login(api, "wA")
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 200
    r = await api.patch(f"/api/v1/users/{api.world.users['wA']}", as_="secA", json={"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 401
    r = await api.client.post("/api/v1/auth/login", json={"username": "wA", "password": "password-123"})
    assert r.status_code == 401
    await api.patch(f"/api/v1/users/{api.world.users['wA']}", as_="secA", json={"is_active": True})
    await _login(api, "wA")


async def test_a_reset_password_must_be_changed_before_anything_else(api):
    r = await api.post(f"/api/v1/users/{api.world.users['gA1']}/password", as_="secA",
                       json={"password": "temporary-1"})
    assert r.status_code == 200 and r.json()["must_change_password"] is True
    token = await _login(api, "gA1", "temporary-1")
    me = await api.client.get("/api/v1/me", headers=_bearer(token))
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    r = await api.client.get(f"/api/v1/orgs/{api.org('A1')}", headers=_bearer(token))
    assert r.status_code == 403 and "change your password" in r.json()["detail"]
    r = await api.client.post("/api/v1/me/password", headers=_bearer(token),
                              json={"current_password": "wrong-one-1", "new_password": "mine-and-only-1"})
    assert r.status_code == 422 and "current_password" in r.json()["detail"]
    r = await api.client.post("/api/v1/me/password", headers=_bearer(token),
                              json={"current_password": "temporary-1", "new_password": "short"})
    assert r.status_code == 400 and "new_password" in r.text
    r = await api.client.post("/api/v1/me/password", headers=_bearer(token),
                              json={"current_password": "temporary-1", "new_password": "mine-and-only-1"})
    assert r.status_code == 204, r.text
    token = await _login(api, "gA1", "mine-and-only-1")
    assert (await api.client.get(f"/api/v1/orgs/{api.org('A1')}", headers=_bearer(token))).status_code == 200
