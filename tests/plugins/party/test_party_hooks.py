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
        await events.volunteer_service_recorded(session, org, person_name="x", user_id=None, hours=3.0,
                                                source="patrol", ref="r-1", person_id=party.ids.person_a)
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
        await pm.call_for_org(session, org, "demo_seeded", session=session, rng=random.Random(4))  # idempotent
        members = await session.scalar(select(func.count()).select_from(PartyMember))
        forms = await session.scalar(select(func.count()).select_from(PartyFeedback))
        await session.commit()
    await db.dispose()
    assert members == 2 and forms == 2  # the two persons living in A
    assert len(await party.get(party.unit_url(party.ids.unit_u, "/members"), "uacc")) == 0  # demo units only
