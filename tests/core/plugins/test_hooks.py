"""One test per hook spec: core calls it where and when the contract says, and only where enabled."""

from __future__ import annotations

import asyncio

import dramatiq
import pytest
from litestar import Litestar
from litestar.datastructures import State
from litestar.testing import AsyncTestClient
import probe_plugin

from core.db import Database
from core.plugins._routing import page_routers
from tenants.models import OrgUnit
from tenants.scoping import set_scope

# fixtures of the probe plugin, shared by the plugin tests
calls, manager, papi = probe_plugin.calls, probe_plugin.manager, probe_plugin.papi
enable = probe_plugin.enable


async def test_hook_register_routes(papi):
    url = f"/api/v1/orgs/{papi.org('A')}/probe/ping"
    r = await papi.get(url, as_="secA")
    assert r.status_code == 404 and r.json()["detail"] == f"module 'probe' is not enabled at org {papi.org('A')}"
    assert (await enable(papi, "A", "probe")).status_code == 200
    r = await papi.get(url, as_="secA")
    assert r.status_code == 200, r.text
    assert r.json() == {"plugin": "probe", "org_id": papi.org("A")}
    # a sibling community where it is off still answers 404
    r = await papi.get(f"/api/v1/orgs/{papi.org('B')}/probe/ping", as_="secB")
    assert r.status_code == 404 and "module 'probe'" in r.json()["detail"]
    r = await papi.get("/api/v1/orgs/999999/probe/ping", as_="root")
    assert r.status_code == 404 and "org 999999" in r.json()["detail"]


async def test_hook_register_pages(manager, settings, world):
    from tenants.modules.services import ModuleService

    from core.auth.tokens import Principal

    def as_root(app):  # what the console's session middleware does for a logged-in platform admin
        async def middleware(scope, receive, send):
            if scope.get("headers") and (b"x-anonymous", b"1") not in scope["headers"]:
                scope["user"] = Principal(world.users["root"], "root")
            await app(scope, receive, send)
        return middleware

    app = Litestar(route_handlers=page_routers(manager), middleware=[as_root],
                   state=State({"db": Database(settings.effective_database_url), "plugins": manager}))
    async with AsyncTestClient(app=app) as client:
        r = await client.get(f"/orgs/{world.orgs['A']}/probe/hello", headers={"x-anonymous": "1"})
        assert r.status_code == 401  # an anonymous visitor learns nothing of where the module is on
        r = await client.get(f"/orgs/{world.orgs['A']}/probe/hello")
        assert r.status_code == 404 and "module 'probe' is not enabled" in r.text
        db = Database(settings.effective_database_url)
        async with db.session() as session:
            org = await session.get(OrgUnit, world.orgs["A"])
            await ModuleService(session, manager).set(org, "probe", True, None, None)
            await session.commit()
        await db.dispose()
        r = await client.get(f"/orgs/{world.orgs['A1']}/probe/hello")  # grids inherit
        assert r.status_code == 200 and f"org {world.orgs['A1']}" in r.text


async def test_hook_register_permissions(papi):
    authz = papi.client.app.state.authz
    a1, d = papi.world.paths["A1"], papi.world.paths["D"]
    # the probe's register_permissions grant
    assert authz.enforce(papi.world.users["gA1"], a1, "probe:secret", "approve")
    assert not authz.enforce(papi.world.users["wA"], papi.world.paths["A"], "probe:secret", "approve")
    # the reception example's policy.csv, merged at start-up; extra_grants survive every reload
    assert ("community_secretary", "*", "reception:*", "*") in authz.extra_grants
    assert authz.enforce(papi.world.users["secA"], papi.world.paths["A"], "reception:visit", "create")
    assert not authz.enforce(papi.world.users["gA1"], a1, "reception:visit", "create")
    assert not authz.enforce(papi.world.users["nobody"], d, "reception:visit", "read")


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_hook_register_actors(papi, calls):
    broker = papi.client.app.state.broker
    assert broker.get_actor("probe.touch").actor_name == "probe.touch"
    from probe_plugin import probe_touch

    probe_touch.send(papi.org("A"), "hello")
    for _ in range(100):  # the embedded in-process worker runs it
        if ("job", (papi.org("A"), "hello")) in calls:
            break
        await asyncio.sleep(0.05)
    assert ("job", (papi.org("A"), "hello")) in calls


async def test_hook_register_schedules(papi, manager):
    from dramatiq.brokers.stub import StubBroker

    from core.jobs import start_jobs
    from core.jobs._scheduler import FiringLock, fire

    await enable(papi, "s1", "probe")
    await enable(papi, "B", "probe", False)
    broker = await asyncio.to_thread(start_jobs, papi.settings.__class__(env="test", data_dir=papi.settings.data_dir),
                                     manager.actors())
    assert isinstance(broker, StubBroker)
    schedule = next(s for pid, s in manager.schedules() if pid == "probe")
    assert (schedule.cron, schedule.actor_name) == ("0 20 * * *", "probe.touch")
    lock = FiringLock(papi.settings)
    sent = await asyncio.to_thread(fire, papi.settings, manager, lock, "probe", schedule, 1000)
    # s1, A and its grids A1, A2 (B is off, and so is its grid B1)
    assert sent == 4
    messages = [dramatiq.Message.decode(m) for m in broker.queues["default"].queue]
    assert sorted(m.args[0] for m in messages) == sorted(papi.org(n) for n in ("s1", "A", "A1", "A2"))
    assert {(m.actor_name, tuple(m.kwargs.items())) for m in messages} == {("probe.touch", (("tag", "nightly"),))}
    assert await asyncio.to_thread(fire, papi.settings, manager, lock, "probe", schedule, 1000) == 0


class _OrgSession:
    """A session of the test's own engine (the app's engine lives on the test client's loop)."""

    def __init__(self, papi, name):
        self.papi, self.name = papi, name

    async def __aenter__(self):
        self.db = Database(self.papi.settings.effective_database_url)
        self.cm = self.db.session()
        session = await self.cm.__aenter__()
        set_scope(session, None)
        return session, await session.get(OrgUnit, self.papi.org(self.name))

    async def __aexit__(self, *exc):
        await self.cm.__aexit__(*exc)
        await self.db.dispose()


async def test_hook_register_nav(papi, calls):
    await enable(papi, "A", "probe")
    pm = papi.client.app.state.plugins
    async with _OrgSession(papi, "A") as (session, org_a):
        org_b = await session.get(OrgUnit, papi.org("B"))
        nav_a = await pm.collect_for_org(session, org_a, "register_nav")
        nav_b = await pm.collect_for_org(session, org_b, "register_nav")
    assert "probe" in [n.id for n in nav_a]
    assert "probe" not in [n.id for n in nav_b]
    assert ("register_nav", papi.org("B")) not in calls and ("register_nav", papi.org("A")) in calls


async def test_hook_register_dashboard_cards(papi, calls):
    await enable(papi, "A", "probe")
    await enable(papi, "A", "reception")
    pm = papi.client.app.state.plugins
    async with _OrgSession(papi, "A") as (session, org_a):
        set_scope(session, org_a.path)
        cards = await pm.collect_for_org(session, org_a, "register_dashboard_cards")
        contents = {c.id: await c.load(session, org_a) for c in cards}
        org_d = await session.get(OrgUnit, papi.org("D"))
        assert await pm.collect_for_org(session, org_d, "register_dashboard_cards") == []
    assert contents["probe-card"].figures == [("org", papi.org("A"))]
    assert contents["reception-week"].figures == [("近7天接待人次", 0), ("近7天接待日", 0)]
    assert ("register_dashboard_cards", papi.org("D")) not in calls


async def test_hook_register_exports(manager, papi):
    import io

    from openpyxl import load_workbook

    specs = manager.collect_plugin("probe", "register_exports")
    assert [s.id for s in specs] == ["probe-export"]
    async with _OrgSession(papi, "A") as (session, org_a):
        data = await specs[0].build(session, org_a, {})
    assert load_workbook(io.BytesIO(data)).active["B1"].value == papi.org("A")


async def test_hook_module_enabled(papi, calls):
    r = await enable(papi, "A", "probe", config={"limit": 3})
    assert r.status_code == 200, r.text
    assert ("module_enabled", (papi.org("A"), {"mode": "a", "limit": 3})) in calls
    r = await enable(papi, "A", "probe", config={"limit": 3})  # again: called again, harmless by contract
    assert [c for c in calls if c[0] == "module_enabled"] == [("module_enabled", (papi.org("A"), {"mode": "a", "limit": 3}))] * 2


async def test_hook_module_disabled(papi, calls):
    await enable(papi, "A", "probe")
    r = await enable(papi, "A", "probe", False)
    assert r.status_code == 200 and r.json()["enabled"] is False
    assert ("module_disabled", papi.org("A")) in calls
    calls.clear()
    await enable(papi, "B", "probe", False)  # was never on: nothing to tell
    assert calls == []


async def test_hook_org_created(papi, calls):
    await enable(papi, "A", "probe")
    r = await papi.post("/api/v1/orgs", as_="secA", json={"parent_id": papi.org("A"), "level": "grid",
                                                           "name": "新网格", "code": "NEWGRID1"})
    assert r.status_code == 201, r.text
    assert ("org_created", r.json()["id"]) in calls
    r = await papi.post("/api/v1/orgs", as_="secB", json={"parent_id": papi.org("B"), "level": "grid",
                                                           "name": "另一个", "code": "NEWGRID2"})
    assert r.status_code == 201, r.text
    assert ("org_created", r.json()["id"]) not in calls


async def test_hook_volunteer_service_recorded(papi, calls):
    from core import events

    await enable(papi, "A", "probe")
    async with _OrgSession(papi, "A") as (session, org_a):
        org_d = await session.get(OrgUnit, papi.org("D"))
        for org in (org_a, org_d):
            await events.volunteer_service_recorded(session, org, person_name="张三", user_id=None, hours=2.5,
                                                    source="patrol", ref="shift-9",
                                                    plugins=papi.client.app.state.plugins)
    got = [c for c in calls if c[0] == "volunteer_service_recorded"]
    assert got == [("volunteer_service_recorded", (papi.org("A"), "张三", 2.5, "patrol", "shift-9"))]


async def test_hook_validate_module_config(papi, calls):
    r = await enable(papi, "A", "probe", config={"mode": "forbidden"})
    assert r.status_code == 422 and "config.mode" in r.text and "not allowed" in r.text
    r = await papi.get(f"/api/v1/orgs/{papi.org('A')}/modules", as_="secA")
    assert next(m for m in r.json() if m["plugin"] == "probe")["enabled"] is False  # nothing written
    # the reception example vetoes weekend reception days for a street
    r = await enable(papi, "s1", "reception", config={"weekday": 6})
    assert r.status_code == 422, r.text
    assert r.json()["extra"]["field"] == "config.weekday"
