"""Disabled module, bad input naming the field, and the ledger's event rules (once per (source, ref))."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core import events
from core.db import Database
from core.localtime import local_today
from plugins.party.models import PartyReminder
from plugins.party.services import LedgerService
from tenants.models import OrgUnit
from tenants.scoping import set_scope


async def test_disabled_module_is_silent_and_hides_everything(party, api):
    member = await party.member()
    await party.enable("A", enabled=False, as_="secA")
    r = await api.get(party.url("A", "/members"), as_="secA")
    assert r.status_code == 404 and "module 'party'" in r.json()["detail"]
    # the unit no longer sees the member from A (B still runs the module, so the route answers)
    assert await party.get(party.unit_url(party.ids.unit_u, "/members"), "uacc") == []
    r = await api.get(party.unit_url(party.ids.unit_u, f"/members/{member['id']}"), as_="uacc")
    assert r.status_code == 404
    await party.enable("B", enabled=False, as_="secB")
    r = await api.get(party.unit_url(party.ids.unit_u, "/members"), as_="uacc")
    assert r.status_code == 404 and "module 'party'" in r.json()["detail"]
    # hooks stay silent where the module is off: a service heard at A is not credited
    db = Database(api.settings.effective_database_url)
    async with db.session() as session:
        org = await session.get(OrgUnit, api.org("A"))
        set_scope(session, org.path)
        await events.volunteer_service_recorded(
            session,
            org,
            person_name="x",
            user_id=None,
            hours=1.0,
            source="patrol",
            ref="off-1",
            person_id=party.ids.person_a,
        )
        await session.commit()
    await db.dispose()
    await party.enable("A", as_="secA")  # data kept, and nothing was credited while off
    assert [m["id"] for m in await party.get(party.url("A", "/members"), "secA")] == [member["id"]]
    assert await party.get(party.url("A", "/services"), "secA") == []


async def test_bad_input_names_the_field(party, api):
    url = party.url("A", "/members")
    cases = [
        ({"unit_id": party.ids.unit_u}, 400, "person_id"),
        (
            {"person_id": party.ids.person_b, "unit_id": party.ids.unit_u},
            404,
            "person_id",
        ),  # lives in B
        ({"person_id": party.ids.person_a, "unit_id": 999999}, 404, "unit_id"),
        (
            {"person_id": party.ids.person_a, "unit_id": party.ids.unit_u, "skills": "x" * 501},
            400,
            "skills",
        ),
    ]
    for body, status, field in cases:
        r = await api.post(url, as_="secA", json=body)
        assert r.status_code == status and field in r.json()["detail"], (body, r.text)
    member = await party.member()
    r = await api.post(
        url, as_="secA", json={"person_id": party.ids.person_a, "unit_id": party.ids.unit_u}
    )
    assert r.status_code == 409 and "person_id" in r.json()["detail"]
    checks = [
        (
            party.url("A", "/services"),
            {"member_id": member["id"], "served_on": "2026-02-30", "title": "x"},
            400,
            "served_on",
        ),
        (
            party.url("A", "/services"),
            {"member_id": member["id"], "served_on": "2026-02-03", "title": "x", "hours": 30},
            400,
            "hours",
        ),
        (
            party.url("A", "/services"),
            {"member_id": 999999, "served_on": "2026-02-03", "title": "x"},
            404,
            "member_id",
        ),
        (
            party.url("A", "/conduct"),
            {"member_id": member["id"], "occurred_on": "2026-02-03", "kind": "odd"},
            422,
            "kind",
        ),
        (
            party.url("A", "/evaluations/representatives"),
            {"user_id": api.world.users["wA"], "kind": "x"},
            422,
            "kind",
        ),
        (
            party.url("A", "/evaluations/representatives"),
            {"user_id": api.world.users["wA"], "kind": "resident", "year": 1990},
            422,
            "year",
        ),
        (
            party.unit_url(party.ids.unit_u, "/clearances"),
            {"member_id": member["id"], "kind": "bonus"},
            422,
            "kind",
        ),
        (party.url("A", "/consultations"), {"title": ""}, 400, "title"),
    ]
    for url, body, status, field in checks:
        r = await api.post(url, as_="uacc" if "/units/" in url else "secA", json=body)
        assert r.status_code == status and field in r.json()["detail"], (url, body, r.text)
    r = await api.put(
        f"/api/v1/orgs/{api.org('A')}/modules/party",
        as_="secA",
        json={"enabled": True, "config": {"quota_min": -1}},
    )
    assert r.status_code == 422 and "quota_min" in r.json()["detail"]


async def test_ledger_credits_once_reverses_and_reminds_from_october(party, api):
    await party.member()
    db = Database(api.settings.effective_database_url)
    async with db.session() as session:
        grid = await session.get(OrgUnit, api.org("A1"))
        set_scope(session, grid.path)  # a grid's session, like a patrol check-out at the grid
        for _ in range(2):
            await events.volunteer_service_recorded(
                session,
                grid,
                person_name="x",
                user_id=None,
                hours=2.0,
                source="patrol",
                ref="c-1",
                person_id=party.ids.person_a,
            )
        await events.volunteer_service_recorded(
            session,
            grid,
            person_name="x",
            user_id=None,
            hours=1.0,
            source="patrol",
            ref="c-2",
            person_id=party.ids.person_a,
        )
        await events.volunteer_service_reversed(session, grid, source="patrol", ref="c-2")
        await session.commit()
    quota = await party.get(party.url("A", "/services/quota"), "secA")
    assert (quota[0]["items"], quota[0]["hours"]) == (1, 2.0)
    year = local_today().year
    async with db.session() as session:
        org = await session.get(OrgUnit, api.org("A"))
        set_scope(session, org.path)
        ledger = LedgerService(session)
        assert await ledger.remind(org, date(year, 9, 30)) == 0  # before October
        await party.member(person=party.ids.person_a2)  # a second member, with no service
        assert await ledger.remind(org, date(year, 10, 1)) == 1
        assert await ledger.remind(org, date(year, 10, 2)) == 0  # once a month
        await session.commit()
        reminded = (await session.scalars(select(PartyReminder))).all()
        assert [(r.unit_id, r.month, r.done) for r in reminded] == [(party.ids.unit_u, 10, 0)]
    await db.dispose()
    seen = await party.get(party.unit_url(party.ids.unit_u, "/reminders"), "uacc")
    assert [(r["month"], r["done"], r["minimum"]) for r in seen] == [(10, 0, 1)]
    assert await party.get(party.unit_url(party.ids.unit_v, "/reminders"), "vacc") == []
    # the unit's account hears of it in its inbox (the member's person gets their own message)
    inbox = (await api.get("/api/v1/me/inbox", as_="uacc")).json()
    assert [m["kind"] for m in inbox] == ["quota_reminder:unit"] and "最少应完成 1 项" in inbox[0]["body"]
    assert (await api.get("/api/v1/me/inbox", as_="vacc")).json() == []
