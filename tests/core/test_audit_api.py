"""The audit log over HTTP: what is recorded, who may list it, filters, and append-only storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

ORGS = "/api/v1/orgs"


def audit(api, org):
    return f"{ORGS}/{api.org(org)}/audit/"


async def _activity(api):
    r = await api.post(f"{ORGS}/", as_="sa1", json={"parent_id": api.org("A"), "level": "grid", "name": "G", "code": "AUDG"})
    g = r.json()["id"]
    await api.patch(f"{ORGS}/{g}", as_="sa1", json={"name": "G2"})
    await api.patch(f"{ORGS}/{g}", as_="sa1", json={"parent_id": api.org("B")})
    m = (await api.post(f"{ORGS}/{g}/members/", as_="sa1",
                        json={"user_id": api.world.users["nobody"], "role": "grid_worker"})).json()["id"]
    await api.delete(f"{ORGS}/{g}/members/{m}", as_="sa1")
    await api.delete(f"{ORGS}/{g}", as_="sa1")
    assert (await api.get(f"{ORGS}/{api.org('B')}", as_="wA")).status_code == 403  # a denial
    await api.post(f"{ORGS}/", as_="sa2", json={"parent_id": api.org("D"), "level": "grid", "name": "S2G", "code": "S2G"})
    return g


async def test_actions_are_recorded_and_scoped(api):
    g = await _activity(api)
    r = await api.get(audit(api, "s1"), as_="sa1")
    assert r.status_code == 200, r.text
    entries = r.json()
    actions = [e["action"] for e in entries]
    for wanted in ("org.create", "org.rename", "org.move", "org.delete", "member.grant", "member.revoke", "authz.denied"):
        assert wanted in actions, (wanted, actions)
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    create = next(e for e in entries if e["action"] == "org.create")
    assert create["actor_name"] == "sa1" and create["object_id"] == str(g) and create["ip"]
    denied = next(e for e in entries if e["action"] == "authz.denied")
    assert denied["actor_name"] == "wA" and denied["org_id"] == api.org("B")
    # nothing of street 2
    assert all(e["actor_name"] != "sa2" for e in entries)
    r = await api.get(audit(api, "s2"), as_="sa2")
    assert [e["detail"].get("name") for e in r.json() if e["action"] == "org.create"] == ["S2G"]
    assert all(e["actor_name"] != "sa1" for e in r.json())
    # a street admin cannot read the next street's log, a worker cannot read any
    assert (await api.get(audit(api, "s2"), as_="sa1")).status_code == 403
    assert (await api.get(audit(api, "A"), as_="wA")).status_code == 403
    # community B's secretary sees B only: the move into B and the denial at B, not A's create
    r = await api.get(audit(api, "B"), as_="secB")
    assert r.status_code == 200
    assert {e["org_id"] for e in r.json()} <= {api.org("B"), g}


async def test_filters(api):
    await _activity(api)
    url = audit(api, "s1")
    r = await api.get(f"{url}?action=member.", as_="sa1")
    assert {e["action"] for e in r.json()} == {"member.grant", "member.revoke"}
    r = await api.get(f"{url}?actor_id={api.world.users['wA']}", as_="sa1")
    assert {e["action"] for e in r.json()} == {"authz.denied"}
    r = await api.get(f"{url}?limit=2", as_="sa1")
    page = r.json()
    assert len(page) == 2
    r = await api.get(f"{url}?limit=2&before_id={page[-1]['id']}", as_="sa1")
    assert all(e["id"] < page[-1]["id"] for e in r.json()) and len(r.json()) == 2
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert (await api.get(url, as_="sa1", params={"since": future})).json() == []
    assert (await api.get(url, as_="sa1", params={"until": past})).json() == []
    assert len((await api.get(url, as_="sa1", params={"since": past})).json()) >= 7


async def test_logins_are_recorded(api, settings):
    from core.audit.models import AuditEntry
    from core.db import Database

    await api.client.post("/api/v1/auth/login", json={"username": "secA", "password": "password-123"})
    await api.client.post("/api/v1/auth/login", json={"username": "secA", "password": "nope-nope"})
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        rows = (await session.execute(select(AuditEntry.action, AuditEntry.actor_name))).all()
    await db.dispose()
    assert ("auth.login", "secA") in rows and ("auth.login_failed", "secA") in rows


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log"])
async def test_audit_log_refuses_update_and_delete(api, settings, sql):
    from core.db import Database

    await _activity(api)
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        with pytest.raises(Exception, match="append-only"):
            await session.execute(text(sql))
        await session.rollback()
    async with db.session() as session:
        n = await session.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'org.create'"))
    await db.dispose()
    assert n >= 2


async def test_platform_audit_lists_logins_for_platform_admins_only(api):
    await api.post("/api/v1/auth/login", json={"username": "secA", "password": "wrong-password"})
    r = await api.get("/api/v1/audit?action=auth.login_failed", as_="root")
    assert r.status_code == 200, r.text
    assert [e["actor_name"] for e in r.json()] == ["secA"]
    r = await api.get("/api/v1/audit", as_="cityadm")
    assert r.status_code == 403
    assert "platform admin" in r.json()["detail"]
