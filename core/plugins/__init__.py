"""The plugin framework: discovery, manifests, the pluggy manager and per-org dispatch.

Public API (the plugin contract): ``PluginManifest``, ``hookimpl``, ``NavItem``,
``DashboardCard``, ``CardContent``, ``AttentionItem``, ``ExportSpec``, ``Schedule``, ``installed_plugins()``,
``import_plugin_models()``, ``get_plugin_manager()``.
"""

from core.hookspecs import hookimpl
from core.plugins._discovery import ENTRY_POINT_GROUP, InstalledPlugin, import_plugin_models, installed_plugins
from core.plugins._manager import (
    PluginManager,
    check_requires_core,
    get_plugin_manager,
    resolve,
    set_enablement,
    set_plugin_manager,
)
from core.plugins._types import (
    ATTENTION_TONES,
    AttentionItem,
    CardContent,
    DashboardCard,
    ExportSpec,
    NavItem,
    PluginError,
    PluginManifest,
    Schedule,
)

__all__ = [
    "ATTENTION_TONES",
    "ENTRY_POINT_GROUP",
    "AttentionItem",
    "CardContent",
    "DashboardCard",
    "ExportSpec",
    "InstalledPlugin",
    "NavItem",
    "PluginError",
    "PluginManager",
    "PluginManifest",
    "Schedule",
    "check_requires_core",
    "get_plugin_manager",
    "hookimpl",
    "import_plugin_models",
    "installed_plugins",
    "resolve",
    "set_enablement",
    "set_plugin_manager",
]
