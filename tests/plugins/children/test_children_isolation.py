"""Another community and a disabled module see nothing; bad input is a 4xx naming the field."""

from __future__ import annotations

from core.db import Database
from core.plugins import get_plugin_manager
from tenants.models import OrgUnit
from tenants.scoping import set_scope

from children_world import KIDS


async def test_another_community_reads_and_changes_nothing(children):
    ids = await children.setup_home()
    await children.enable("B", "secB")
    kid_b = await children.post(
        "B", "/children", "wB", {"person_id": children.person("kidB"), "category": "difficulty"}
    )
    api, a_name = children.api, KIDS["kid1"][0]
    kid1 = ids["kid1"]
    # B's staff at A's org: refused before anything is read
    for method, rest, body in [
        ("GET", "/children", None),
        ("GET", f"/children/{kid1}", None),
        ("GET", "/pairings", None),
        ("GET", "/custody", None),
        ("GET", "/activities", None),
        ("GET", "/stats", None),
        ("POST", f"/children/{kid1}/contacts", {"contact_on": "2026-01-01", "mode": "phone"}),
        ("POST", "/custody", {"child_id": kid1}),
        ("PATCH", f"/children/{kid1}", {"school": "x"}),
    ]:
        for who in ("secB", "wB"):
            r = await api.request(method, children.url("A", rest), as_=who, json=body)
            assert r.status_code == 403, (method, rest, who, r.text)
    # B's staff at their own org with A's ids: not found, nothing changed
    for method, rest, body in [
        ("GET", f"/children/{kid1}", None),
        ("GET", f"/children/{kid1}/contacts", None),
        ("GET", f"/children/{kid1}/consents", None),
        ("GET", f"/children/{kid1}/reads", None),
        ("POST", f"/children/{kid1}/archive", {"reason": "left"}),
        (
            "POST",
            f"/children/{kid1}/pairings",
            {"helper_user_id": api.world.users["secB"], "helper_kind": "volunteer"},
        ),
        ("POST", f"/pairings/{ids['pairing']}/end", {}),
        ("POST", "/custody", {"child_id": kid1}),
        ("POST", f"/children/{kid1}/pickups", {"person_id": children.person("uncle")}),
        ("PATCH", f"/children/{kid1}", {"school": "x"}),
    ]:
        r = await api.request(method, children.url("B", rest), as_="secB", json=body)
        assert r.status_code == 404, (method, rest, r.text)
        assert a_name not in r.text
    # a child of A cannot be registered at B (A's register persons are not B's)
    r = await api.post(
        children.url("B", "/children"),
        as_="wB",
        json={"person_id": children.person("kid2"), "category": "migrant"},
    )
    assert r.status_code == 404 and "person_id" in r.json()["detail"]
    assert [c["id"] for c in await children.get("B", "/children", "secB")] == [kid_b["id"]]
    record = await children.get("A", f"/children/{kid1}", "secA")
    assert (
        record["status"] == "active"
        and record["school"] == "实验小学"
        and len(record["pairings"]) == 1
    )


async def test_a_disabled_module_answers_404_and_its_hooks_stay_silent(children, settings):
    ids = await children.setup_home()
    api = children.api
    for rest in ("/children", f"/children/{ids['kid1']}", "/stats", "/custody"):
        r = await api.get(children.url("D", rest), as_="cityadm")
        assert r.status_code == 404, r.text
    # (/orgs/{id}/children/ itself is also the console's page of an org's child nodes)
    from test_children_pages import _login

    await _login(api.client, "cityadm")
    assert (await api.client.get(f"/orgs/{api.org('D')}/children/custody")).status_code == 404
    assert (await api.client.get(f"/orgs/{api.org('A')}/children/figures")).status_code == 200
    manager = get_plugin_manager()
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        set_scope(session, None)
        a, d = [await session.get(OrgUnit, api.org(n)) for n in ("A", "D")]
        assert [
            n.id
            for n in await manager.collect_for_org(session, a, "register_nav")
            if n.id.startswith("children")
        ] == ["children"]
        assert not [
            n
            for n in await manager.collect_for_org(session, d, "register_nav")
            if n.id.startswith("children")
        ]
        assert not [
            c
            for c in await manager.collect_for_org(session, d, "register_dashboard_cards")
            if c.id.startswith("children")
        ]
        cards = {
            c.id: c for c in await manager.collect_for_org(session, a, "register_dashboard_cards")
        }
        set_scope(session, a.path)
        content = await cards["children.home"].load(session, a)
        assert dict(content.figures)["在册儿童"] == 2
    await db.dispose()
    # switched off: 404, and the data comes back when switched on again
    await children.enable("A", "secA", enabled=False)
    assert (await api.get(children.url("A", "/children"), as_="secA")).status_code == 404
    await children.enable("A", "secA")
    assert len(await children.get("A", "/children", "secA")) == 2


async def test_bad_input_is_a_4xx_naming_the_field(children):
    ids = await children.setup_home()
    api = children.api
    cases = [
        (
            "POST",
            "/children",
            {"person_id": children.person("kidB"), "category": "nonsense"},
            422,
            "category",
        ),
        (
            "POST",
            "/children",
            {"person_id": children.person("uncle"), "category": "migrant"},
            422,
            "person_id",
        ),
        (
            "POST",
            "/children",
            {"person_id": children.person("kid1"), "category": "migrant"},
            409,
            "person_id",
        ),
        ("POST", "/children", {"category": "migrant"}, 400, "person_id"),
        ("POST", "/children", {"person_id": 0, "category": "migrant"}, 400, "person_id"),
        (
            "POST",
            "/children",
            {"person_id": children.person("kid2"), "category": "migrant", "id_number": "1"},
            400,
            "id_number",
        ),
        (
            "POST",
            f"/children/{ids['kid1']}/contacts",
            {"contact_on": "2999-01-01", "mode": "phone"},
            422,
            "contact_on",
        ),
        (
            "POST",
            f"/children/{ids['kid1']}/contacts",
            {"contact_on": "2026-01-01", "mode": "fax"},
            422,
            "mode",
        ),
        (
            "POST",
            f"/children/{ids['kid1']}/consents",
            {"purpose": "x", "guardian_name": "a", "relation": "b"},
            422,
            "purpose",
        ),
        (
            "POST",
            f"/children/{ids['kid1']}/pairings",
            {"helper_user_id": api.world.users["secB"], "helper_kind": "teacher"},
            422,
            "helper_user_id",
        ),
        ("POST", f"/children/{ids['kid1']}/archive", {"reason": "bored"}, 422, "reason"),
        (
            "POST",
            f"/children/{ids['kid1']}/parents",
            {"parents": [{"relation": "aunt"}]},
            422,
            "parents[0].relation",
        ),
        (
            "POST",
            "/activities",
            {"kind": "party", "title": "x", "held_on": "2026-01-01"},
            422,
            "kind",
        ),
        (
            "POST",
            "/activities",
            {"kind": "homework", "title": "", "held_on": "2026-01-01"},
            400,
            "title",
        ),
        ("POST", "/custody", {"child_id": 99999}, 404, "child_id"),
        ("POST", "/custody/99999/sign-out", {"collected_by_person_id": 1}, 404, "custody_id"),
        ("GET", "/children/99999", None, 404, "child_id"),
    ]
    for method, rest, body, status, field in cases:
        r = await api.request(method, children.url("A", rest), as_="secA", json=body)
        assert r.status_code == status, (rest, body, r.text)
        assert field in r.json()["detail"], (rest, r.text)
    r = await api.get(children.url("A", "/export"), as_="secA")
    assert r.status_code == 400 and "reason" in r.json()["detail"]
    r = await api.put(
        f"/api/v1/orgs/{api.org('A')}/modules/children",
        as_="secA",
        json={"enabled": True, "config": {"contact_days": 0}},
    )
    assert r.status_code == 422 and "contact_days" in r.text
