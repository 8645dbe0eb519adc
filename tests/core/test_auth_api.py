"""Login, tokens, cookies, rate limits and /me over HTTP."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import update

from core.auth.tokens import issue_token
from shequ_testing import SECRET

LOGIN = "/api/v1/auth/login"


async def _login(client, username, password="password-123", **kw):
    return await client.post(LOGIN, json={"username": username, "password": password}, **kw)


async def test_login_returns_token_and_httponly_samesite_cookie(api):
    r = await _login(api.client, "secA")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer" and body["access_token"]
    cookie = r.headers["set-cookie"].lower()
    assert "shequ_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    api.client.cookies.clear()
    r = await api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert r.status_code == 200
    assert r.json()["username"] == "secA"


async def test_wrong_password_and_unknown_user_are_401(api):
    r = await _login(api.client, "secA", "wrong-password")
    assert r.status_code == 401
    assert "wrong username or password" in r.json()["detail"]
    r = await _login(api.client, "no-such-user", "whatever-1")
    assert r.status_code == 401


async def test_rate_limit_per_username(api):
    for _ in range(5):
        assert (await _login(api.client, "wA", "wrong-password")).status_code == 401
    r = await _login(api.client, "wA", "password-123")  # even the right password is refused now
    assert r.status_code == 429
    assert "too many failed logins" in r.json()["detail"] and "seconds" in r.json()["detail"]
    assert r.json()["extra"]["retry_after"] >= 1
    assert (await _login(api.client, "wB")).status_code == 200  # another account is not affected


async def test_rate_limit_per_client(api):
    # 4 x 5 failures from one address, spread over usernames that never hit their own limit
    for i in range(20):
        assert (await _login(api.client, f"ghost{i}", "wrong-password")).status_code == 401
    r = await _login(api.client, "wB")
    assert r.status_code == 429
    assert "your address" in r.json()["detail"]


async def test_rate_limit_is_shared_across_instances_with_redis(api, backend, settings):
    if backend != "postgresql":
        pytest.skip("embedded mode counts failures in-process by design")
    from core.app import create_app

    async with AsyncTestClient(app=create_app(settings)) as other:
        for i in range(5):
            client = api.client if i % 2 else other
            assert (await _login(client, "wA", "wrong-password")).status_code == 401
        assert (await _login(other, "wA")).status_code == 429
        assert (await _login(api.client, "wA")).status_code == 429


async def test_expired_and_garbage_tokens_are_401(api):
    expired = issue_token(SECRET, api.world.users["secA"], "secA", -10)[0]
    forged = issue_token("another-secret-" + "y" * 32, api.world.users["secA"], "secA", 3600)[0]
    for token in (expired, forged, "garbage", ""):
        r = await api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, token
        assert r.json()["detail"]
    assert (await api.client.get("/api/v1/me")).status_code == 401


async def test_me_lists_roles(api):
    r = await api.get("/api/v1/me", as_="gA1")
    assert r.status_code == 200
    me = r.json()
    assert me["username"] == "gA1" and me["is_platform_admin"] is False
    assert me["roles"] == [{"role": "grid_worker", "org_id": api.org("A1"), "org_path": api.world.paths["A1"],
                            "org_name": "A1-org", "org_level": "grid"}]
    assert (await api.get("/api/v1/me", as_="root")).json()["is_platform_admin"] is True


async def test_disabled_user_is_refused(api, settings):
    from core.db import Database
    from core.users.models import User

    db = Database(settings.effective_database_url)
    async with db.session() as session:
        await session.execute(update(User).where(User.username == "wA").values(is_active=False))
        await session.commit()
    await db.dispose()
    assert (await api.get("/api/v1/me", as_="wA")).status_code == 401
    assert (await _login(api.client, "wA")).status_code == 401


async def test_cookie_works_on_get_but_not_on_post(api):
    r = await _login(api.client, "sa1")
    assert r.status_code == 200
    # the client now holds only the cookie
    r = await api.client.get("/api/v1/me")
    assert r.status_code == 200 and r.json()["username"] == "sa1"
    r = await api.client.post("/api/v1/orgs/", json={"parent_id": api.org("s1"), "level": "community",
                                                     "name": "csrf", "code": "CSRF"})
    assert r.status_code == 401
    assert (await api.get(f"/api/v1/orgs/{api.org('s1')}/search?q=csrf", as_="root")).json() == []
    r = await api.client.post("/api/v1/auth/logout")
    assert r.status_code == 204
    api.client.cookies.clear()
    assert (await api.client.get("/api/v1/me")).status_code == 401

