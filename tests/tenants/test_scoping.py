"""Tenant scoping on a real session: reads, joins, inserts, raw SQL, unscoped() and the /1/7/ trap."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import aliased

from core.db import Database
from core.users.models import RoleAssignment, User
from tenants.models import OrgUnit
from tenants.scoping import ScopeError, ScopeViolation, set_scope, tenant_models, unscoped


@pytest.fixture
async def db(settings, world):
    database = Database(settings.effective_database_url)
    yield database
    await database.dispose()


async def _ids_by_user(db, world):
    async with db.session() as s:
        async with unscoped(s, "test looks up assignment ids"):
            rows = (await s.execute(select(RoleAssignment.id, RoleAssignment.user_id))).all()
    by_user = {uid: aid for aid, uid in rows}
    return {name: by_user.get(uid) for name, uid in world.users.items()}


async def test_reads_are_filtered_every_way(db, world):
    ids = await _ids_by_user(db, world)
    a_path = world.paths["A"]
    async with db.session() as s:
        set_scope(s, a_path)
        rows = (await s.execute(select(RoleAssignment))).scalars().all()
        assert rows and all(r.org_path.startswith(a_path) for r in rows)
        assert await s.get(RoleAssignment, ids["secB"]) is None
        assert await s.get(RoleAssignment, ids["secA"]) is not None
        assert await s.scalar(select(func.count()).select_from(RoleAssignment)) == 3  # secA, wA, gA1
        joined = (await s.execute(select(OrgUnit.name).join(RoleAssignment, RoleAssignment.org_id == OrgUnit.id))).scalars().all()
        assert sorted(joined) == ["A-org", "A-org", "A1-org"]
        alias = aliased(RoleAssignment)
        assert all(p.startswith(a_path) for p in (await s.execute(select(alias.org_path))).scalars())
        sub = select(RoleAssignment.user_id).scalar_subquery()
        names = (await s.execute(select(User.username).where(User.id.in_(sub)))).scalars().all()
        assert sorted(names) == ["gA1", "secA", "wA"]
        users = (await s.execute(select(User.username).join(RoleAssignment, RoleAssignment.user_id == User.id))).scalars().all()
        assert "secB" not in users and "sa1" not in users


async def test_writes_outside_scope_are_refused(db, world):
    async with db.session() as s:
        set_scope(s, world.paths["A"])
        s.add(RoleAssignment(user_id=world.users["nobody"], role="community_worker", org_id=world.orgs["B"]))
        with pytest.raises(ScopeViolation):
            await s.flush()
    async with db.session() as s:
        set_scope(s, world.paths["A"])
        row = RoleAssignment(user_id=world.users["nobody"], role="grid_worker", org_id=world.orgs["A2"], org_path="/forged/")
        s.add(row)
        await s.flush()
        assert row.org_path == world.paths["A2"]  # set on flush from the org, whatever was given
        await s.rollback()


async def test_text_sql_needs_scoped_by_hand(db, world):
    async with db.session() as s:
        set_scope(s, world.paths["A"])
        with pytest.raises(ScopeError):
            await s.execute(text("SELECT count(*) FROM role_assignments"))
        stmt = text("SELECT count(*) FROM role_assignments WHERE org_path LIKE :p").bindparams(p=world.paths["A"] + "%")
        n = (await s.execute(stmt.execution_options(scoped_by_hand=True))).scalar()
        assert n == 3


async def test_no_scope_refuses_tenant_queries(db, world):
    async with db.session() as s:
        with pytest.raises(ScopeError):
            await s.execute(select(RoleAssignment))
        assert (await s.execute(select(OrgUnit).where(OrgUnit.id == world.orgs["A"]))).scalar_one().name == "A-org"
    async with db.session() as s:
        set_scope(s, None)
        assert (await s.execute(select(RoleAssignment))).scalars().all() == []


async def test_unscoped_exit_expunges_rows(db, world):
    ids = await _ids_by_user(db, world)
    async with db.session() as s:
        set_scope(s, world.paths["A"])
        async with unscoped(s, "test loads B's row outside the scope"):
            row = await s.get(RoleAssignment, ids["secB"])
            assert row is not None
        assert row not in s
        assert await s.get(RoleAssignment, ids["secB"]) is None  # SQL again, filtered
        assert await s.get(RoleAssignment, ids["secA"]) is not None


async def test_scope_only_narrows(db, world):
    async with db.session() as s:
        set_scope(s, world.paths["s1"])
        set_scope(s, world.paths["A"])
        with pytest.raises(ScopeError):
            set_scope(s, world.paths["s1"])
        with pytest.raises(ScopeError):
            set_scope(s, world.paths["B"])
        with pytest.raises(ValueError):
            set_scope(s, "/1/7")


async def test_path_prefix_trap(db, world):
    """A scope of /1/7/ must not see rows at /1/70/ (ids 1 and 70 are a city and a street here)."""
    from tenants.orgs.services import OrgService

    async with db.session() as s:
        async with unscoped(s, "test builds many orgs"):
            orgs = OrgService(s)
            city = await s.get(OrgUnit, world.orgs["city"])
            assert city.path == "/1/"
            org = None
            for n in range(80):
                org = await orgs.create(city, "street", f"street {n}", f"TRAP{n:03d}")
                if org.id >= 70:
                    break
            assert org.path == "/1/70/"
            s.add(RoleAssignment(user_id=world.users["nobody"], role="street_admin", org_id=70))
        await s.commit()
    async with db.session() as s:
        set_scope(s, "/1/7/")
        assert (await s.execute(select(RoleAssignment))).scalars().all() == []
    async with db.session() as s:
        set_scope(s, "/1/70/")
        assert [r.org_id for r in (await s.execute(select(RoleAssignment))).scalars()] == [70]


def test_contract_every_tenant_model_is_filtered():
    assert RoleAssignment in tenant_models()
