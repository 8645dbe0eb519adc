"""Dead letters over HTTP (embedded mode: stub broker and the in-process worker of the app)."""

from __future__ import annotations

import asyncio
import types

import pytest
from litestar.testing import AsyncTestClient

from core.jobs import actor
from core.plugins import InstalledPlugin, PluginManager, PluginManifest, hookimpl, installed_plugins, set_plugin_manager

RUNS: list[int] = []


@actor(actor_name="flaky.explode", max_retries=1, min_backoff=10, max_backoff=20)
def explode(org_id: int) -> None:
    """Always fail."""
    RUNS.append(org_id)
    raise RuntimeError(f"exploded for org {org_id}")


class FlakyHooks:
    @hookimpl
    def register_actors(self):
        return [explode]


FLAKY = types.ModuleType("flaky_plugin")
FLAKY.manifest = PluginManifest(id="flaky", title_zh="不稳", title_en="Flaky", version="1")


@pytest.fixture
async def japi(settings, world):
    from shequ_testing import Api

    from core.app import create_app

    set_plugin_manager(PluginManager([*installed_plugins(), InstalledPlugin("flaky", FLAKY, FlakyHooks())]))
    RUNS.clear()
    try:
        async with AsyncTestClient(app=create_app(settings)) as client:
            yield Api(client, world, settings)
    finally:
        set_plugin_manager(None)


async def _dead(api, as_="root"):
    r = await api.get("/api/v1/jobs/dead", as_=as_)
    return r


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_failed_job_is_listed_for_admins_and_can_be_retried(japi):
    explode.send(japi.org("A"))
    for _ in range(100):
        jobs = (await _dead(japi)).json()
        if jobs:
            break
        await asyncio.sleep(0.05)
    assert len(jobs) == 1 and RUNS == [japi.org("A")] * 2  # the first run and one retry
    job = jobs[0]
    assert (job["actor"], job["org_id"], job["queue"]) == ("flaky.explode", japi.org("A"), "default")
    assert "exploded for org" in job["error"]
    from core.observability import REGISTRY

    sample = REGISTRY.get_sample_value("shequ_jobs_total", {"actor": "flaky.explode", "outcome": "failed"})
    assert sample and sample >= 1
    assert REGISTRY.get_sample_value("shequ_jobs_total", {"actor": "flaky.explode", "outcome": "retried"}) >= 1
    r = await _dead(japi, as_="cityadm")
    assert r.status_code == 200 and [j["id"] for j in r.json()] == [job["id"]]
    assert (await _dead(japi, as_="secA")).status_code == 403
    assert (await _dead(japi, as_="sa1")).status_code == 403
    assert (await japi.post(f"/api/v1/jobs/dead/{job['id']}/retry", as_="secA")).status_code == 403
    r = await japi.post(f"/api/v1/jobs/dead/{job['id']}/retry", as_="cityadm")
    assert r.status_code == 202, r.text
    assert r.json()["retries"] == 0
    for _ in range(100):
        if len(RUNS) == 4 and (await _dead(japi)).json():
            break
        await asyncio.sleep(0.05)
    assert len(RUNS) == 4  # ran again (and failed again, back in the list)
    r = await japi.post("/api/v1/jobs/dead/nope/retry", as_="root")
    assert r.status_code == 404 and "nope" in r.json()["detail"]
