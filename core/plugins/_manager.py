"""The plugin manager: pluggy plus manifests, version checks and per-org dispatch."""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Iterable
from typing import Any, Protocol

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

import core.hookspecs
from core import __version__ as CORE_VERSION
from core.plugins._discovery import InstalledPlugin, installed_plugins
from core.plugins._types import PluginError, PluginManifest, Schedule


def check_requires_core(manifest: PluginManifest, core_version: str = CORE_VERSION) -> None:
    """Raise PluginError naming both versions unless ``core_version`` satisfies the plugin."""
    if not manifest.requires_core:
        return
    try:
        spec = SpecifierSet(manifest.requires_core)
    except InvalidSpecifier as exc:
        raise PluginError(f"plugin {manifest.id!r}: requires_core {manifest.requires_core!r} is not "
                          "a version specifier like '>=0.1,<1'") from exc
    if not spec.contains(Version(core_version), prereleases=True):
        raise PluginError(
            f"plugin {manifest.id!r} {manifest.version} requires shequ core {manifest.requires_core}, "
            f"but this is core {core_version}: install a version of the plugin made for this core, "
            "or uninstall it"
        )


async def resolve(value: Any) -> Any:
    """Await ``value`` if an async hook implementation returned a coroutine."""
    return await value if inspect.isawaitable(value) else value


class PluginManager:
    """Every installed plugin, registered with pluggy, plus helpers to call them per org."""

    def __init__(self, plugins: Iterable[InstalledPlugin] | None = None, core_version: str = CORE_VERSION):
        self.pm = pluggy.PluginManager("shequ")
        self.pm.add_hookspecs(core.hookspecs)
        self.plugins: dict[str, InstalledPlugin] = {}
        self.manifests: dict[str, PluginManifest] = {}
        for plugin in installed_plugins() if plugins is None else plugins:
            if plugin.id in self.plugins:
                first = self.plugins[plugin.id].module.__name__
                raise PluginError(f"two plugins are installed with the id {plugin.id!r} ({first} and "
                                  f"{plugin.module.__name__}): uninstall one of them")
            manifest = plugin.manifest
            check_requires_core(manifest, core_version)
            self.plugins[plugin.id] = plugin
            self.manifests[plugin.id] = manifest
            try:
                self.pm.register(plugin.hooks_object(), name=plugin.id)
            except pluggy.PluginValidationError as exc:
                raise PluginError(f"plugin {plugin.id!r}: {' '.join(str(exc).split())}") from None
        for manifest in self.manifests.values():
            missing = [d for d in manifest.depends_on if d not in self.manifests]
            if missing:
                raise PluginError(f"plugin {manifest.id!r} depends on {missing}, which are not installed")
        # A misspelt hook name or argument in any plugin fails start-up, not a request later.
        self._check_hook_names()
        self._subsets: dict[tuple[str, frozenset[str]], Any] = {}

    def _check_hook_names(self) -> None:
        """pluggy's check_pending, as one line naming the plugin, the hook and the likely intent."""
        known = sorted(n for n, hook in vars(self.pm.hook).items()
                       if not n.startswith("_") and hook.has_spec())
        for name, hook in sorted(vars(self.pm.hook).items()):
            if name.startswith("_") or hook.has_spec():
                continue
            for impl in hook.get_hookimpls():
                if impl.optionalhook:
                    continue
                close = difflib.get_close_matches(name, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise PluginError(f"plugin {impl.plugin_name!r} implements {name!r}, which is not a shequ hook"
                                  f"{hint} (every hook is listed in docs/plugins.md)")

    @property
    def hook(self):
        """pluggy's relay over every plugin (for the global register_* hooks)."""
        return self.pm.hook

    @property
    def ids(self) -> list[str]:
        """Installed plugin ids, sorted."""
        return sorted(self.manifests)

    def caller(self, name: str, enabled: Iterable[str]):
        """The hook ``name`` restricted to the ``enabled`` plugins (cached per disabled set)."""
        disabled = frozenset(self.manifests) - frozenset(enabled)
        cache_key = (name, disabled)
        found = self._subsets.get(cache_key)
        if found is None:
            hook = getattr(self.pm.hook, name)
            if not disabled:
                found = hook
            else:
                removed = [self.pm.get_plugin(pid) for pid in disabled]
                found = self.pm.subset_hook_caller(name, remove_plugins=removed)
            self._subsets[cache_key] = found
        return found

    async def call(self, name: str, enabled: Iterable[str], **kwargs: Any) -> list[Any]:
        """Call hook ``name`` on the ``enabled`` plugins; coroutine results are awaited."""
        return [await resolve(r) for r in self.caller(name, enabled)(**kwargs)]

    async def call_for_org(self, session, org, name: str, /, **kwargs: Any) -> list[Any]:
        """Call per-org hook ``name`` on the plugins enabled at ``org`` (``org`` is passed on)."""
        enabled = await _enablement().enabled_ids(session, org, self)
        return await self.call(name, enabled, org=org, **kwargs)

    async def collect_for_org(self, session, org, name: str, /, **kwargs: Any) -> list[Any]:
        """Like call_for_org for a register_* hook: the lists of every plugin, flattened."""
        return [item for result in await self.call_for_org(session, org, name, **kwargs) for item in result or ()]

    async def collect_for_subtree(self, session, org, name: str, /, **kwargs: Any) -> list[Any]:
        """collect_for_org, plus the items marked ``scope="subtree"`` of plugins on only below ``org``."""
        modules = _enablement()
        here = await modules.enabled_ids(session, org, self)
        below = await modules.enabled_below(session, org, self) - here
        items = [item for result in await self.call(name, here, org=org, **kwargs) for item in result or ()]
        if below:
            found = [item for result in await self.call(name, below, org=org, **kwargs) for item in result or ()]
            items.extend(item for item in found if getattr(item, "scope", "org") == "subtree")
        return items

    def call_plugin(self, plugin_id: str, name: str, **kwargs: Any) -> list[Any]:
        """Call hook ``name`` on one plugin only (sync results; coroutines returned as is)."""
        return self.caller(name, [plugin_id])(**kwargs)

    async def acall_plugin(self, plugin_id: str, name: str, **kwargs: Any) -> list[Any]:
        """Call hook ``name`` on one plugin only, awaiting async implementations."""
        return await self.call(name, [plugin_id], **kwargs)

    def collect_plugin(self, plugin_id: str, name: str) -> list[Any]:
        """The flattened list a start-up register_* hook of one plugin returns (must be sync)."""
        items: list[Any] = []
        for result in self.call_plugin(plugin_id, name):
            if inspect.isawaitable(result):
                result.close()
                raise PluginError(f"plugin {plugin_id!r}: {name} runs at start-up and must not be async")
            items.extend(result or ())
        return items

    def grants(self) -> list[tuple[str, str, str, str]]:
        """Every plugin's casbin grants: its policy.csv plus register_permissions."""
        from core.authz._policy import parse_policy_lines

        grants: list[tuple[str, str, str, str]] = []
        for pid, plugin in sorted(self.plugins.items()):
            folder = plugin.folder
            if folder is not None and (folder / "policy.csv").is_file():
                grants.extend(parse_policy_lines((folder / "policy.csv").read_text(encoding="utf-8").splitlines()))
            grants.extend(tuple(g) for g in self.collect_plugin(pid, "register_permissions"))
        for role, _dom, obj, _act in grants:
            if not obj.endswith("*") and ":" not in obj:
                raise PluginError(f"grant for {role!r} on {obj!r}: objects are '<plugin>:<resource>'")
        return grants

    def actors(self) -> list[Any]:
        """Every plugin's job actors."""
        return [a for pid in self.ids for a in self.collect_plugin(pid, "register_actors")]

    def schedules(self) -> list[tuple[str, Schedule]]:
        """Every plugin's periodic jobs, as (plugin id, Schedule)."""
        return [(pid, s) for pid in self.ids for s in self.collect_plugin(pid, "register_schedules")]


class Enablement(Protocol):
    """Which plugins are on at an org: the tenancy layer answers (``tenants.modules``), so this
    layer dispatches per org without importing the layer above it."""

    async def enabled_ids(self, session: Any, org: Any, plugins: PluginManager) -> set[str]:
        """Ids of the plugins on at ``org``."""

    async def enabled_below(self, session: Any, org: Any, plugins: PluginManager) -> set[str]:
        """Ids of the plugins on at some org strictly below ``org``."""


_resolver: Enablement | None = None


def set_enablement(resolver: Enablement) -> None:
    """Install the resolver of per-org enablement (done by ``tenants.modules`` on import)."""
    global _resolver
    _resolver = resolver


def _enablement() -> Enablement:
    if _resolver is None:
        raise RuntimeError("per-org dispatch needs the tenancy layer: import tenants (it registers "
                           "tenants.modules.services as the enablement resolver)")
    return _resolver


_current: PluginManager | None = None


def get_plugin_manager() -> PluginManager:
    """The process's plugin manager (installed plugins), built on first use."""
    global _current
    if _current is None:
        _current = PluginManager()
    return _current


def set_plugin_manager(manager: PluginManager | None) -> None:
    """Replace the process's plugin manager (tests; None rebuilds from entry points on next use)."""
    global _current
    _current = manager
