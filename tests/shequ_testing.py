"""Helpers shared by tests: the small world, the Api client, the test secret.

Imported by name (``from shequ_testing import Api``) because several test folders have a
conftest.py, and ``from conftest import`` would pick whichever one Python loaded first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from litestar.testing import AsyncTestClient

from core.auth.tokens import issue_token
from core.settings import Settings

SECRET = "test-secret-" + "x" * 32


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


async def add_register_rows(settings: Settings, org_id: int, model, **values):
    """Insert one register row (a ``Unit``, a ``Person`` …) at a world org through the ORM; returns its id.

    For tests that need units and persons before the register's own API is at hand.
    """
    from core.db import Database
    from tenants.models import OrgUnit
    from tenants.scoping import set_scope

    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            org = await session.get(OrgUnit, org_id)
            set_scope(session, org.path)
            row = model(org_id=org_id, **values)
            session.add(row)
            await session.flush()
            row_id = row.id
            await session.commit()
    finally:
        await db.dispose()
    return row_id
