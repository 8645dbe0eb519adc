"""Plugin pages inside the console: the 404 guard, the cookie session, base.html and the nav hook."""

from __future__ import annotations

import types

import pytest
from litestar import Request, get
from litestar.response import Template
from litestar.testing import AsyncTestClient

from core.context import RequestContext
from core.plugins import (
    InstalledPlugin,
    NavItem,
    PluginManager,
    PluginManifest,
    hookimpl,
    set_plugin_manager,
)
from core.web import page
from web_helpers import Console

MANIFEST = PluginManifest(
    id="pagetest", title_zh="页面测试", title_en="Page test", version="0.1.0", levels=("community",)
)


@get("/")
async def plugin_home(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """A plugin page rendered through the console's helper."""
    org = await ctx.enter_org(org_id, "core:org", "read")
    return await page(request, "pagetest/home.html", ctx, org, greeting="插件页面")


class Hooks:
    @hookimpl
    def register_pages(self):
        return [plugin_home]

    @hookimpl
    def register_nav(self, org):
        return [NavItem(id="pagetest", label_zh="插件页", label_en="Plugin page", path="pagetest/")]


@pytest.fixture
async def plugin_console(settings, world, tmp_path):
    """The app with one plugin whose templates folder holds a page extending base.html."""
    folder = tmp_path / "pagetest_pkg"
    (folder / "templates" / "pagetest").mkdir(parents=True)
    (folder / "templates" / "pagetest" / "home.html").write_text(
        '{% extends "base.html" %}{% block title %}P{% endblock %}'
        '{% block content %}<h1 id="plugin-h1">{{ greeting }}</h1>{% endblock %}'
    )
    module = types.ModuleType("pagetest_pkg")
    module.__file__ = str(folder / "__init__.py")
    module.manifest = MANIFEST
    set_plugin_manager(
        PluginManager([InstalledPlugin(id="pagetest", module=module, hooks=Hooks())])
    )
    try:
        from core.app import create_app

        async with AsyncTestClient(app=create_app(settings)) as client:
            yield Console(client)
    finally:
        set_plugin_manager(None)


async def test_plugin_page_is_guarded_then_renders_in_the_console_layout(plugin_console, world):
    a = world.orgs["A"]
    await plugin_console.login("secA")
    r = await plugin_console.client.get(f"/orgs/{a}/pagetest/")
    assert r.status_code == 404 and "页面不存在" in r.text  # module off: the console's 404 page
    modules = f"/orgs/{a}/modules"
    r = await plugin_console.post_form(modules, f"{modules}/pagetest", {"enabled": "on"})
    assert r.status_code == 303
    r = await plugin_console.client.get(f"/orgs/{a}/pagetest/")
    assert r.status_code == 200
    assert '<h1 id="plugin-h1">插件页面</h1>' in r.text and 'data-nav="pagetest"' in r.text
    assert 'href="/static/console.css"' in r.text  # base.html wraps it
    other = await plugin_console.client.get(f"/orgs/{world.orgs['B']}/pagetest/")
    # secA holds no role at B: the guard answers 403 before saying whether the module is on there
    assert other.status_code == 403


async def test_plugin_page_needs_login(plugin_console, world):
    a = world.orgs["A"]
    await plugin_console.login("secA")
    modules = f"/orgs/{a}/modules"
    await plugin_console.post_form(modules, f"{modules}/pagetest", {"enabled": "on"})
    plugin_console.client.cookies.clear()
    r = await plugin_console.client.get(f"/orgs/{a}/pagetest/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
