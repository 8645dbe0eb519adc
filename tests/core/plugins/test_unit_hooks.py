"""The unit-scoped route hooks: plugin routes and pages for partner (unit) accounts."""

from __future__ import annotations

import probe_plugin
from shequ_testing import add_register_rows

from core.people.models import Unit

calls, manager, papi = probe_plugin.calls, probe_plugin.manager, probe_plugin.papi
enable = probe_plugin.enable


async def _unit_account(api, org: str, unit_name: str, username: str, as_: str = "secA") -> int:
    unit_id = await add_register_rows(api.settings, api.org(org), Unit, name=unit_name)
    r = await api.post(
        f"/api/v1/orgs/{api.org(org)}/partner-grants",
        as_=as_,
        json={
            "unit_id": unit_id,
            "role": "unit_party_admin",
            "username": username,
            "password": "password-123",
        },
    )
    assert r.status_code == 201, r.text
    api.world.users[username] = r.json()["user_id"]
    return unit_id


async def test_hook_register_unit_routes(papi):
    unit_u = await _unit_account(papi, "A", "U 公司", "uacc")
    unit_v = await _unit_account(papi, "B", "V 公司", "vacc", as_="secB")
    url = f"/api/v1/units/{unit_u}/probe/whoami"
    r = await papi.get(url, as_="uacc")
    assert r.status_code == 404 and "module 'probe' is not enabled" in r.json()["detail"]
    assert (await enable(papi, "A", "probe")).status_code == 200
    r = await papi.get(url, as_="uacc")
    assert r.status_code == 200, r.text
    assert r.json() == {"plugin": "probe", "unit_id": unit_u, "unit": "U 公司"}
    # another unit's account, a community secretary, a stranger: 403; a missing unit: 404
    for who in ("vacc", "secA", "nobody"):
        r = await papi.get(url, as_=who)
        assert r.status_code == 403 and f"unit {unit_u}" in r.json()["detail"], (who, r.text)
    assert (await papi.get(f"/api/v1/units/{unit_v}/probe/whoami", as_="uacc")).status_code == 403
    assert (await papi.get("/api/v1/units/999999/probe/whoami", as_="uacc")).status_code == 403
    assert (await papi.get("/api/v1/units/999999/probe/whoami", as_="root")).status_code == 404
    # the unit account holds no org role: fail closed at its unit's own community
    r = await papi.get(f"/api/v1/orgs/{papi.org('A')}", as_="uacc")
    assert r.status_code == 403
    r = await papi.get(f"/api/v1/orgs/{papi.org('A')}/probe/ping", as_="uacc")
    assert r.status_code in (200, 403, 404)  # the probe's ping checks nothing; core routes do
    # withdrawing the grant takes the right away at once
    grants = (await papi.get(f"/api/v1/orgs/{papi.org('A')}/partner-grants", as_="secA")).json()
    assert [(g["username"], g["unit_id"]) for g in grants] == [("uacc", unit_u)]
    r = await papi.delete(
        f"/api/v1/orgs/{papi.org('A')}/partner-grants/{grants[0]['id']}", as_="secA"
    )
    assert r.status_code == 204
    assert (await papi.get(url, as_="uacc")).status_code == 403


async def test_hook_register_unit_pages(papi):
    import re

    unit_u = await _unit_account(papi, "A", "U 公司", "uacc")
    assert (await enable(papi, "A", "probe")).status_code == 200
    csrf = re.search(
        r'name="_csrf" value="([0-9a-f]+)"', (await papi.client.get("/login")).text
    ).group(1)
    r = await papi.client.post(
        "/login",
        data={"username": "uacc", "password": "password-123", "_csrf": csrf, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    r = await papi.client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/units/{unit_u}/"
    r = await papi.client.get(f"/units/{unit_u}/")
    assert r.status_code == 200 and "U 公司" in r.text and f"/units/{unit_u}/probe/" in r.text
    r = await papi.client.get(f"/units/{unit_u}/probe/hi")
    assert r.status_code == 200 and f"probe page for unit {unit_u}" in r.text
    # the unit account's console has no org: the community's pages answer 403
    r = await papi.client.get(f"/orgs/{papi.org('A')}/", follow_redirects=False)
    assert r.status_code == 403
