"""Alembic environment: runs migrations on the async engine of the configured URL.

A revision in ``alembic_version`` that no installed package provides is a removed plugin's
branch (``shequ plugins remove`` keeps its tables): it is set aside for the run with a warning
and put back afterwards, in the same transaction, so upgrading never stops on "Can't locate
revision" and a reinstalled plugin carries on from where it was.
"""

from __future__ import annotations

import asyncio
import sys

from alembic import context
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from core.models import load_all_models

config = context.config
target_metadata = load_all_models()


def _orphans(connection) -> list[str]:
    """Revisions recorded in the database that none of the installed migration folders has."""
    if not inspect(connection).has_table("alembic_version"):
        return []
    present = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
    return [rev for rev in present if rev not in known]


def _run(connection) -> None:
    orphans = _orphans(connection)
    for rev in orphans:
        print(f"warning: migration revision {rev!r} belongs to no installed package (a removed plugin?); "
              "its tables are kept and its branch is skipped until the package is installed again",
              file=sys.stderr)
        connection.execute(text("DELETE FROM alembic_version WHERE version_num = :rev"), {"rev": rev})
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    for rev in orphans:
        connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:rev)"), {"rev": rev})


async def _main() -> None:
    engine = create_async_engine(config.attributes.get("url") or config.get_main_option("sqlalchemy.url"))
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_main())
