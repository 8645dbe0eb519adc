"""Shared fixtures: every API test runs on SQLite (embedded) and on PostgreSQL with Redis.

PostgreSQL: one fresh database per test session (so parallel runs don't collide), tables
truncated after each test. SQLite: a migrated template file copied for each test.
Set SHEQU_TEST_BACKENDS=sqlite (or postgresql) to run one backend only.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

os.environ["SHEQU_ENV"] = "test"  # before core imports: cheap Argon2id parameters

import httpx  # noqa: E402
import pytest  # noqa: E402
from litestar.testing import AsyncTestClient  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from core.auth.tokens import issue_token  # noqa: E402
from core.settings import Settings  # noqa: E402

PG_ADMIN_URL = os.environ.get("SHEQU_TEST_PG", "postgresql+asyncpg://root@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SHEQU_TEST_REDIS", "redis://127.0.0.1:6379/0")
SECRET = "test-secret-" + "x" * 32
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

    async def admin(sql: str) -> None:
        engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    _migrate(url)
    yield url
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate_pg(url: str) -> None:
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
def settings(backend, request, tmp_path) -> Settings:
    """Settings pointing at a clean database of the current backend."""
    prefix = f"shequtest{uuid.uuid4().hex[:8]}"
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "shequ.sqlite3")
        return Settings(env="test", data_dir=tmp_path, secret_key=SECRET, redis_prefix=prefix)
    url = request.getfixturevalue("pg_url")
    asyncio.run(_truncate_pg(url))
    return Settings(env="test", data_dir=tmp_path, database_url=url, redis_url=REDIS_URL,
                    secret_key=SECRET, redis_prefix=prefix)


@dataclass
class World:
    """A small city: ids of its orgs and users, by short name."""

    orgs: dict[str, int] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)


WORLD_SHAPE = {
    # name: (level, parent)
    "city": ("city", None),
    "s1": ("street", "city"),
    "s2": ("street", "city"),
    "A": ("community", "s1"),
    "B": ("community", "s1"),
    "D": ("community", "s2"),
    "A1": ("grid", "A"),
    "A2": ("grid", "A"),
    "B1": ("grid", "B"),
    "D1": ("grid", "D"),
}
WORLD_USERS = {
    # username: (role, org) — role None for the platform admin
    "root": (None, None),
    "cityadm": ("city_admin", "city"),
    "sa1": ("street_admin", "s1"),
    "sa2": ("street_admin", "s2"),
    "secA": ("community_secretary", "A"),
    "secB": ("community_secretary", "B"),
    "wA": ("community_worker", "A"),
    "wB": ("community_worker", "B"),
    "gA1": ("grid_worker", "A1"),
    "nobody": ("resident", "D"),
}


async def build_world(settings: Settings) -> World:
    """Create the small city directly through the services."""
    from core.db import Database
    from core.users.services import UserService
    from tenants.orgs.services import OrgService
    from tenants.scoping import unscoped

    world = World()
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        async with unscoped(session, "test fixture builds the world"):
            orgs, users = OrgService(session), UserService(session)
            made = {}
            for i, (name, (level, parent)) in enumerate(WORLD_SHAPE.items()):
                org = await orgs.create(made.get(parent), level, f"{name}-org", f"T{i:03d}")
                made[name] = org
                world.orgs[name], world.paths[name] = org.id, org.path
            for username, (role, org_name) in WORLD_USERS.items():
                user = await users.create(username, "password-123", username, platform_admin=role is None)
                world.users[username] = user.id
                if role:
                    await users.grant(user, role, made[org_name])
        await session.commit()
    await db.dispose()
    return world


class Api:
    """An HTTP client that can act as any user of the world."""

    def __init__(self, client: AsyncTestClient, world: World, settings: Settings) -> None:
        self.client = client
        self.world = world
        self.settings = settings

    def token(self, username: str) -> str:
        """A bearer token for ``username``."""
        return issue_token(SECRET, self.world.users[username], username, 3600)[0]

    async def request(self, method: str, url: str, as_: str | None = None, **kw) -> httpx.Response:
        """Send a request as ``as_`` (anonymous when None)."""
        headers = kw.pop("headers", {}) or {}
        if as_ is not None:
            headers["Authorization"] = f"Bearer {self.token(as_)}"
        return await self.client.request(method, url, headers=headers, **kw)

    async def get(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        return await self.request("GET", url, as_, **kw)

    async def post(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        return await self.request("POST", url, as_, **kw)

    async def patch(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        return await self.request("PATCH", url, as_, **kw)

    async def put(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        return await self.request("PUT", url, as_, **kw)

    async def delete(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        return await self.request("DELETE", url, as_, **kw)

    def org(self, name: str) -> int:
        """Id of a world org by short name."""
        return self.world.orgs[name]


@pytest.fixture
async def world(settings) -> World:
    """The small city, created before the app starts."""
    return await build_world(settings)


@pytest.fixture
async def app(settings, world):
    """The app on the current backend, with the world loaded."""
    from core.app import create_app

    return create_app(settings)


@pytest.fixture
async def api(app, world, settings) -> AsyncIterator[Api]:
    """A running app (lifespan included) and a client that acts as world users."""
    async with AsyncTestClient(app=app) as client:
        yield Api(client, world, settings)
