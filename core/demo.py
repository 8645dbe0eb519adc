"""The demo city of ``shequ demo``: provision it, switch every installed module on, seed a year.

The city is an ordinary provisioning document (``demo_city.yaml``). Every installed module is
then switched on at the level it allows (one street switches patrol on for all its
communities, one community runs patrol alone, to show that modules are a choice), and each
module fills in a plausible year through its ``demo_seeded`` hook. Re-running changes
nothing: a module is seeded only at the communities where this run switched it on.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select

from core.db import Database
from core.settings import Settings
from core.statecache import open_database
from tenants.models import OrgUnit
from tenants.scoping import set_scope, unscoped

DEMO_DOCUMENT = Path(__file__).with_name("demo_city.yaml")
DEMO_ADMIN = ("admin", "admin-demo1")
# A street that switches patrol on for all its communities (the street-level switch).
STREET_WIDE = {"370782002": ("patrol",)}
# A community that runs only these modules (the others are on everywhere else).
ONLY = {"370782001004": ("patrol",)}

log = logging.getLogger(__name__)


@dataclass
class DemoResult:
    """What ``seed_demo`` did: the printed logins, where modules were seeded, what failed."""

    logins: list[tuple[str, str, str, str]] = field(default_factory=list)
    seeded: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def demo_logins(raw: bytes) -> list[tuple[str, str, str, str]]:
    """(username, password, role, org name) of every account the demo document creates."""
    logins = [(DEMO_ADMIN[0], DEMO_ADMIN[1], "platform_admin", "*")]

    def walk(nodes):
        for node in nodes:
            for a in node.get("admins", []):
                logins.append((a["username"], a["password"], a["role"], node["name"]))
            walk(node.get("children", []))

    walk(yaml.safe_load(raw)["nodes"])
    return logins


def _targets(manifest, communities: list[OrgUnit], streets: list[OrgUnit]) -> list[OrgUnit]:
    """The orgs where the demo switches ``manifest``'s module on explicitly."""
    pid = manifest.id
    if "community" in manifest.levels:
        wide = [
            s for s in streets if pid in STREET_WIDE.get(s.code, ()) and "street" in manifest.levels
        ]
        covered = tuple(s.path for s in wide)
        return wide + [
            c
            for c in communities
            if not (covered and c.path.startswith(covered)) and pid in ONLY.get(c.code, (pid,))
        ]
    if "street" in manifest.levels:
        return streets
    return []


async def _switch_on(db: Database, plugins, say: Callable[[str], None]) -> dict[int, set[str]]:
    """Switch modules on as planned; return, per community id, the modules that just came on."""
    from tenants.modules.services import ModuleService

    async with db.session() as session:
        async with unscoped(session, "the demo seeder reads the whole demo city"):
            orgs = (await session.execute(select(OrgUnit).order_by(OrgUnit.path))).scalars().all()
            city = next(o for o in orgs if o.level == "city" and o.code == "370782")
            mine = [o for o in orgs if o.path.startswith(city.path)]
            communities = [o for o in mine if o.level == "community"]
            streets = [o for o in mine if o.level == "street"]
            modules = ModuleService(session, plugins)
            before = {c.id: await modules.enabled_ids(c) for c in communities}
    for pid in plugins.ids:
        for org in _targets(plugins.manifests[pid], communities, streets):
            async with db.session() as session:
                set_scope(session, org.path)
                target = await session.get(OrgUnit, org.id)
                modules = ModuleService(session, plugins)
                if (await modules.state(target, pid)).source_org_id == org.id:
                    continue  # switched on (or off) here already: the operator's choice stands
                try:
                    await modules.set(target, pid, True, None, actor_id=None)
                    await session.commit()
                except Exception as exc:  # noqa: BLE001 - one module must not stop the demo
                    await session.rollback()
                    say(f"warning: could not switch {pid} on at {org.name}: {exc}")
    async with db.session() as session:
        async with unscoped(session, "the demo seeder reads the whole demo city"):
            modules = ModuleService(session, plugins)
            return {c.id: await modules.enabled_ids(c) - before[c.id] for c in communities}


async def _seed_year(db: Database, plugins, org_id: int, pid: str) -> None:
    """Run one module's ``demo_seeded`` at one community, in its own transaction."""
    async with db.session() as session:
        async with unscoped(session, "the demo seeder looks up the community"):
            org = await session.get(OrgUnit, org_id)
            path, code = org.path, org.code
        set_scope(session, path)
        org = await session.get(OrgUnit, org_id)
        rng = random.Random(f"{code}:{pid}")
        await plugins.acall_plugin(pid, "demo_seeded", org=org, session=session, rng=rng)
        await session.commit()


async def seed_demo(settings: Settings, say: Callable[[str], None] = log.warning) -> DemoResult:
    """Migrate, provision the demo city and seed its modules (again harmlessly)."""
    from core.migrations import upgrade_async
    from core.plugins import get_plugin_manager
    from core.users.services import UserService
    from tenants.provisioning import parse_document
    from tenants.provisioning.services import provision

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await upgrade_async(settings.effective_database_url)
    raw = DEMO_DOCUMENT.read_bytes()
    plugins = get_plugin_manager()
    result = DemoResult(logins=demo_logins(raw))
    db = open_database(settings)  # announces user, org and module changes
    try:
        async with db.session() as session:
            async with unscoped(session, "seeding the demo platform"):
                service = UserService(session)
                if await service.by_username(DEMO_ADMIN[0]) is None:
                    await service.create(
                        DEMO_ADMIN[0], DEMO_ADMIN[1], "Platform admin", platform_admin=True
                    )
                await provision(session, None, parse_document(raw, filename=DEMO_DOCUMENT.name))
            await session.commit()
        fresh = await _switch_on(db, plugins, say)
        for org_id, pids in sorted(fresh.items()):
            for pid in sorted(pids):
                try:
                    await _seed_year(db, plugins, org_id, pid)
                except Exception as exc:  # noqa: BLE001 - a module's seeder must not stop the demo
                    log.exception("demo_seeded of %s failed at org %s", pid, org_id)
                    result.problems.append(f"{pid} at org {org_id}: {exc}")
                    say(f"warning: {pid} could not seed its demo records at org {org_id}: {exc}")
                    continue
                result.seeded.setdefault(pid, []).append(str(org_id))
    finally:
        await db.dispose()
    return result
