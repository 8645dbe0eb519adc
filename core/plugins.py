"""Plugin discovery (placeholder until the plugin framework lands)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from types import ModuleType


@dataclass(frozen=True)
class InstalledPlugin:
    """A plugin found through the ``shequ.plugins`` entry-point group."""

    id: str
    module: ModuleType


def installed_plugins() -> list[InstalledPlugin]:
    """Every plugin registered in the ``shequ.plugins`` entry-point group."""
    found = []
    for ep in entry_points(group="shequ.plugins"):
        found.append(InstalledPlugin(id=ep.name, module=ep.load()))
    return found


def import_plugin_models() -> None:
    """Import the ``models`` module of every installed plugin that has one."""
    import importlib

    for plugin in installed_plugins():
        try:
            importlib.import_module(f"{plugin.module.__name__}.models")
        except ModuleNotFoundError as exc:
            if exc.name != f"{plugin.module.__name__}.models":
                raise
