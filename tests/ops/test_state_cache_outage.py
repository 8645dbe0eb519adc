"""The per-process state cache fails safe while Redis is away (core/statecache.py).

A private Redis (never the shared one) carries the change notices. While it is stopped the
app cannot hear of a revocation made elsewhere, so its cache must read through: a
deactivation written behind its back (no notice at all) is refused at once. When Redis is
back the cache starts again, empty.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time

import pytest
from litestar.testing import AsyncTestClient
from shequ_testing import SECRET
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from _services import PrivateRedis


async def _eventually(check, timeout=15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.05)
    return check()


async def _set_active(url: str, user_id: int, active: bool) -> None:
    # Raw SQL on a connection of its own: no session event, so no notice, as if it were lost.
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE users SET is_active = :a WHERE id = :id"), {"a": active, "id": user_id})
    finally:
        await engine.dispose()


async def test_the_cache_reads_through_while_redis_is_away(settings, world, backend, tmp_path):
    if backend != "postgresql":
        pytest.skip("embedded mode has no Redis to lose: its one process clears its own cache")
    from core.app import create_app
    from core.auth.tokens import issue_token

    redis = PrivateRedis(tmp_path / "redis")
    redis.start()
    try:
        app = create_app(dataclasses.replace(settings, redis_url=redis.url))
        token = issue_token(SECRET, world.users["wA"], "wA", 3600)[0]
        me = {"Authorization": f"Bearer {token}"}
        async with AsyncTestClient(app=app) as client:
            cache = app.state.cache
            assert await _eventually(lambda: cache.live), "the cache never started"
            for _ in range(2):
                assert (await client.get("/api/v1/me", headers=me)).status_code == 200
            assert cache.hits > 0

            redis.stop()
            assert await _eventually(lambda: not cache.live), "the cache kept answering without its notices"
            await _set_active(settings.database_url, world.users["wA"], False)
            r = await client.get("/api/v1/me", headers=me)
            assert r.status_code == 401, "a deactivation was hidden by the cache while Redis was away"
            await _set_active(settings.database_url, world.users["wA"], True)
            hits = cache.hits
            for _ in range(2):
                assert (await client.get("/api/v1/me", headers=me)).status_code == 200
            assert cache.hits == hits  # read through, nothing stored

            redis.start()
            assert await _eventually(lambda: cache.live), "the cache never resumed after Redis came back"
            for _ in range(2):
                assert (await client.get("/api/v1/me", headers=me)).status_code == 200
            assert cache.hits > hits
    finally:
        redis.stop()
