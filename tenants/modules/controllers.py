"""HTTP routes of module enablement and the plugin catalog."""

from __future__ import annotations

from litestar import Controller, get, put

from core.context import RequestContext
from core.plugins import PluginManager, PluginManifest
from tenants.modules.schemas import ModuleRead, ModuleUpdate, PluginRead
from tenants.modules.services import ModuleService, ModuleState

OBJ = "core:module"


def _manager(ctx: RequestContext) -> PluginManager:
    return ctx.state.plugins


def module_read(state: ModuleState, manifest: PluginManifest, org_id: int) -> ModuleRead:
    """The API shape of a module state at ``org_id``."""
    return ModuleRead(state.plugin, manifest.title_zh, manifest.title_en, state.enabled, state.allowed,
                      state.source_org_id, state.source_level,
                      state.source_org_id is not None and state.source_org_id != org_id, state.config)


def plugin_read(m: PluginManifest) -> PluginRead:
    """The API shape of a manifest."""
    return PluginRead(m.id, m.title_zh, m.title_en, m.version, m.description, m.requires_core,
                      list(m.depends_on), list(m.levels), m.config_schema, m.default_config)


@get("/plugins", operation_id="ListPlugins", tags=["modules"])
async def list_plugins(ctx: RequestContext) -> list[PluginRead]:
    """The catalog: every installed plugin's manifest."""
    manager = _manager(ctx)
    return [plugin_read(manager.manifests[pid]) for pid in manager.ids]


class ModuleController(Controller):
    """Which modules are on at an org, and switching them."""

    path = "/orgs/{org_id:int}/modules"
    tags = ["modules"]

    @get("/", operation_id="ListOrgModules")
    async def list_modules(self, ctx: RequestContext, org_id: int) -> list[ModuleRead]:
        """Every installed module's effective state here and the org it comes from."""
        org = await ctx.enter_org(org_id, OBJ, "read")
        manager = _manager(ctx)
        states = await ModuleService(ctx.session, manager).effective(org)
        return [module_read(s, manager.manifests[s.plugin], org.id) for s in states]

    @put("/{plugin:str}", operation_id="SetOrgModule")
    async def set_module(self, ctx: RequestContext, org_id: int, plugin: str, data: ModuleUpdate) -> ModuleRead:
        """Switch a module on or off here (and below, unless a lower org says otherwise)."""
        org = await ctx.enter_org(org_id, OBJ, "update")
        manager = _manager(ctx)
        state = await ModuleService(ctx.session, manager).set(org, plugin, data.enabled, data.config, ctx.user.id)
        await ctx.audit("module.enable" if data.enabled else "module.disable", org, "module", plugin,
                        {"config": state.config})
        return module_read(state, manager.manifests[plugin], org.id)
