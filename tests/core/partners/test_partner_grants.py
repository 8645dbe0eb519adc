"""Partner organisations: a unit role on one unit, checked by casbin with the unit as the domain."""

from __future__ import annotations

import asyncio

import pytest
from shequ_testing import add_register_rows

from core.partners import PartnerAuthorizer
from core.people.models import Unit


def test_partner_authorizer_decides_per_unit_only():
    authz = PartnerAuthorizer()
    authz.load(
        [
            ("unit_party_admin", "*", "party:*", "read"),
            ("community_secretary", "*", "party:*", "*"),
        ],
        [(7, "unit_party_admin", 3), (8, "community_secretary", 3)],
    )
    assert authz.enforce(7, 3, "party:member", "read")
    assert not authz.enforce(7, 3, "party:member", "update")
    assert not authz.enforce(7, 4, "party:member", "read")  # another unit
    assert not authz.enforce(8, 3, "party:member", "read")  # org roles never link to units
    assert not authz.enforce(9, 3, "party:member", "read")
    assert authz.units_of(7) == [3]
    authz.remove_link(7, "unit_party_admin", 3)
    assert not authz.enforce(7, 3, "party:member", "read")


async def test_partner_grants_refuse_what_they_should(api):
    unit_a = await add_register_rows(api.settings, api.org("A"), Unit, name="A 单位")
    base = f"/api/v1/orgs/{api.org('A')}/partner-grants"
    # another community cannot see or grant on A's unit
    r = await api.post(
        f"/api/v1/orgs/{api.org('B')}/partner-grants",
        as_="secB",
        json={"unit_id": unit_a, "user_id": api.world.users["wB"]},
    )
    assert r.status_code == 404 and "unit_id" in r.json()["detail"]
    # a worker may not grant at all
    r = await api.post(base, as_="wA", json={"unit_id": unit_a, "user_id": api.world.users["gA1"]})
    assert r.status_code == 403
    # only unit roles, naming the field
    r = await api.post(
        base,
        as_="secA",
        json={"unit_id": unit_a, "user_id": api.world.users["gA1"], "role": "community_secretary"},
    )
    assert r.status_code == 422 and "role" in r.json()["detail"]
    r = await api.post(base, as_="secA", json={"unit_id": unit_a})
    assert r.status_code == 422 and "user_id" in r.json()["detail"]
    # and a unit role is not an org role
    r = await api.post(
        f"/api/v1/orgs/{api.org('A')}/members",
        as_="secA",
        json={"user_id": api.world.users["gA1"], "role": "unit_party_admin"},
    )
    assert r.status_code == 422 and "role" in r.json()["detail"]
    r = await api.get(f"/api/v1/orgs/{api.org('B')}/partner-grants", as_="secB")
    assert r.status_code == 200 and r.json() == []


async def test_partner_links_reach_other_processes(settings, world, backend):
    if backend != "postgresql":
        pytest.skip("cross-process invalidation needs Redis")
    from core.authz.runtime import AuthzRuntime
    from core.cache import key, make_redis
    from core.db import Database
    from core.partners.models import PartnerGrant
    from core.partners.runtime import PartnerRuntime
    from tenants.scoping import unscoped

    unit = await add_register_rows(settings, world.orgs["A"], Unit, name="U 公司")
    db = Database(settings.effective_database_url)
    r1, r2 = make_redis(settings), make_redis(settings)
    one = AuthzRuntime(db, r1, key(settings, "authz"))
    two = AuthzRuntime(db, r2, key(settings, "authz"))
    grants = [("unit_party_admin", "*", "party:member", "read")]
    one.add_grants(grants)
    two.add_grants(grants)
    p1, p2 = PartnerRuntime(one), PartnerRuntime(two)
    await one.start()
    await two.start()
    try:
        uid = world.users["nobody"]
        assert not p2.enforce(uid, unit, "party:member", "read")
        async with db.session() as s:
            async with unscoped(s, "test writes a unit grant directly"):
                s.add(
                    PartnerGrant(
                        user_id=uid, unit_id=unit, role="unit_party_admin", org_id=world.orgs["A"]
                    )
                )
            await s.commit()
        await p1.link_added(uid, "unit_party_admin", unit)
        assert p1.enforce(uid, unit, "party:member", "read") and p1.units_of(uid) == [unit]
        for _ in range(100):
            if p2.enforce(uid, unit, "party:member", "read"):
                break
            await asyncio.sleep(0.05)
        assert p2.enforce(uid, unit, "party:member", "read") and p2.units_of(uid) == [unit]
        assert not p2.enforce(uid, unit, "party:member", "update")
    finally:
        await one.stop()
        await two.stop()
        await r1.aclose()
        await r2.aclose()
        await db.dispose()
