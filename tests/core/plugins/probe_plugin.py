"""A probe plugin that records every hook call, installed next to the real plugins (import its fixtures)."""

from __future__ import annotations

import io
import types
from typing import Any

import pytest
from litestar import get
from litestar.response import Response
from litestar.testing import AsyncTestClient

from core.errors import Invalid
from core.people import PersonPanel, TagDef
from core.privacy import Purpose
from core.jobs import actor
from core.plugins import (
    CardContent,
    DashboardCard,
    ExportSpec,
    InstalledPlugin,
    NavItem,
    PluginManager,
    PluginManifest,
    Schedule,
    hookimpl,
    installed_plugins,
    set_plugin_manager,
)

CALLS: list[tuple[str, Any]] = []


@actor(actor_name="probe.touch", max_retries=0)
def probe_touch(org_id: int, tag: str) -> None:
    """Record that the job ran."""
    CALLS.append(("job", (org_id, tag)))


@actor(actor_name="probe.explode", max_retries=1, min_backoff=10, max_backoff=20)
def probe_explode(org_id: int) -> None:
    """Always fail, to reach the dead-letter list."""
    CALLS.append(("explode", org_id))
    raise RuntimeError("probe exploded")


@get("/ping", sync_to_thread=False)
def ping(org_id: int) -> dict:
    return {"plugin": "probe", "org_id": org_id}


@get("/hello", sync_to_thread=False)
def hello_page(org_id: int) -> Response:
    return Response(f"<p>probe page for org {org_id}</p>", media_type="text/html")


async def _card(session, org) -> CardContent:
    return CardContent(figures=[("org", org.id)], chart={"kind": "bar", "labels": ["a"], "series": [{"name": "n", "values": [1]}]})


async def _panel(session, person) -> dict:
    return {"rows": [("探针次数", f"probe-visits-{person.id}")]}


async def _export(session, org, params) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["org", org.id])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ProbeHooks:
    """Hook implementations that record what core called, with which org."""

    @hookimpl
    def register_routes(self):
        return [ping]

    @hookimpl
    def register_pages(self):
        return [hello_page]

    @hookimpl
    def register_permissions(self):
        return [("grid_worker", "*", "probe:secret", "approve")]

    @hookimpl
    def register_actors(self):
        return [probe_touch, probe_explode]

    @hookimpl
    def register_schedules(self):
        return [Schedule(id="nightly", cron="0 20 * * *", actor_name="probe.touch", kwargs={"tag": "nightly"})]

    @hookimpl
    def register_nav(self, org):
        CALLS.append(("register_nav", org.id))
        return [NavItem(id="probe", label_zh="探针", label_en="Probe", path="probe/")]

    @hookimpl
    async def register_dashboard_cards(self, org):
        CALLS.append(("register_dashboard_cards", org.id))
        return [DashboardCard(id="probe-card", title_zh="探针", title_en="Probe", load=_card)]

    @hookimpl
    def register_exports(self):
        return [ExportSpec(id="probe-export", title_zh="探针导出", title_en="Probe export", build=_export)]

    @hookimpl
    async def module_enabled(self, org, session, config):
        CALLS.append(("module_enabled", (org.id, dict(config))))

    @hookimpl
    def module_disabled(self, org, session):
        CALLS.append(("module_disabled", org.id))

    @hookimpl
    def org_created(self, org, session):
        CALLS.append(("org_created", org.id))

    @hookimpl
    async def volunteer_service_recorded(self, org, session, person_name, user_id, hours, source, ref):
        CALLS.append(("volunteer_service_recorded", (org.id, person_name, hours, source, ref)))

    @hookimpl
    async def volunteer_service_reversed(self, org, session, source, ref):
        CALLS.append(("volunteer_service_reversed", (org.id, source, ref)))

    @hookimpl
    def register_person_tags(self):
        return [TagDef("probe_tag", "探针标签", "Probe tag", sensitive=True, retention_days=30)]

    @hookimpl
    def register_consent_purposes(self):
        return [Purpose("probe_purpose", "探针用途", "Probe purpose")]

    @hookimpl
    def register_person_panels(self, org):
        CALLS.append(("register_person_panels", org.id))
        return [PersonPanel(id="probe-panel", title_zh="探针面板", title_en="Probe panel", load=_panel)]

    @hookimpl
    async def collect_person_data(self, session, person):
        CALLS.append(("collect_person_data", person.id))
        return {"visits": 3, "person_id": person.id}

    @hookimpl
    async def person_erased(self, session, person_id):
        CALLS.append(("person_erased", person_id))

    @hookimpl
    def validate_module_config(self, org, config):
        if config.get("mode") == "forbidden":
            raise Invalid("mode 'forbidden' is not allowed here", field="config.mode")


class NeedyHooks:
    """A plugin with no hook implementations."""


def _module(name: str, manifest: PluginManifest) -> types.ModuleType:
    module = types.ModuleType(name)
    module.manifest = manifest
    return module


PROBE = _module("probe_plugin", PluginManifest(
    id="probe", title_zh="探针", title_en="Probe", version="1.0.0", requires_core=">=0.1",
    levels=("street", "community", "grid"),
    config_schema={"type": "object", "properties": {"mode": {"type": "string", "enum": ["a", "b", "forbidden"]},
                                                   "limit": {"type": "integer", "minimum": 1}},
                   "additionalProperties": False},
    default_config={"mode": "a"},
))
NEEDY = _module("needy_plugin", PluginManifest(
    id="needy", title_zh="依赖", title_en="Needy", version="1.0.0", depends_on=("probe",), levels=("community",)))


def probe_manager() -> PluginManager:
    """The installed plugins plus the probe and a plugin depending on it."""
    return PluginManager([*installed_plugins(), InstalledPlugin("probe", PROBE, ProbeHooks()),
                          InstalledPlugin("needy", NEEDY, NeedyHooks())])


@pytest.fixture
def calls() -> list:
    """The hook calls recorded by the probe during this test."""
    CALLS.clear()
    return CALLS


@pytest.fixture
def manager():
    """The probe plugin manager, installed as the process's manager for the test."""
    pm = probe_manager()
    set_plugin_manager(pm)
    yield pm
    set_plugin_manager(None)


@pytest.fixture
async def papi(manager, settings, world, calls):
    """An Api over an app whose plugin manager includes the probe."""
    from shequ_testing import Api  # tests/conftest.py

    from core.app import create_app

    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, world, settings)


def enable(api, org: str, plugin: str, enabled: bool = True, config: dict | None = None, as_: str = "root"):
    """PUT a module state at a world org."""
    body: dict[str, Any] = {"enabled": enabled}
    if config is not None:
        body["config"] = config
    return api.put(f"/api/v1/orgs/{api.org(org)}/modules/{plugin}", as_=as_, json=body)
