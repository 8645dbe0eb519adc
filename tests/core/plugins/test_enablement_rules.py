"""Enablement rules that need a plugin with a dependency: the probe and a plugin needing it."""

from __future__ import annotations

import types

import pytest
import probe_plugin

from core.plugins import InstalledPlugin, PluginError, PluginManager, PluginManifest, check_requires_core

# fixtures of the probe plugin, shared by the plugin tests
calls, manager, papi = probe_plugin.calls, probe_plugin.manager, probe_plugin.papi
enable = probe_plugin.enable


async def test_enabling_a_plugin_whose_dependency_is_off_is_409_naming_it(papi):
    r = await enable(papi, "A", "needy", as_="secA")
    assert r.status_code == 409, r.text
    assert "'probe'" in r.json()["detail"] and r.json()["extra"]["dependency"] == "probe"
    assert (await enable(papi, "s1", "probe", as_="sa1")).status_code == 200  # inherited by A
    assert (await enable(papi, "A", "needy", as_="secA")).status_code == 200


def test_requires_core_is_checked_with_a_clear_error():
    manifest = PluginManifest(id="old", title_zh="旧", title_en="Old", version="2.0", requires_core=">=2,<3")
    with pytest.raises(PluginError, match=r"'old' 2.0 requires shequ core >=2,<3, but this is core 0.1.0"):
        check_requires_core(manifest, "0.1.0")
    check_requires_core(manifest, "2.1.0")
    module = types.ModuleType("old_plugin")
    module.manifest = manifest
    with pytest.raises(PluginError, match="requires shequ core"):
        PluginManager([InstalledPlugin("old", module, object())])


def test_start_up_refuses_unknown_hooks_missing_dependencies_and_bad_manifests():
    from core.plugins import hookimpl

    class Typo:
        @hookimpl
        def register_rutes(self):
            return []

    module = types.ModuleType("typo_plugin")
    module.manifest = PluginManifest(id="typo", title_zh="错", title_en="Typo", version="1")
    with pytest.raises(PluginError) as typo:
        PluginManager([InstalledPlugin("typo", module, Typo())])
    # one line that names the plugin, the hook and what was probably meant
    assert str(typo.value) == ("plugin 'typo' implements 'register_rutes', which is not a shequ hook; did you "
                               "mean 'register_routes'? (every hook is listed in docs/plugins.md)")

    class BadArgument:
        @hookimpl
        def register_nav(self, org, colour):
            return []

    with pytest.raises(PluginError, match=r"^plugin 'typo': .*colour[^\n]*$"):
        PluginManager([InstalledPlugin("typo", module, BadArgument())])
    twin = types.ModuleType("typo_twin")
    twin.manifest = module.manifest
    with pytest.raises(PluginError, match=r"^two plugins are installed with the id 'typo' \(typo_plugin and "
                                          r"typo_twin\): uninstall one of them$"):
        PluginManager([InstalledPlugin("typo", module, object()), InstalledPlugin("typo", twin, object())])
    module.manifest = PluginManifest(id="typo", title_zh="错", title_en="Typo", version="1", depends_on=("ghost",))
    with pytest.raises(PluginError, match="ghost"):
        PluginManager([InstalledPlugin("typo", module, object())])
    with pytest.raises(PluginError, match="must match"):
        PluginManifest(id="Bad-Id", title_zh="x", title_en="x", version="1")
    with pytest.raises(PluginError, match="entry point 'other'"):
        PluginManager([InstalledPlugin("other", module, object())])


def test_per_org_callers_are_cached_per_disabled_set(manager):
    first = manager.caller("register_nav", {"probe"})
    assert manager.caller("register_nav", ["probe"]) is first
    assert manager.caller("register_nav", {"probe", "needy"}) is not first
    names = [impl.plugin_name for impl in first.get_hookimpls()]
    assert names == ["probe"]
