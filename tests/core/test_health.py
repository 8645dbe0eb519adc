"""Liveness and readiness probes."""

from __future__ import annotations

from dataclasses import replace

from litestar.testing import AsyncTestClient


async def test_live(api):
    r = await api.client.get("/health/live")
    assert r.status_code == 200 and r.json()["status"] == "ok"


async def test_ready_checks_database_and_redis(api, backend):
    r = await api.client.get("/health/ready")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["database"] == "ok"
    assert body["redis"] == ("embedded" if backend == "sqlite" else "ok")


async def test_ready_is_503_without_a_database(settings, backend, tmp_path):
    from core.app import create_app

    if backend == "sqlite":
        bad = replace(settings, data_dir=tmp_path / "missing" / "nested")
    else:
        bad = replace(settings, database_url="postgresql+asyncpg://root@127.0.0.1:1/nowhere")
    app = create_app(bad)
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/health/live")).status_code == 200
        r = await client.get("/health/ready")
        assert r.status_code == 503, r.text
        assert r.json()["database"].startswith("error")
