"""The people register's hooks: tags, consent purposes, person panels, subject export and erasure,
and the reversal event — each called where the contract says, and only where enabled."""

from __future__ import annotations

import sys
from pathlib import Path

import probe_plugin

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "people"))
from console_helpers import login  # noqa: E402
from people_helpers import add_person, resident_id  # noqa: E402

from core.db import Database  # noqa: E402
from tenants.models import OrgUnit  # noqa: E402
from tenants.scoping import set_scope  # noqa: E402

calls, manager, papi = probe_plugin.calls, probe_plugin.manager, probe_plugin.papi
enable = probe_plugin.enable


async def test_hook_register_person_tags(papi):
    made = await add_person(papi, "A", tags=[{"tag": "probe_tag"}, {"tag": "dibao"}])
    assert made.status_code == 201, made.text
    assert made.json()["tags"] == ["dibao", "probe_tag"]
    bad = await add_person(papi, "A", tags=[{"tag": "unknown_tag"}])
    assert bad.status_code == 422 and "probe_tag" in bad.json()["detail"]


async def test_hook_register_consent_purposes(papi):
    child = (await add_person(papi, "A", birth_date="2018-03-01")).json()
    url = f"/api/v1/orgs/{papi.org('A')}/people/{child['id']}/consents"
    body = {"guardian_name": "张大山", "relation": "父亲", "document": "柜子A-12"}
    ok = await papi.post(url, as_="secA", json={**body, "purpose": "probe_purpose"})
    assert ok.status_code == 201, ok.text
    assert ok.json()["purpose"] == "probe_purpose" and ok.json()["guardian_name"] == "张*山"
    bad = await papi.post(url, as_="secA", json={**body, "purpose": "nobody_declared_this"})
    assert bad.status_code == 422 and "probe_purpose" in bad.json()["detail"]


async def test_hook_register_person_panels(papi, calls):
    person = (await add_person(papi, "A")).json()
    client = papi.client
    await login(client, "secA")
    page = f"/orgs/{papi.org('A')}/people/{person['id']}"
    assert "probe-visits" not in (await client.get(page)).text  # not enabled at A yet
    await enable(papi, "A", "probe")
    html = (await client.get(page)).text
    assert "探针面板" in html and f"probe-visits-{person['id']}" in html
    assert ("register_person_panels", papi.org("A")) in calls


async def test_hook_collect_person_data(papi, calls):
    person = (await add_person(papi, "A", id_number=resident_id())).json()
    # Not enabled anywhere: a subject export still asks every installed plugin.
    r = await papi.get(f"/api/v1/orgs/{papi.org('A')}/people/{person['id']}/export", as_="secA")
    assert r.status_code == 200, r.text
    assert "attachment" in r.headers["content-disposition"]
    data = r.json()
    assert data["modules"]["probe"] == {"visits": 3, "person_id": person["id"]}
    assert data["person"]["id_number"] == resident_id()  # the subject gets their own data in full
    assert ("collect_person_data", person["id"]) in calls
    assert (
        await papi.get(f"/api/v1/orgs/{papi.org('A')}/people/{person['id']}/export", as_="wA")
    ).status_code == 403


async def test_hook_person_erased(papi, calls):
    person = (
        await add_person(
            papi, "A", id_number=resident_id(), phone="13912345678", tags=[{"tag": "volunteer"}]
        )
    ).json()
    url = f"/api/v1/orgs/{papi.org('A')}/people/{person['id']}"
    assert (
        await papi.post(f"{url}/erase", as_="wA", json={"reason": "申请删除"})
    ).status_code == 403
    r = await papi.post(f"{url}/erase", as_="secA", json={"reason": "本人申请删除"})
    assert r.status_code == 200, r.text
    assert ("person_erased", person["id"]) in calls
    shown = (
        await papi.post(
            f"{url}/reveal",
            as_="secA",
            json={"fields": ["id_number", "phone", "name"], "reason": "核对删除"},
        )
    ).json()
    assert shown["fields"] == {"id_number": None, "phone": None, "name": "-"}
    found = await papi.get(
        f"/api/v1/orgs/{papi.org('A')}/people", as_="secA", params={"id_number": resident_id()}
    )
    assert found.json()["total"] == 0
    audit = await papi.get(
        f"/api/v1/orgs/{papi.org('A')}/audit", as_="secA", params={"action": "people.person.erase"}
    )
    assert str(person["id"]) in audit.text
    assert (await papi.post(f"{url}/erase", as_="secA", json={})).status_code == 409


async def test_hook_volunteer_service_reversed(papi, calls):
    from core import events

    await enable(papi, "A", "probe")
    db = Database(papi.settings.effective_database_url)
    try:
        async with db.session() as session:
            set_scope(session, None)
            for name in ("A", "D"):
                org = await session.get(OrgUnit, papi.org(name))
                await events.volunteer_service_reversed(
                    session,
                    org,
                    source="patrol",
                    ref="checkin-7",
                    plugins=papi.client.app.state.plugins,
                )
    finally:
        await db.dispose()
    got = [c for c in calls if c[0] == "volunteer_service_reversed"]
    assert got == [("volunteer_service_reversed", (papi.org("A"), "patrol", "checkin-7"))]
