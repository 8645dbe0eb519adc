"""Fixtures of the children tests: the small world plus register persons, a helper and a director."""

from __future__ import annotations

import pytest

from children_world import ADULTS, EXTRA_USERS, KIDS, Children, born
from shequ_testing import World, build_world


@pytest.fixture
async def world(settings) -> World:
    """The small world, with the children's persons and the extra accounts."""
    from core.db import Database
    from core.people.models import Person
    from core.users.services import UserService
    from tenants.models import OrgUnit
    from tenants.scoping import unscoped

    base = await build_world(settings)
    base.people = {}  # type: ignore[attr-defined]
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        async with unscoped(session, "test fixture adds people and accounts"):
            for key, (name, years, org) in {**KIDS, **ADULTS}.items():
                person = Person(
                    org_id=base.orgs[org], name=name, birth_date=born(years), gender="female"
                )
                session.add(person)
                await session.flush()
                base.people[key] = person.id  # type: ignore[attr-defined]
            users = UserService(session)
            for username, (role, org) in EXTRA_USERS.items():
                user = await users.create(username, "password-123", username)
                base.users[username] = user.id
                await users.grant(user, role, await session.get(OrgUnit, base.orgs[org]))
        await session.commit()
    await db.dispose()
    return base


@pytest.fixture
def children(api) -> Children:
    """The children helper over the running app."""
    return Children(api)
