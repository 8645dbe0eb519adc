"""The kernel hooks the children's home implements: purposes, person panel, subject data, erasure, demo."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from core.db import Database
from core.people.models import Person
from core.plugins import get_plugin_manager
from plugins.children.models import Child, Contact
from tenants.models import OrgUnit
from tenants.scoping import set_scope

from children_world import NOTE


async def _scoped(settings, api, name: str):
    db = Database(settings.effective_database_url)
    session = db.session()
    session = await session.__aenter__()
    set_scope(session, None)
    org = await session.get(OrgUnit, api.org(name))
    set_scope(session, org.path)
    return db, session, org


async def test_hook_register_consent_purposes():
    purposes = [p for r in get_plugin_manager().hook.register_consent_purposes() for p in r]
    assert {"children.care", "children.custody"} <= {p.code for p in purposes}
    assert all(p.title_zh for p in purposes if p.code.startswith("children."))


async def _opened(children, settings):
    ids = await children.setup_home()
    await children.post(
        "A",
        f"/children/{ids['kid1']}/contacts",
        "helperA",
        {"contact_on": "2026-01-05", "mode": "phone", "growth": NOTE},
    )
    return await _scoped(settings, children.api, "A")


async def test_hook_register_person_panels(children, settings):
    db, session, org = await _opened(children, settings)
    try:
        panels = [
            p
            for p in await get_plugin_manager().collect_for_org(
                session, org, "register_person_panels"
            )
            if p.id == "children"
        ]
        content = await panels[0].load(session, await session.get(Person, children.person("kid1")))
        assert content["rows"] == [("留守儿童", "active")] and NOTE not in str(content)
    finally:
        await session.close()
        await db.dispose()


async def test_hook_collect_person_data(children, settings):
    db, session, _org = await _opened(children, settings)
    pm = get_plugin_manager()
    try:
        person = await session.get(Person, children.person("kid1"))
        data = [
            d
            for d in await pm.call(
                "collect_person_data", ["children"], session=session, person=person
            )
            if d
        ]
        assert data[0]["children"][0]["contacts"][0]["notes"]["growth"] == NOTE
        stranger = await session.get(Person, children.person("stranger"))
        assert await pm.call(
            "collect_person_data", ["children"], session=session, person=stranger
        ) == [None]
    finally:
        await session.close()
        await db.dispose()


async def test_hook_person_erased(children, settings):
    ids = await children.setup_home()
    await children.post(
        "A",
        f"/children/{ids['kid1']}/contacts",
        "helperA",
        {"contact_on": "2026-01-05", "mode": "phone", "moral": NOTE},
    )
    pm = get_plugin_manager()
    db, session, _org = await _scoped(settings, children.api, "A")
    try:
        # erasing the guardian drops the link; erasing the child drops notes and marks the record
        await pm.call(
            "person_erased", pm.ids, session=session, person_id=children.person("grandma")
        )
        await pm.call("person_erased", pm.ids, session=session, person_id=children.person("kid1"))
        await session.commit()
        child = await session.get(Child, ids["kid1"])
        assert (
            child.status == "anonymised"
            and child.guardian_person_id is None
            and child.parents is None
        )
        contact = (
            await session.execute(select(Contact).where(Contact.child_id == child.id))
        ).scalar_one()
        assert contact.moral is None and contact.contact_on is not None  # the visit still counts
    finally:
        await session.close()
        await db.dispose()


async def test_hook_demo_seeded(children, settings):
    await children.enable("A", "secA")
    pm = get_plugin_manager()
    db, session, org = await _scoped(settings, children.api, "A")
    try:
        await pm.call_for_org(session, org, "demo_seeded", session=session, rng=random.Random(7))
        await pm.call_for_org(
            session, org, "demo_seeded", session=session, rng=random.Random(7)
        )  # once only
        await session.commit()
        count = (await session.execute(select(func.count(Child.id)))).scalar_one()
        contacts = (await session.execute(select(func.count(Contact.id)))).scalar_one()
        assert 8 <= count <= 12 and contacts > 0
    finally:
        await session.close()
        await db.dispose()
    figures = await children.get("A", "/stats", "secA")
    assert figures["children"] == count and figures["work"]["activities"] > 0
