"""Request and response types of module enablement and the plugin catalog."""

from __future__ import annotations

from typing import Any

import msgspec


class ModuleUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Switch a module on or off at an org; ``config`` replaces the org's stored config."""

    enabled: bool
    config: dict[str, Any] | None = None


class ModuleRead(msgspec.Struct):
    """A module's effective state at an org and where it comes from."""

    plugin: str
    title_zh: str
    title_en: str
    enabled: bool
    allowed: bool
    source_org_id: int | None
    source_level: str | None
    inherited: bool
    config: dict[str, Any]


class PluginRead(msgspec.Struct):
    """One installed plugin in the catalog."""

    id: str
    title_zh: str
    title_en: str
    version: str
    description: str
    requires_core: str
    depends_on: list[str]
    levels: list[str]
    config_schema: dict[str, Any]
    default_config: dict[str, Any]
