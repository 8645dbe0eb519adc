"""The small world every test starts from, and the Api client that acts as its users.

World: a city, two streets, three communities (A and B under street s1, D under s2) and
their grids, with one account per role (password ``password-123``): ``root`` (platform
admin), ``cityadm``, ``sa1``/``sa2`` (street admins), ``secA``/``secB`` (secretaries),
``wA``/``wB`` (community workers), ``gA1`` (grid worker of A1), ``nobody`` (a resident of D).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx
from litestar.testing import AsyncTestClient

from core.auth.tokens import issue_token
from core.settings import Settings

SECRET = "test-secret-" + "x" * 32
PASSWORD = "password-123"
_CSRF = re.compile(r'name="_csrf" value="([0-9a-f]+)"')


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
                user = await users.create(username, PASSWORD, username, platform_admin=role is None)
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
        """GET as ``as_``."""
        return await self.request("GET", url, as_, **kw)

    async def post(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        """POST as ``as_``."""
        return await self.request("POST", url, as_, **kw)

    async def patch(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        """PATCH as ``as_``."""
        return await self.request("PATCH", url, as_, **kw)

    async def put(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        """PUT as ``as_``."""
        return await self.request("PUT", url, as_, **kw)

    async def delete(self, url: str, as_: str | None = None, **kw) -> httpx.Response:
        """DELETE as ``as_``."""
        return await self.request("DELETE", url, as_, **kw)

    def org(self, name: str) -> int:
        """Id of a world org by short name."""
        return self.world.orgs[name]

    async def enable(self, plugin: str, org: str, as_: str = "root", config: dict | None = None) -> dict:
        """Switch ``plugin`` on at a world org over HTTP (asserts it worked)."""
        body: dict = {"enabled": True} if config is None else {"enabled": True, "config": config}
        r = await self.put(f"/api/v1/orgs/{self.org(org)}/modules/{plugin}", as_=as_, json=body)
        assert r.status_code == 200, r.text
        return r.json()

    async def login_console(self, username: str, password: str = PASSWORD) -> None:
        """Log the client's cookie session into the console as ``username``."""
        page = await self.client.get("/login")
        token = _CSRF.search(page.text)
        assert token, f"no CSRF token on /login: {page.status_code}"
        r = await self.client.post("/login", data={"username": username, "password": password,
                                                   "_csrf": token.group(1), "next": "/"})
        assert r.status_code in (200, 303), r.text[:300]
