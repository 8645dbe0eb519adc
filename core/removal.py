"""Removing a plugin safely: switch it off everywhere, then keep or archive its data.

After ``shequ plugins remove ID`` the package can be uninstalled: the app starts and
``shequ db upgrade`` finishes. With the data kept, the plugin's tables and its row in
``alembic_version`` stay; the migration environment skips that orphaned revision with a
warning (core/migrations/env.py) and picks it up again if the package comes back. With
``--archive`` the rows go to a JSON file and the plugin's branch is downgraded to base, which
drops its tables and its revision.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from core.db import Database
from core.settings import Settings
from core.statecache import open_database
from tenants.models import OrgModule, OrgUnit
from tenants.scoping import unscoped


def plugin_tables(plugin_id: str) -> list[Any]:
    """The tables of an installed plugin's models, parents before children."""
    from core.db import Base
    from core.models import load_all_models
    from core.plugins import get_plugin_manager

    load_all_models()
    package = get_plugin_manager().plugins[plugin_id].module.__name__
    mine = {m.local_table.name for m in Base.registry.mappers
            if m.class_.__module__.startswith(package + ".") or m.class_.__module__ == package}
    return [t for t in Base.metadata.sorted_tables if t.name in mine]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


async def _archive(db: Database, plugin_id: str, path: Path) -> dict[str, int]:
    """Write every row of the plugin's tables to ``path`` (JSON: table -> rows)."""
    dump: dict[str, list[dict[str, Any]]] = {}
    async with db.session() as session:
        async with unscoped(session, "archiving a removed plugin's rows across the whole platform"):
            for table in plugin_tables(plugin_id):
                rows = (await session.execute(select(table).execution_options(scoped_by_hand=True))).mappings()
                dump[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    path.write_text(json.dumps({"plugin": plugin_id, "tables": dump}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    return {name: len(rows) for name, rows in dump.items()}


async def _switch_off(db: Database, plugin_id: str, installed: bool) -> int:
    """Turn every explicit setting of the plugin off; returns at how many orgs it was on."""
    async with db.session() as session:
        async with unscoped(session, "removing a plugin switches it off in every org"):
            rows = (await session.execute(
                select(OrgModule).where(OrgModule.plugin == plugin_id, OrgModule.enabled.is_(True)))).scalars().all()
            if installed and rows:
                from core.plugins import get_plugin_manager

                plugins = get_plugin_manager()
                for row in rows:
                    org = await session.get(OrgUnit, row.org_id)
                    await plugins.acall_plugin(plugin_id, "module_disabled", org=org, session=session)
            await session.execute(update(OrgModule).where(OrgModule.plugin == plugin_id)
                                  .values(enabled=False, changed_by=None))
        await session.commit()
    return len(rows)


async def remove_plugin(settings: Settings, plugin_id: str, archive: Path | None = None) -> list[str]:
    """Switch ``plugin_id`` off everywhere; with ``archive``, save its rows there and drop its tables.

    Raises LookupError when there is nothing to remove, or when archiving a plugin whose
    package is already gone (its tables are only known from its models).
    """
    from core.migrations import downgrade_branch
    from core.plugins import get_plugin_manager

    installed = plugin_id in get_plugin_manager().manifests
    db = open_database(settings)  # announces user, org and module changes
    try:
        async with db.session() as session:
            known = (await session.execute(
                select(OrgModule.id).where(OrgModule.plugin == plugin_id).limit(1))).first()
        if not installed and known is None:
            raise LookupError(f"no plugin {plugin_id!r} is installed or was ever switched on here")
        if archive is not None and not installed:
            raise LookupError(f"plugin {plugin_id!r} is no longer installed, so its tables cannot be archived; "
                              "reinstall it, archive, then uninstall")
        lines = [f"{plugin_id}: switched off at {await _switch_off(db, plugin_id, installed)} org(s); "
                 "no org can use it until it is switched on again"]
        if archive is None:
            tables = ", ".join(t.name for t in plugin_tables(plugin_id)) if installed else "its tables"
            lines.append(f"data kept ({tables}); you may now `pip uninstall` the package: start-up and "
                         "`shequ db upgrade` skip its migration branch with a warning, and reinstalling it "
                         "brings the module back with its data")
            return lines
        counts = await _archive(db, plugin_id, archive)
    finally:
        await db.dispose()
    # Alembic's environment runs its own event loop: give it a thread.
    await asyncio.to_thread(downgrade_branch, settings.effective_database_url, plugin_id)
    total = sum(counts.values())
    lines.append(f"archived {total} row(s) from {len(counts)} table(s) to {archive}; dropped the tables "
                 f"(migration branch {plugin_id} downgraded to base); you may now `pip uninstall` the package")
    return lines
