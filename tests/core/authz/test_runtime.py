"""The authz runtime across processes: a grant or revoke through one app is honoured by another."""

from __future__ import annotations

import asyncio
import time

import pytest
from litestar.testing import AsyncTestClient


async def _eventually(check, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        if await check():
            return time.monotonic()
        if time.monotonic() > deadline:
            return None
        await asyncio.sleep(0.05)


async def test_grant_and_revoke_reach_the_other_instance(api, backend, settings):
    if backend != "postgresql":
        pytest.skip("cross-process invalidation needs Redis; embedded mode runs one process")
    from core.app import create_app

    other_app = create_app(settings)
    b = api.org("B")
    headers = {"Authorization": f"Bearer {api.token('wA')}"}
    async with AsyncTestClient(app=other_app) as other:
        # warm instance 2's decision cache with a denial
        assert (await other.get(f"/api/v1/orgs/{b}", headers=headers)).status_code == 403
        r = await api.post(f"/api/v1/orgs/{b}/members/", as_="secB",
                           json={"user_id": api.world.users["wA"], "role": "community_worker"})
        assert r.status_code == 201, r.text
        membership = r.json()["id"]

        async def allowed():
            return (await other.get(f"/api/v1/orgs/{b}", headers=headers)).status_code == 200

        assert await _eventually(allowed), "instance 2 never honoured the grant"
        r = await api.delete(f"/api/v1/orgs/{b}/members/{membership}", as_="secB")
        assert r.status_code == 204

        async def denied():
            return (await other.get(f"/api/v1/orgs/{b}", headers=headers)).status_code == 403

        assert await _eventually(denied), "instance 2 never honoured the revoke"
        # and a move made through instance 2 reaches instance 1
        assert (await api.get(f"/api/v1/orgs/{api.org('A1')}", as_="sa2")).status_code == 403
        r = await other.patch(f"/api/v1/orgs/{api.org('A')}", json={"parent_id": api.org("s2")},
                              headers={"Authorization": f"Bearer {api.token('cityadm')}"})
        assert r.status_code == 200, r.text

        async def moved():
            return (await api.get(f"/api/v1/orgs/{api.org('A1')}", as_="sa2")).status_code == 200

        assert await _eventually(moved), "instance 1 never reloaded after the move"


async def test_runtime_follows_without_http(settings, world, backend):
    if backend != "postgresql":
        pytest.skip("cross-process invalidation needs Redis")
    from core.authz.runtime import AuthzRuntime
    from core.cache import key, make_redis
    from core.db import Database

    db = Database(settings.effective_database_url)
    r1, r2 = make_redis(settings), make_redis(settings)
    one = AuthzRuntime(db, r1, key(settings, "authz"))
    two = AuthzRuntime(db, r2, key(settings, "authz"))
    await one.start()
    await two.start()
    try:
        uid, path = world.users["nobody"], world.paths["B"]
        assert not two.enforce(uid, path, "core:org", "read")
        # the row is what the other process reloads; write it, then announce it from `one`
        from core.users.models import RoleAssignment
        from tenants.scoping import unscoped

        async with db.session() as s:
            async with unscoped(s, "test writes a link directly"):
                s.add(RoleAssignment(user_id=uid, role="resident", org_id=world.orgs["B"]))
            await s.commit()
        await one.link_added(uid, "resident", path)
        assert one.enforce(uid, path, "core:org", "read")

        async def seen():
            return two.enforce(uid, path, "core:org", "read")

        assert await _eventually(seen)
        assert two.reloads >= 2
    finally:
        await one.stop()
        await two.stop()
        await r1.aclose()
        await r2.aclose()
        await db.dispose()
