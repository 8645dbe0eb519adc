"""Access hardening over HTTP: revoked tokens, linking accounts, what a 403 or 404 reveals, headers."""

from __future__ import annotations

import dataclasses

from litestar.testing import AsyncTestClient

LOGIN = "/api/v1/auth/login"


async def _login(api, username, password="password-123") -> str:
    r = await api.client.post(LOGIN, json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    api.client.cookies.clear()
    return r.json()["access_token"]


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def test_logout_revokes_the_token_at_once(api):
    token = await _login(api, "secA")
    other_device = await _login(api, "secA")
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 200
    r = await api.client.post("/api/v1/auth/logout", headers=_bearer(token))
    assert r.status_code == 204
    for t in (token, other_device):  # logging out ends every session of the account
        r = await api.client.get("/api/v1/me", headers=_bearer(t))
        assert r.status_code == 401 and "revoked" in r.json()["detail"]
    fresh = await _login(api, "secA")
    assert (await api.client.get("/api/v1/me", headers=_bearer(fresh))).status_code == 200
    # the cookie session is revoked the same way
    r = await api.client.post(LOGIN, json={"username": "secB", "password": "password-123"})
    cookie_token = r.json()["access_token"]
    assert (await api.client.get("/api/v1/me")).status_code == 200  # by cookie
    await api.client.post("/api/v1/auth/logout")
    api.client.cookies.clear()
    assert (await api.client.get("/api/v1/me", headers=_bearer(cookie_token))).status_code == 401


async def test_password_reset_by_an_administrator_revokes_tokens(api):
    token = await _login(api, "wB")
    r = await api.post(
        f"/api/v1/users/{api.world.users['wB']}/password",
        as_="secB",
        json={"password": "reset-password-1", "must_change_password": False},
    )
    assert r.status_code == 200, r.text
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 401
    assert await _login(api, "wB", "reset-password-1")


async def test_password_change_revokes_tokens(api):
    token = await _login(api, "wA")
    r = await api.client.post(
        "/api/v1/me/password",
        headers=_bearer(token),
        json={"current_password": "wrong-one", "new_password": "new-password-1"},
    )
    assert r.status_code == 422 and "current_password" in r.json()["detail"]
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 200
    r = await api.client.post(
        "/api/v1/me/password",
        headers=_bearer(token),
        json={"current_password": "password-123", "new_password": "new-password-1"},
    )
    assert r.status_code == 204, r.text
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 401
    r = await api.client.post(LOGIN, json={"username": "wA", "password": "password-123"})
    assert r.status_code == 401
    assert await _login(api, "wA", "new-password-1")


async def test_deactivation_revokes_tokens_and_follows_rank_and_scope(api):
    wa = api.world.users["wA"]
    token = await _login(api, "wA")
    r = await api.patch(f"/api/v1/users/{wa}", as_="secB", json={"is_active": False})
    assert r.status_code in (403, 404)  # another community's secretary
    r = await api.patch(
        f"/api/v1/users/{api.world.users['sa1']}", as_="secA", json={"is_active": False}
    )
    assert r.status_code in (403, 404)  # a street admin ranks above a secretary
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 200
    r = await api.patch(f"/api/v1/users/{wa}", as_="sa1", json={"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 401
    r = await api.client.post(LOGIN, json={"username": "wA", "password": "password-123"})
    assert r.status_code == 401
    r = await api.patch(f"/api/v1/users/{wa}", as_="sa1", json={"is_active": True})
    assert r.status_code == 200 and r.json()["is_active"] is True
    assert (
        await api.client.get("/api/v1/me", headers=_bearer(token))
    ).status_code == 401  # stays revoked
    assert await _login(api, "wA")


async def test_patrol_links_only_accounts_of_the_orgs_scope(api):
    a = api.org("A")
    assert (
        await api.put(f"/api/v1/orgs/{a}/modules/patrol", as_="root", json={"enabled": True})
    ).status_code == 200
    url = f"/api/v1/orgs/{a}/patrol/members"
    answers = []
    for user_id in (api.world.users["secB"], api.world.users["nobody"], 987654):
        r = await api.post(
            url, as_="secA", json={"name": "x", "kind": "resident", "user_id": user_id}
        )
        assert r.status_code == 404 and "user_id" in r.json()["detail"], r.text
        answers.append(r.json()["detail"].replace(str(user_id), "N"))
    assert len(set(answers)) == 1  # an existing foreign account and an unknown id look the same
    for username in ("wA", "gA1", "sa1"):  # at A, below it, above it
        r = await api.post(
            url,
            as_="secA",
            json={"name": username, "kind": "resident", "user_id": api.world.users[username]},
        )
        assert r.status_code == 201, r.text
    member = r.json()["id"]
    r = await api.patch(f"{url}/{member}", as_="secA", json={"user_id": api.world.users["secB"]})
    assert r.status_code == 404 and "user_id" in r.json()["detail"]


async def test_denials_reveal_nothing_of_orgs_and_modules_the_caller_cannot_read(api):
    d = api.org("D")
    r = await api.get(f"/api/v1/orgs/{d}", as_="secA")
    assert r.status_code == 403 and r.json()["detail"] == f"you may not read core:org at org {d}"
    r = await api.get(f"/api/v1/orgs/{api.org('A1')}/members", as_="wA")
    assert (
        r.status_code == 403 and "grid" in r.json()["detail"]
    )  # an org they can read keeps its level
    off = await api.get(f"/api/v1/orgs/{d}/patrol/teams", as_="secA")
    assert (
        await api.put(f"/api/v1/orgs/{d}/modules/patrol", as_="root", json={"enabled": True})
    ).status_code == 200
    on = await api.get(f"/api/v1/orgs/{d}/patrol/teams", as_="secA")
    assert off.status_code == on.status_code == 403
    assert (
        off.json()["detail"] == on.json()["detail"] == f"you may not use module 'patrol' at org {d}"
    )
    r = await api.get(f"/api/v1/orgs/{api.org('B')}/patrol/teams", as_="sa1")
    assert r.status_code == 404 and "not enabled" in r.json()["detail"]  # s1's admin may know


async def test_security_headers_on_the_auth_middlewares_401_and_hsts_setting(api):
    r = await api.client.get("/api/v1/me")
    assert r.status_code == 401
    for name in (
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
    ):
        assert name in r.headers, name
    assert r.headers.get("x-request-id")
    assert (
        "strict-transport-security" not in r.headers
    )  # off by default (plain HTTP in development)
    r = await api.client.get(
        "/api/v1/orgs/99999999999/children", headers=_bearer(api.token("root"))
    )
    assert r.status_code == 404 and "x-frame-options" in r.headers


async def test_production_sets_secure_on_every_cookie_and_sends_hsts(settings, world):
    import base64

    from core.app import create_app
    from core.privacy._keys import configure

    key = base64.b64encode(b"k" * 32).decode()
    prod = dataclasses.replace(
        settings,
        env="production",
        hsts_seconds=31536000,
        data_key=f"prodtest:{key}",
        index_key=base64.b64encode(b"i" * 32).decode(),
    )
    try:
        await _production_answers(create_app(prod))
    finally:
        configure(None, None)  # the other tests' data is encrypted with the development keys


async def _production_answers(app):
    async with AsyncTestClient(app=app) as client:
        r = await client.get("/login")  # sets the console's CSRF cookie
        assert r.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        cookies = r.headers.get_list("set-cookie")
        assert cookies and all("secure" in c.lower() for c in cookies)
        r = await client.post(LOGIN, json={"username": "secA", "password": "password-123"})
        assert all("secure" in c.lower() for c in r.headers.get_list("set-cookie"))
        r = await client.post("/api/v1/auth/logout")
        assert all("secure" in c.lower() for c in r.headers.get_list("set-cookie"))


async def test_integrity_errors_are_answered_without_internals(settings, world):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from core.db import Database
    from core.errors import integrity_error_handler

    db = Database(settings.effective_database_url)
    errors = []
    async with db.session() as session:
        for sql in (
            "INSERT INTO users (username, password_hash, display_name, is_platform_admin, is_active,"
            " token_version, created_at, updated_at) SELECT username, 'x', '', false, true, 0,"
            " created_at, updated_at FROM users LIMIT 1",
            "INSERT INTO role_assignments (user_id, role, org_id, org_path, created_at, updated_at)"
            " SELECT 987654, 'resident', id, path, created_at, updated_at FROM org_units LIMIT 1",
        ):
            try:
                async with session.begin_nested():
                    await session.execute(text(sql))
            except IntegrityError as exc:
                errors.append(exc)
    await db.dispose()
    assert len(errors) == 2
    duplicate, missing = (integrity_error_handler(None, e) for e in errors)
    assert duplicate.status_code == 409 and missing.status_code == 422
    for answer in (duplicate, missing):
        detail = answer.content["detail"]
        assert (
            "users" not in detail and "Error" not in detail and "constraint" not in detail.lower()
        )
