"""Alembic migrations: core owns the ``core`` branch, each plugin owns a branch of its own."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).resolve().parent


def alembic_config(url: str, extra_locations: list[str] | None = None) -> Config:
    """An Alembic config for ``url`` with core's and every installed plugin's versions."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    locations = [str(HERE / "versions"), *(extra_locations or [])]
    if extra_locations is None:
        locations += plugin_migration_locations()
    # Alembic splits version_locations on this separator; paths never contain a newline.
    cfg.set_main_option("path_separator", "newline")
    cfg.set_main_option("version_locations", "\n".join(locations))
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes["url"] = url
    return cfg


def plugin_migration_locations() -> list[str]:
    """The ``migrations/`` folders of installed plugins that ship one."""
    from core.plugins import installed_plugins

    folders = []
    for plugin in installed_plugins():
        folder = Path(plugin.module.__file__).resolve().parent / "migrations"
        if folder.is_dir():
            folders.append(str(folder))
    return folders


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database at ``url`` to ``revision`` (every branch head by default)."""
    command.upgrade(alembic_config(url), revision)


def downgrade_branch(url: str, branch: str) -> None:
    """Undo every revision of one plugin's branch (drops its tables, removes its version row)."""
    command.downgrade(alembic_config(url), f"{branch}@base")


async def upgrade_async(url: str, revision: str = "heads") -> None:
    """Run :func:`upgrade` from async code (Alembic's env runs its own event loop)."""
    await asyncio.to_thread(upgrade, url, revision)
