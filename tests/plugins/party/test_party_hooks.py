"""The hooks party implements that core's own hook tests do not reach: reversal and demo data."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from core import events
from core.db import Database
from core.plugins import get_plugin_manager
from plugins.party.models import PartyFeedback, PartyMember
from tenants.models import OrgUnit
from tenants.scoping import set_scope


async def _at(db, api, org_name: str, session):
    org = await session.get(OrgUnit, api.org(org_name))
    set_scope(session, org.path)
    return org


async def test_hook_volunteer_service_reversed(party, api):
    await party.member()
    db = Database(api.settings.effective_database_url)
    async with db.session() as session:
        org = await _at(db, api, "A", session)
        await events.volunteer_service_recorded(
            session,
            org,
            person_name="x",
            user_id=None,
            hours=3.0,
            source="patrol",
            ref="r-1",
            person_id=party.ids.person_a,
        )
        await session.commit()
    assert (await party.get(party.url("A", "/services/quota"), "secA"))[0]["items"] == 1
    async with db.session() as session:
        org = await _at(db, api, "A", session)
        for _ in range(2):  # reversing twice is reversing once
            await events.volunteer_service_reversed(session, org, source="patrol", ref="r-1")
        await session.commit()
    await db.dispose()
    [line] = await party.get(party.url("A", "/services/quota"), "secA")
    assert (line["items"], line["hours"]) == (0, 0.0)
    [item] = await party.get(party.url("A", "/services"), "secA")
    assert item["reversed"] is True


async def test_hook_demo_seeded(party, api):
    db = Database(api.settings.effective_database_url)
    async with db.session() as session:
        org = await _at(db, api, "A", session)
        pm = get_plugin_manager()
        await pm.call_for_org(session, org, "demo_seeded", session=session, rng=random.Random(4))
        await pm.call_for_org(
            session, org, "demo_seeded", session=session, rng=random.Random(4)
        )  # idempotent
        members = await session.scalar(select(func.count()).select_from(PartyMember))
        forms = await session.scalar(select(func.count()).select_from(PartyFeedback))
        await session.commit()
    await db.dispose()
    assert members == 2 and forms == 2  # the two persons living in A
    assert (
        len(await party.get(party.unit_url(party.ids.unit_u, "/members"), "uacc")) == 0
    )  # demo units only


async def _person_hooks(api, name: str, **kw):
    from core.people.models import Person

    db = Database(api.settings.effective_database_url)
    async with db.session() as session:
        org = await _at(db, api, "A1", session)
        person = await session.get(Person, kw.pop("person_id"))
        pm = get_plugin_manager()
        if name == "register_person_panels":
            [panel] = [p for p in await pm.collect_for_org(session, org, name) if p.id == "party"]
            result = await panel.load(session, person)
        elif name == "collect_person_data":
            result = [r for r in await pm.call(name, pm.ids, session=session, person=person) if r]
        else:
            result = await pm.call(name, pm.ids, session=session, person_id=person.id)
        await session.commit()
    await db.dispose()
    return result


async def test_hook_register_person_panels(party, api):
    assert await _person_hooks(api, "register_person_panels", person_id=party.ids.person_a) == {
        "rows": [("在职党员报到", "未报到")]
    }
    await party.member()
    rows = dict(
        (await _person_hooks(api, "register_person_panels", person_id=party.ids.person_a))["rows"]
    )
    assert rows["在职党员报到"] == "已确认" and rows["工作单位"] == "区税务局"


async def test_hook_collect_person_data(party, api):
    member = await party.member()
    await party.post(
        party.url("A", "/conduct"),
        "secA",
        {
            "member_id": member["id"],
            "occurred_on": "2026-02-01",
            "kind": "praise",
            "note": "帮助邻居搬家",
        },
    )
    [data] = await _person_hooks(api, "collect_person_data", person_id=party.ids.person_a)
    assert data["registration"]["skills"] == "法律" and data["conduct"][0]["note"] == "帮助邻居搬家"
    await _person_hooks(api, "person_erased", person_id=party.ids.person_a)
    [data] = await _person_hooks(api, "collect_person_data", person_id=party.ids.person_a)
    assert data["registration"]["skills"] == "" and data["conduct"] == [
        {"occurred_on": "2026-02-01", "kind": "praise", "note": None}
    ]


async def test_hook_person_erased(party, api):
    await party.member()
    await _person_hooks(api, "person_erased", person_id=party.ids.person_a)
    [m] = await party.get(party.url("A", "/members"), "secA")
    assert (m["position"], m["skills"], m["interests"]) == ("", "", "") and m[
        "status"
    ] == "confirmed"
