"""The console's view of the plugin framework, guarded so the console still works without it.

Per-org hooks go to plugins enabled at that org, and subtree-scoped items to those on below it.
"""

from __future__ import annotations

from typing import Any

from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession

from tenants.models import OrgUnit


def manager(state: State) -> Any | None:
    """The app's PluginManager (``app.state.plugins``), the process's one, or None without plugins."""
    found = getattr(state, "plugins", None)
    if found is not None:
        return found
    try:
        from core.plugins import get_plugin_manager
    except ImportError:
        return None
    return get_plugin_manager()


def catalog(state: State) -> dict[str, Any]:
    """Installed plugins' manifests by id."""
    plugins = manager(state)
    return dict(plugins.manifests) if plugins is not None else {}


def module_service(session: AsyncSession, state: State) -> Any | None:
    """The kernel's ModuleService, or None until the plugin framework is installed."""
    plugins = manager(state)
    if plugins is None:
        return None
    from tenants.modules.services import ModuleService

    return ModuleService(session, plugins)


async def collect_for_org(
    session: AsyncSession, state: State, org: OrgUnit, hook: str
) -> list[Any]:
    """A per-org ``register_*`` hook's items from the plugins enabled at ``org``, plus the items
    marked ``scope="subtree"`` of plugins enabled only below it (a street's view of its
    communities' figures)."""
    plugins = manager(state)
    if plugins is None or not plugins.ids:
        return []
    return await plugins.collect_for_subtree(session, org, hook)
