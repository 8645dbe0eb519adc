"""Fixtures of the supermarket tests: a helper that switches the module on, knows its URLs
and registers persons (through the ORM, as the people register's own tests do)."""

from __future__ import annotations

import pytest

from core.db import Database
from core.people.models import Household, Person, PersonTag
from tenants.scoping import set_scope


class Supermarket:
    """Supermarket URLs and set-up steps over HTTP, as any world user."""

    def __init__(self, api) -> None:
        self.api = api

    def url(self, org: str, rest: str = "") -> str:
        """The supermarket API at a world org."""
        return f"/api/v1/orgs/{self.api.org(org)}/supermarket{rest}"

    async def enable(self, org: str, as_: str, enabled: bool = True, config: dict | None = None):
        """Switch the module on (or off) at a world org."""
        body: dict = {"enabled": enabled}
        if config is not None:
            body["config"] = config
        r = await self.api.put(
            f"/api/v1/orgs/{self.api.org(org)}/modules/supermarket", as_=as_, json=body
        )
        assert r.status_code == 200, r.text
        return r.json()

    async def post(self, org: str, rest: str, as_: str, body: dict, status: int = 201) -> dict:
        """POST a body and expect ``status``."""
        r = await self.api.post(self.url(org, rest), as_=as_, json=body)
        assert r.status_code == status, r.text
        return r.json()

    async def get(self, org: str, rest: str, as_: str, **params):
        """GET and expect 200."""
        r = await self.api.get(self.url(org, rest), as_=as_, params=params)
        assert r.status_code == 200, r.text
        return r.json()

    async def person(
        self, org: str, name: str, tags: tuple[str, ...] = (), household: int | None = None
    ) -> int:
        """Register a person at a world org (directly); returns the id."""
        db = Database(self.api.settings.effective_database_url)
        async with db.session() as session:
            set_scope(session, self.api.world.paths[org])
            person = Person(org_id=self.api.org(org), name=name, household_id=household)
            session.add(person)
            await session.flush()
            for tag in tags:
                session.add(PersonTag(org_id=person.org_id, person_id=person.id, tag=tag))
            await session.commit()
            pid = person.id
        await db.dispose()
        return pid

    async def household(self, org: str) -> int:
        """Register an empty household at a world org; returns the id."""
        db = Database(self.api.settings.effective_database_url)
        async with db.session() as session:
            set_scope(session, self.api.world.paths[org])
            household = Household(org_id=self.api.org(org), label="1-1-101")
            session.add(household)
            await session.commit()
            hid = household.id
        await db.dispose()
        return hid

    async def credit(self, org: str, person_id: int, points: int, as_: str = "secA") -> None:
        """Give a person points through an award at or below the threshold."""
        r = await self.api.post(
            self.url(org, "/awards"),
            as_=as_,
            json={"person_id": person_id, "points": points, "reason": "测试"},
        )
        assert r.status_code == 201 and r.json()["status"] == "approved", r.text


@pytest.fixture
def sm(api) -> Supermarket:
    """The supermarket helper over the running app."""
    return Supermarket(api)
