"""Module enablement: the nearest explicit setting on an org's path wins; the city allows or forbids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jsonschema
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Conflict, Invalid, NotFound
from core.plugins import PluginManager, PluginManifest, get_plugin_manager, set_enablement
from tenants.models import OrgModule, OrgUnit


@dataclass(frozen=True)
class ModuleState:
    """A plugin's effective state at an org and the org whose setting decided it."""

    plugin: str
    enabled: bool
    source_org_id: int | None
    source_level: str | None
    config: dict[str, Any]
    allowed: bool


def validate_config(manifest: PluginManifest, config: dict[str, Any]) -> None:
    """Raise Invalid naming the first offending field unless ``config`` fits the plugin's schema."""
    validator = jsonschema.Draft7Validator(manifest.config_schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        path = ".".join(str(p) for p in err.absolute_path)
        if err.validator == "additionalProperties" and not path:
            extra = sorted(set(config) - set(manifest.config_schema.get("properties", {})))
            path = extra[0] if extra else ""
        field = "config" + (f".{path}" if path else "")
        raise Invalid(N_("{plugin} config: {field}: {problem}"), field=field,
                      params={"plugin": manifest.id, "problem": err.message})


class ModuleService:
    """Reads and changes which modules are on at an org."""

    def __init__(self, session: AsyncSession, plugins: PluginManager | None = None) -> None:
        self.session = session
        self.plugins = plugins or get_plugin_manager()

    async def _rows(self, org: OrgUnit, plugin_id: str | None = None) -> dict[tuple[int, str], OrgModule]:
        query = select(OrgModule).where(OrgModule.org_id.in_(org.ancestor_ids()))
        if plugin_id is not None:
            query = query.where(OrgModule.plugin == plugin_id)
        rows = (await self.session.execute(query)).scalars().all()
        return {(r.org_id, r.plugin): r for r in rows}

    def _state(self, org: OrgUnit, manifest: PluginManifest, rows: dict, levels: dict[int, str]) -> ModuleState:
        ids = org.ancestor_ids()
        city_row = rows.get((ids[0], manifest.id))
        allowed = city_row is None or city_row.enabled
        defaults = dict(manifest.default_config)
        if not allowed:
            return ModuleState(manifest.id, False, ids[0], "city", defaults, False)
        # The city's row only allows or forbids, unless the plugin can be enabled at city level.
        candidates = ids if "city" in manifest.levels else ids[1:]
        for org_id in reversed(candidates):
            row = rows.get((org_id, manifest.id))
            if row is not None:
                return ModuleState(manifest.id, row.enabled, org_id, levels[org_id],
                                   {**defaults, **(row.config or {})}, True)
        return ModuleState(manifest.id, False, None, None, defaults, True)

    async def _levels(self, org: OrgUnit) -> dict[int, str]:
        rows = await self.session.execute(select(OrgUnit.id, OrgUnit.level).where(OrgUnit.id.in_(org.ancestor_ids())))
        return dict(rows.all())

    async def effective(self, org: OrgUnit) -> list[ModuleState]:
        """Every installed plugin's effective state at ``org``, sorted by plugin id."""
        rows, levels = await self._rows(org), await self._levels(org)
        return [self._state(org, self.plugins.manifests[pid], rows, levels) for pid in self.plugins.ids]

    async def state(self, org: OrgUnit, plugin_id: str) -> ModuleState:
        """One plugin's effective state at ``org`` (404 when it is not installed)."""
        manifest = self._manifest(plugin_id)
        return self._state(org, manifest, await self._rows(org, plugin_id), await self._levels(org))

    async def is_enabled(self, org: OrgUnit, plugin_id: str) -> bool:
        """Is ``plugin_id`` on at ``org``? False for plugins that are not installed."""
        if plugin_id not in self.plugins.manifests:
            return False
        return (await self.state(org, plugin_id)).enabled

    async def enabled_ids(self, org: OrgUnit) -> set[str]:
        """Ids of the plugins on at ``org``."""
        if not self.plugins.manifests:
            return set()
        return {s.plugin for s in await self.effective(org) if s.enabled}

    async def enabled_below(self, org: OrgUnit) -> set[str]:
        """Ids of the plugins on at some org strictly below ``org`` (whether or not on at ``org``).

        A street or city reads the figures of the communities that run a module even when it
        does not run the module itself; routes marked ``module_scope: subtree`` ask this.
        """
        if not self.plugins.manifests:
            return set()
        found = await self.session.execute(
            select(OrgModule.plugin).join(OrgUnit, OrgUnit.id == OrgModule.org_id)
            .where(OrgModule.enabled.is_(True), OrgUnit.path.startswith(org.path), OrgUnit.id != org.id)
            .distinct()
        )
        forbidden = await self.session.execute(  # the city's "not allowed here" row wins
            select(OrgModule.plugin).where(OrgModule.org_id == org.ancestor_ids()[0],
                                           OrgModule.enabled.is_(False))
        )
        return (set(found.scalars()) - set(forbidden.scalars())) & set(self.plugins.manifests)

    async def is_enabled_in_subtree(self, org: OrgUnit, plugin_id: str) -> bool:
        """Is ``plugin_id`` on at ``org`` or at any org below it?"""
        return await self.is_enabled(org, plugin_id) or plugin_id in await self.enabled_below(org)

    def _manifest(self, plugin_id: str) -> PluginManifest:
        manifest = self.plugins.manifests.get(plugin_id)
        if manifest is None:
            raise NotFound(N_("no plugin '{plugin}' is installed"), field="plugin", params={"plugin": plugin_id})
        return manifest

    async def set(self, org: OrgUnit, plugin_id: str, enabled: bool, config: dict[str, Any] | None,
                  actor_id: int | None) -> ModuleState:
        """Switch ``plugin_id`` on or off at ``org`` explicitly; runs the lifecycle hooks on a change."""
        manifest = self._manifest(plugin_id)
        before = await self.state(org, plugin_id)
        if enabled and org.level != "city":
            if org.level not in manifest.levels:
                raise Invalid(N_("module '{plugin}' can be enabled at {levels} level, not at a {level}"),
                              field="enabled",
                              params={"plugin": plugin_id, "levels": ", ".join(manifest.levels), "level": org.level})
            if not before.allowed:
                raise Conflict(N_("module '{plugin}' is not allowed in this city (org {org})"), field="enabled",
                               params={"plugin": plugin_id, "org": before.source_org_id})
            for dep in manifest.depends_on:
                if not await self.is_enabled(org, dep):
                    raise Conflict(N_("module '{plugin}' needs module '{dependency}', which is not enabled at "
                                      "org {org}"), field="depends_on",
                                   params={"plugin": plugin_id, "dependency": dep, "org": org.id},
                                   extra={"field": "depends_on", "dependency": dep})
        rows = await self._rows(org, plugin_id)
        row = rows.get((org.id, plugin_id))
        new_config = dict(row.config or {}) if row is not None else {}
        if config is not None:
            new_config = dict(config)
        merged = {**manifest.default_config, **new_config}
        validate_config(manifest, merged)
        await self.plugins.acall_plugin(plugin_id, "validate_module_config", org=org, config=merged)
        if row is None:
            row = OrgModule(org_id=org.id, plugin=plugin_id, enabled=enabled, config=new_config, changed_by=actor_id)
            self.session.add(row)
        else:
            row.enabled, row.config, row.changed_by = enabled, new_config, actor_id
        await self.session.flush()
        after = await self.state(org, plugin_id)
        if after.enabled:
            # Also on re-enable and on a config change: seeding is idempotent by contract.
            await self.plugins.acall_plugin(plugin_id, "module_enabled", org=org, session=self.session,
                                            config=after.config)
        elif before.enabled:
            await self.plugins.acall_plugin(plugin_id, "module_disabled", org=org, session=self.session)
        return after

    async def enabled_orgs(self, plugin_id: str) -> list[OrgUnit]:
        """Every org where ``plugin_id`` is on (for the scheduler), parents before children."""
        manifest = self._manifest(plugin_id)
        rows = (await self.session.execute(select(OrgModule).where(OrgModule.plugin == plugin_id))).scalars()
        by_org = {(r.org_id, r.plugin): r for r in rows}
        orgs = (await self.session.execute(select(OrgUnit).order_by(OrgUnit.path))).scalars().all()
        levels = {o.id: o.level for o in orgs}
        return [o for o in orgs if self._state(o, manifest, by_org, levels).enabled]


class _Enablement:
    """The plugin manager's view of enablement (``core.plugins.set_enablement``)."""

    async def enabled_ids(self, session, org: OrgUnit, plugins: PluginManager) -> set[str]:
        """Ids of the plugins on at ``org``."""
        return await ModuleService(session, plugins).enabled_ids(org)

    async def enabled_below(self, session, org: OrgUnit, plugins: PluginManager) -> set[str]:
        """Ids of the plugins on strictly below ``org``."""
        return await ModuleService(session, plugins).enabled_below(org)


set_enablement(_Enablement())
