"""The ``shequ.testing`` pytest plugin: fixtures for testing shequ and its plugins over HTTP.

Every API test runs on SQLite (embedded) and on PostgreSQL with Redis. PostgreSQL: one fresh
database per test session (so parallel runs don't collide), tables truncated after each test.
SQLite: a migrated template file copied for each test. ``SHEQU_TEST_BACKENDS=sqlite`` (or
``postgresql``) runs one backend only; ``SHEQU_TEST_PG`` and ``SHEQU_TEST_REDIS`` point at
the servers (defaults: ``postgresql+asyncpg://root@127.0.0.1:5432/test``, Redis db 0 on
127.0.0.1). Migrations include every installed plugin's branch.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

# Before any core import: cheap Argon2id parameters, and the calendar the tests expect.
os.environ["SHEQU_ENV"] = "test"
os.environ.pop("SHEQU_HOLIDAYS_FILE", None)

PG_ADMIN_URL = os.environ.get("SHEQU_TEST_PG", "postgresql+asyncpg://root@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SHEQU_TEST_REDIS", "redis://127.0.0.1:6379/0")
BACKENDS = [b for b in os.environ.get("SHEQU_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def _migrate(url: str) -> None:
    from core.migrations import upgrade

    upgrade(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    _migrate(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A fresh, migrated PostgreSQL database for this test session, dropped at the end."""
    name = f"shequ_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    _migrate(url)
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _pg_admin(sql: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


@pytest.fixture
def empty_database_url(backend, tmp_path):
    """An empty database of the backend (no tables), dropped afterwards: for migration tests,
    which upgrade it step by step (``alembic.command.upgrade(core.migrations.alembic_config(url),
    "patrol_0002")``), write rows the old way and upgrade again."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    name = f"shequ_mig_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate_pg(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    async with engine.begin() as conn:
        tables = (
            await conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'alembic_version'")
            )
        ).scalars().all()
        if tables:
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """The database backend of this test run."""
    return request.param


@pytest.fixture
def settings(backend, request, tmp_path):
    """Settings pointing at a clean database of the current backend."""
    from core.settings import Settings
    from core.testing._world import SECRET

    prefix = f"shequtest{uuid.uuid4().hex[:8]}"
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "shequ.sqlite3")
        return Settings(env="test", data_dir=tmp_path, secret_key=SECRET, redis_prefix=prefix)
    url = request.getfixturevalue("pg_url")
    asyncio.run(_truncate_pg(url))
    return Settings(env="test", data_dir=tmp_path, database_url=url, redis_url=REDIS_URL,
                    secret_key=SECRET, redis_prefix=prefix)


@pytest.fixture
async def world(settings):
    """The small city (core.testing.World), created before the app starts."""
    from core.testing._world import build_world

    return await build_world(settings)


@pytest.fixture
async def app(settings, world):
    """The app on the current backend with every installed plugin, the world loaded."""
    from core.app import create_app

    return create_app(settings)


@pytest.fixture
async def api(app, world, settings) -> AsyncIterator:
    """A running app (lifespan included) and a client that acts as world users (core.testing.Api)."""
    from litestar.testing import AsyncTestClient

    from core.testing._world import Api

    async with AsyncTestClient(app=app) as client:
        yield Api(client, world, settings)
