"""The per-process cache of user, org and module facts (core/statecache.py).

Two app instances against the same database (and, on PostgreSQL, the same real Redis), each
with its own cache: what changes through one is refused or seen through the other within a
bounded wait. Embedded mode (SQLite, one process) clears at once.
"""

from __future__ import annotations

import asyncio
import time

from litestar.testing import AsyncTestClient
from sqlalchemy import event

LOGIN = "/api/v1/auth/login"


async def _eventually(check, timeout=10.0) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if await check():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def _login(client, username: str) -> str:
    r = await client.post(LOGIN, json={"username": username, "password": "password-123"})
    assert r.status_code == 200, r.text
    client.cookies.clear()
    return r.json()["access_token"]


class _Statements:
    """The SQL an app's engine runs while recording."""

    def __init__(self, app) -> None:
        self.engine = app.state.db.engine.sync_engine
        self.seen: list[str] = []

    def _record(self, _conn, _cursor, statement, *_args) -> None:
        self.seen.append(" ".join(statement.split()))

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


async def test_a_warm_request_reads_no_user_org_or_module_row(api, app):
    await api.enable("patrol", "A", as_="secA")
    url = f"/api/v1/orgs/{api.org('A')}/patrol/reports?limit=20"
    app.state.cache.clear()
    with _Statements(app) as cold:
        assert (await api.get(url, as_="secA")).status_code == 200
    with _Statements(app) as warm:
        assert (await api.get(url, as_="secA")).status_code == 200
    assert any("FROM users" in s for s in cold.seen) and any("FROM org_modules" in s for s in cold.seen)
    for statement in warm.seen:
        assert "FROM users" not in statement and "FROM org_modules" not in statement, statement
        assert "FROM org_units WHERE org_units.id =" not in statement, statement
    assert len(warm.seen) < len(cold.seen)
    assert app.state.cache.hits > 0


async def test_embedded_writes_clear_the_cache_at_once(api, app, backend, settings):
    """One process: the next request after a write sees it, with no wait, whoever wrote it."""
    await api.enable("patrol", "A", as_="secA")
    token = await _login(api.client, "wA")
    reports = f"/api/v1/orgs/{api.org('A')}/patrol/reports"
    assert (await api.client.get("/api/v1/me", headers=_bearer(token))).status_code == 200
    assert (await api.get(reports, as_="secA")).status_code == 200
    assert (await api.get(reports, as_="secA")).status_code == 200  # from the cache now
    assert app.state.cache.hits > 0

    assert (await api.client.post("/api/v1/auth/logout", headers=_bearer(token))).status_code == 204
    r = await api.client.get("/api/v1/me", headers=_bearer(token))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]

    r = await api.put(f"/api/v1/orgs/{api.org('A')}/modules/patrol", as_="secA", json={"enabled": False})
    assert r.status_code == 200, r.text
    assert (await api.get(reports, as_="secA")).status_code == 404

    # A write from outside the app's requests (a job, the CLI) in the same process.
    if backend == "sqlite":
        from core.db import Database
        from tenants.models import OrgUnit
        from tenants.scoping import set_scope

        org_url = f"/api/v1/orgs/{api.org('A')}"
        assert (await api.get(org_url, as_="secA")).json()["name"] != "Renamed outside"
        db = Database(settings.effective_database_url)
        try:
            async with db.session() as session:
                set_scope(session, None)
                (await session.get(OrgUnit, api.org("A"))).name = "Renamed outside"
                await session.commit()
        finally:
            await db.dispose()
        assert (await api.get(org_url, as_="secA")).json()["name"] == "Renamed outside"


async def test_changes_through_one_instance_reach_the_other(api, backend, settings):
    """Revocation, deactivation, a module switched off and an org moved, across two apps."""
    from core.app import create_app

    if backend != "postgresql":
        # Embedded mode runs one process; the test above covers it.
        assert settings.redis_url is None
        return
    await api.enable("patrol", "A", as_="secA")
    other_app = create_app(settings)
    async with AsyncTestClient(app=other_app) as other:
        cache = other_app.state.cache
        assert await _eventually(lambda: _true(cache.live)), "instance 2 never subscribed"

        # 1. a token revoked (logout) through instance 1
        token = await _login(api.client, "wA")
        for _ in range(2):
            assert (await other.get("/api/v1/me", headers=_bearer(token))).status_code == 200
        hits = cache.hits
        assert (await api.client.post("/api/v1/auth/logout", headers=_bearer(token))).status_code == 204

        async def revoked():
            return (await other.get("/api/v1/me", headers=_bearer(token))).status_code == 401

        assert await _eventually(revoked), "instance 2 kept accepting a revoked token"
        assert hits > 0

        # 2. an account deactivated through instance 1
        wb = await _login(api.client, "wB")
        for _ in range(2):
            assert (await other.get("/api/v1/me", headers=_bearer(wb))).status_code == 200
        r = await api.patch(f"/api/v1/users/{api.world.users['wB']}", as_="secB", json={"is_active": False})
        assert r.status_code == 200, r.text

        async def disabled():
            return (await other.get("/api/v1/me", headers=_bearer(wb))).status_code == 401

        assert await _eventually(disabled), "instance 2 kept accepting a deactivated account"

        # 3. a module switched off through instance 1
        reports = f"/api/v1/orgs/{api.org('A')}/patrol/reports"
        sec_a = _bearer(api.token("secA"))
        for _ in range(2):
            assert (await other.get(reports, headers=sec_a)).status_code == 200
        r = await api.put(f"/api/v1/orgs/{api.org('A')}/modules/patrol", as_="secA", json={"enabled": False})
        assert r.status_code == 200, r.text

        async def switched_off():
            return (await other.get(reports, headers=sec_a)).status_code == 404

        assert await _eventually(switched_off), "instance 2 kept serving a module switched off"

        # 4. an org moved through instance 1
        city = _bearer(api.token("cityadm"))
        org_url = f"/api/v1/orgs/{api.org('A')}"
        for _ in range(2):
            r = await other.get(org_url, headers=city)
            assert r.status_code == 200 and r.json()["parent_id"] == api.org("s1")
        r = await api.patch(org_url, as_="cityadm", json={"parent_id": api.org("s2")})
        assert r.status_code == 200, r.text

        async def moved():
            r = await other.get(org_url, headers=city)
            return r.status_code == 200 and r.json()["parent_id"] == api.org("s2")

        assert await _eventually(moved), "instance 2 kept the org where it was"
        # the street it left no longer reaches it through instance 2; the new one does
        assert await _eventually(
            lambda: _status(other, org_url, _bearer(api.token("sa2")), 200)
        ), "instance 2 never let the new street's admin in"
        assert (await other.get(org_url, headers=_bearer(api.token("sa1")))).status_code == 403
        assert cache.clears > 0


async def _true(value) -> bool:
    return bool(value)


async def _status(client, url, headers, status) -> bool:
    return (await client.get(url, headers=headers)).status_code == status


async def test_a_bulk_write_outside_the_app_reaches_it(api, settings):
    """A job or the CLI (``plugin remove`` switches a module off with one UPDATE) clears the cache."""
    from sqlalchemy import update

    from core.statecache import open_database
    from tenants.models import OrgModule
    from tenants.scoping import unscoped

    await api.enable("patrol", "A", as_="secA")
    reports = f"/api/v1/orgs/{api.org('A')}/patrol/reports"
    for _ in range(2):
        assert (await api.get(reports, as_="secA")).status_code == 200
    db = open_database(settings)
    try:
        async with db.session() as session:
            async with unscoped(session, "the test switches patrol off everywhere, as plugin removal does"):
                await session.execute(update(OrgModule).where(OrgModule.plugin == "patrol").values(enabled=False))
            await session.commit()
    finally:
        await db.dispose()

    async def switched_off():
        return (await api.get(reports, as_="secA")).status_code == 404

    assert await _eventually(switched_off), "the app kept serving a module switched off outside it"
