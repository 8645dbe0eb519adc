"""The nightly round: overdue pairings flagged and reminded, archived at 18, anonymised after retention."""

from __future__ import annotations

from datetime import timedelta

from core.db import Database
from core.jobs import dispose_job_databases
from core.localtime import local_today
from core.people.models import Person
from plugins.children.jobs import nightly
from tenants.scoping import unscoped

from children_world import KIDS, NOTE


async def test_nightly_flags_overdue_pairings_and_reminds_helper_and_director(children):
    ids = await children.setup_home()
    api, today = children.api, local_today()
    await children.post(
        "A",
        f"/children/{ids['kid1']}/contacts",
        "helperA",
        {"contact_on": today.isoformat(), "mode": "phone"},
    )
    late = await children.post(
        "A",
        f"/children/{ids['kid2']}/pairings",
        "dirA",
        {
            "helper_user_id": api.world.users["helperA2"],
            "helper_kind": "teacher",
            "started_on": (today - timedelta(days=40)).isoformat(),
        },
    )
    a = api.org("A")
    await dispose_job_databases()  # the job runtime caches one engine per event loop
    assert await nightly(a) == {"archived": 0, "flagged": 1, "reminded": 2, "anonymised": 0}
    assert await nightly(a) == {"archived": 0, "flagged": 0, "reminded": 0, "anonymised": 0}
    overdue = await children.get("A", "/pairings", "dirA", overdue="true")
    assert [p["id"] for p in overdue] == [late["id"]] and overdue[0]["child"]["name"] == "司**峰"
    assert [r["recipient"] for r in await children.get("A", "/reminders", "helperA2")] == ["helper"]
    assert sorted(r["recipient"] for r in await children.get("A", "/reminders", "dirA")) == [
        "director",
        "helper",
    ]
    assert await children.get("A", "/reminders", "helperA") == []
    # the reminders reach the inboxes too, once each, and name no child
    for user, kind in (("helperA2", "contact_overdue:helper"), ("dirA", "contact_overdue:director")):
        inbox = (await api.get("/api/v1/me/inbox", as_=user)).json()
        assert [m["kind"] for m in inbox] == [kind], (user, inbox)
        assert "天没有联系记录" in inbox[0]["body"] and "司" not in inbox[0]["body"]
    assert (await api.get("/api/v1/me/inbox", as_="helperA")).json() == []
    assert (await children.get("A", "/stats", "secA"))["visits"] == {"on_time": 1, "overdue": 1}
    # a longer configured period: not overdue any more after a contact, and not flagged again
    await children.enable("A", "secA", config={"contact_days": 60})
    await children.post(
        "A",
        f"/children/{ids['kid2']}/contacts",
        "helperA2",
        {"contact_on": today.isoformat(), "mode": "school"},
    )
    assert await children.get("A", "/pairings", "dirA", overdue="true") == []
    assert (await nightly(a))["flagged"] == 0


async def test_leaving_archives_and_retention_anonymises_through_the_erase_hook(children, settings):
    ids = await children.setup_home()
    api, today = children.api, local_today()
    kid1, kid2 = ids["kid1"], ids["kid2"]
    await children.post(
        "A",
        f"/children/{kid1}/contacts",
        "helperA",
        {"contact_on": today.isoformat(), "mode": "phone", "family": NOTE},
    )
    # kid2 turns 18 (the register corrected the birth date): the nightly round archives them
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        async with unscoped(session, "test ages a child"):
            person = await session.get(Person, children.person("kid2"))
            person.birth_date = today.replace(year=today.year - 18) - timedelta(days=2)
        await session.commit()
    await db.dispose()
    # kid1 left the community four years ago
    left = today.replace(year=today.year - 4)
    await children.post(
        "A",
        f"/children/{kid1}/archive",
        "dirA",
        {"reason": "left", "on": left.isoformat()},
        status=200,
    )
    await children.enable("A", "secA", config={"retention_years": 5})
    a = api.org("A")
    await dispose_job_databases()
    assert await nightly(a) == {"archived": 1, "flagged": 0, "reminded": 0, "anonymised": 0}
    r = await api.get(children.url("A", "/children"), as_="wA", params={"status": "archived"})
    archived = r.json()
    assert sorted(c["id"] for c in archived) == [kid1, kid2]
    assert await children.get("A", "/children", "wA") == []
    assert (await children.get("A", f"/children/{kid1}", "secA"))["contacts"][0]["notes"][
        "family"
    ] == NOTE
    # the default three years: kid1's record loses its notes and identity; kid2 (archived today) stays
    await children.enable("A", "secA", config={"retention_years": 3})
    assert (await nightly(a))["anonymised"] == 1
    record = await children.get("A", f"/children/{kid1}", "secA")
    assert (
        record["status"] == "anonymised" and record["school"] == "" and record["guardian"] is None
    )
    assert all(v is None for v in record["contacts"][0]["notes"].values())
    # the register erased the person too: no name, no birth date
    assert record["person"]["name"] != KIDS["kid1"][0] and record["person"]["birth_date"] is None
    assert (await nightly(a))["anonymised"] == 0
    assert (await children.get("A", f"/children/{kid2}", "secA"))["status"] == "archived"
