"""The app the browser tests run under granian: installed plugins replaced by one tiny test plugin.

``granian --interface asgi --factory --working-dir tests/web _server:create_app``. A fixed
plugin set keeps the browser tests independent of whichever plugins are installed.
"""

from __future__ import annotations

import types

from core.app import create_app as core_create_app
from core.plugins import (
    CardContent,
    DashboardCard,
    ExportSpec,
    InstalledPlugin,
    NavItem,
    PluginManager,
    PluginManifest,
    hookimpl,
    set_plugin_manager,
)

MANIFEST = PluginManifest(
    id="webtest",
    title_zh="测试模块",
    title_en="Test module",
    version="0.1.0",
    description="",
    requires_core=">=0.1,<1",
    depends_on=(),
    levels=("community",),
    config_schema={
        "type": "object",
        "properties": {
            "greeting": {"type": "string", "title": "greeting", "maxLength": 20},
            "shifts": {"type": "integer", "title": "shifts", "minimum": 1, "maximum": 5},
            "public": {"type": "boolean", "title": "public"},
        },
        "additionalProperties": False,
    },
    default_config={"greeting": "hi", "shifts": 2, "public": False},
)


async def load_card(session, org) -> CardContent:
    """Figures and a line chart, as a plugin's dashboard card would give them."""
    return CardContent(
        figures=[("本周值班", 6)],
        chart={
            "kind": "line",
            "labels": ["周一", "周二", "周三"],
            "series": [{"name": "值班人数", "values": [1, 2, 3]}],
        },
    )


class Hooks:
    """The test plugin contributes one navigation item and one dashboard card."""

    @hookimpl
    def register_dashboard_cards(self, org):
        """One card with a chart."""
        return [DashboardCard(id="webtest", title_zh="值班统计", title_en="Shifts", load=load_card)]

    @hookimpl
    def register_exports(self):
        """One export that takes two seconds."""
        return [
            ExportSpec(
                id="webtest.sheet",
                title_zh="值班表",
                title_en="Shift sheet",
                build=build_sheet,
                permission=("webtest:sheet", "export"),
            )
        ]

    @hookimpl
    def register_nav(self, org):
        """A link to the plugin's (absent) page."""
        return [
            NavItem(
                id="webtest", label_zh="测试模块页", label_en="Test module page", path="webtest/"
            )
        ]


async def build_sheet(session, org, params) -> bytes:
    """A small workbook that stops half-way until the test opens the gate (a file in the data
    directory), so the job page is sure to be seen with its progress bar."""
    import asyncio
    import io

    from openpyxl import Workbook

    from core.jobs import job_settings
    from core.jobs.progress import report_progress

    gate = job_settings().data_dir / "export-gate"
    book = Workbook()
    book.active.append([org.name, params.get("start", "")])
    report_progress(1, 2, "Building the spreadsheet")
    for _ in range(600):
        if gate.exists():
            break
        await asyncio.sleep(0.05)
    report_progress(2, 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def create_app():
    """The real app with only the test plugin installed."""
    module = types.ModuleType("shequ_webtest")
    module.manifest = MANIFEST
    set_plugin_manager(PluginManager([InstalledPlugin(id="webtest", module=module, hooks=Hooks())]))
    return core_create_app()


def create_patrol_app():
    """The real app with only the patrol plugin installed (tests/web/test_patrol_browser.py)."""
    import plugins.patrol

    set_plugin_manager(PluginManager([InstalledPlugin(id="patrol", module=plugins.patrol)]))
    return core_create_app()


def create_party_app():
    """The real app with the party plugin (tests/web/test_party_browser.py)."""
    import plugins.party

    set_plugin_manager(PluginManager([InstalledPlugin(id="party", module=plugins.party)]))
    return core_create_app()


def create_demands_app():
    """The real app with only the demands plugin installed (tests/web/test_demands_browser.py)."""
    import plugins.demands

    set_plugin_manager(PluginManager([InstalledPlugin(id="demands", module=plugins.demands)]))
    return core_create_app()


def create_children_app():
    """The real app with only the children plugin installed (tests/web/test_children_browser.py)."""
    import plugins.children

    set_plugin_manager(PluginManager([InstalledPlugin(id="children", module=plugins.children)]))
    return core_create_app()


def create_supermarket_app():
    """The real app with only the supermarket plugin (tests/web/test_supermarket_browser.py)."""
    import plugins.supermarket

    set_plugin_manager(
        PluginManager([InstalledPlugin(id="supermarket", module=plugins.supermarket)])
    )
    return core_create_app()
