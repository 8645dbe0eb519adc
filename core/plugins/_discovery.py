"""Finding plugins: the ``shequ.plugins`` entry-point group, for built-in and outside plugins alike."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from core.plugins._types import PluginError, PluginManifest

ENTRY_POINT_GROUP = "shequ.plugins"


class _NoHooks:
    """Stands in for a plugin without hooks.py (pluggy needs a hashable object)."""


@dataclass(frozen=True)
class InstalledPlugin:
    """A plugin package; ``hooks`` overrides ``<package>.hooks`` (tests pass an object)."""

    id: str
    module: ModuleType
    hooks: Any = None

    @property
    def manifest(self) -> PluginManifest:
        """The package's ``manifest``; a clear error when it is missing or of the wrong type."""
        manifest = getattr(self.module, "manifest", None)
        if not isinstance(manifest, PluginManifest):
            raise PluginError(f"plugin {self.id!r} ({self.module.__name__}) defines no PluginManifest "
                              "named 'manifest' in its __init__.py")
        if manifest.id != self.id:
            raise PluginError(f"plugin entry point {self.id!r} points at a manifest with id {manifest.id!r}")
        return manifest

    @property
    def folder(self) -> Path | None:
        """The package folder (None for in-memory test plugins)."""
        file = getattr(self.module, "__file__", None)
        return Path(file).resolve().parent if file else None

    def hooks_object(self) -> Any:
        """What to register with pluggy: ``hooks`` if given, else ``<package>.hooks``."""
        if self.hooks is not None:
            return self.hooks
        name = f"{self.module.__name__}.hooks"
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            return _NoHooks()  # a plugin with no hooks is allowed (pure models, say)


def installed_plugins() -> list[InstalledPlugin]:
    """Every plugin registered in the ``shequ.plugins`` entry-point group, sorted by id."""
    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.append(InstalledPlugin(id=ep.name, module=ep.load()))
    return sorted(found, key=lambda p: p.id)


def import_plugin_models() -> None:
    """Import the ``models`` module of every installed plugin that has one."""
    for plugin in installed_plugins():
        name = f"{plugin.module.__name__}.models"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
