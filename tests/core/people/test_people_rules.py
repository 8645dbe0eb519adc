"""Consent for minors, moves with history, households and units, tenant isolation of each route."""

from __future__ import annotations

from people_helpers import add_person, resident_id


async def test_sensitive_tag_on_a_child_needs_consent(api):
    base = f"/api/v1/orgs/{api.org('A')}/people"
    refused = await add_person(
        api, "A", birth_date="2016-06-01", tags=[{"tag": "left_behind_child"}]
    )
    assert refused.status_code == 409 and "consent" in refused.json()["detail"]
    assert (await api.get(base, as_="secA", params={"q": "张小三"})).json()[
        "total"
    ] == 0  # nothing written
    child = (
        await add_person(api, "A", birth_date="2016-06-01", tags=[{"tag": "volunteer"}])
    ).json()
    tags = {"tags": [{"tag": "volunteer"}, {"tag": "left_behind_child"}]}
    assert (await api.patch(f"{base}/{child['id']}", as_="secA", json=tags)).status_code == 409
    consent = await api.post(
        f"{base}/{child['id']}/consents",
        as_="wA",
        json={"purpose": "register_sensitive", "guardian_name": "张爸爸", "relation": "父亲"},
    )
    assert consent.status_code == 201, consent.text
    ok = await api.patch(f"{base}/{child['id']}", as_="secA", json=tags)
    assert ok.status_code == 200 and ok.json()["tags"] == ["left_behind_child", "volunteer"]
    withdrawn = await api.post(
        f"{base}/{child['id']}/consents/{consent.json()['id']}/withdraw", as_="secA"
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["active"] is False
    listed = await api.get(f"{base}/{child['id']}/consents", as_="wA")
    assert listed.status_code == 200 and [c["active"] for c in listed.json()] == [False]
    # An adult needs none.
    adult = await add_person(api, "A", birth_date="1960-01-01", tags=[{"tag": "dibao"}])
    assert adult.status_code == 201, adult.text


async def test_move_keeps_history_and_moves_the_tags(api):
    base = f"/api/v1/orgs/{api.org('A')}/people"
    person = (await add_person(api, "A", grid_id=api.org("A1"), tags=[{"tag": "veteran"}])).json()
    to_a2 = await api.post(
        f"{base}/{person['id']}/move",
        as_="secA",
        json={"to_org_id": api.org("A2"), "reason": "搬家"},
    )
    assert to_a2.status_code == 200, to_a2.text
    # The grid worker of A1 no longer sees them; A's list still does, under A2.
    assert (await api.get(f"/api/v1/orgs/{api.org('A1')}/people", as_="gA1")).json()["total"] == 0
    # A secretary of A cannot move them into B; the street admin of both can.
    assert (
        await api.post(f"{base}/{person['id']}/move", as_="secA", json={"to_org_id": api.org("B1")})
    ).status_code == 403
    assert (
        await api.post(
            f"{base}/{person['id']}/move",
            as_="cityadm",
            json={"to_org_id": api.org("B1"), "reason": "迁入B"},
        )
    ).status_code == 200
    moved = await api.get(f"/api/v1/orgs/{api.org('B')}/people/{person['id']}", as_="secB")
    assert moved.status_code == 200, moved.text
    assert moved.json()["tags"] == ["veteran"] and moved.json()["org_id"] == api.org("B1")
    assert [m["to_org_id"] for m in moved.json()["moves"]] == [api.org("A2"), api.org("B1")]
    by_tag = await api.get(
        f"/api/v1/orgs/{api.org('B')}/people", as_="secB", params={"tag": "veteran"}
    )
    assert by_tag.json()["total"] == 1
    assert (await api.get(f"{base}/{person['id']}", as_="secA")).status_code == 404


async def test_households_and_units_are_tenant_rows(api):
    hh = await api.post(
        f"/api/v1/orgs/{api.org('A')}/households",
        as_="wA",
        json={"label": "3栋2单元501", "building": "3", "unit_no": "2", "room": "501"},
    )
    assert hh.status_code == 201, hh.text
    head = (
        await add_person(
            api, "A", household_id=hh.json()["id"], relation_to_head="head", id_number=resident_id()
        )
    ).json()
    set_head = await api.patch(
        f"/api/v1/orgs/{api.org('A')}/households/{hh.json()['id']}",
        as_="wA",
        json={"head_person_id": head["id"]},
    )
    assert set_head.status_code == 200 and set_head.json()["members"][0]["name"] == "张*三"
    unit = await api.post(
        f"/api/v1/orgs/{api.org('A')}/units",
        as_="secA",
        json={
            "name": "第一小学",
            "kind": "school",
            "relation": "co_building",
            "contact_name": "王老师",
            "contact_phone": "010-62345678",
            "credit_code": "12110000400000000X",
        },
    )
    assert unit.status_code == 201, unit.text
    assert unit.json()["contact_phone"] == "010****5678"
    bad = await api.post(
        f"/api/v1/orgs/{api.org('A')}/units", as_="secA", json={"name": "x", "kind": "bank"}
    )
    assert bad.status_code == 422 and "kind" in bad.json()["detail"]
    for path in (f"households/{hh.json()['id']}", f"units/{unit.json()['id']}"):
        assert (await api.get(f"/api/v1/orgs/{api.org('B')}/{path}", as_="secB")).status_code == 404
        assert (await api.get(f"/api/v1/orgs/{api.org('A')}/{path}", as_="secB")).status_code == 403
    for path in ("households", "units", "people"):
        listed = await api.get(f"/api/v1/orgs/{api.org('B')}/{path}", as_="secB")
        assert listed.status_code == 200 and listed.json()["total"] == 0
        street = await api.get(f"/api/v1/orgs/{api.org('s1')}/{path}", as_="sa1")
        assert street.status_code == 200 and street.json()["total"] >= 1
    # The street reads, masked, and may not reveal or write.
    assert (
        await api.post(
            f"/api/v1/orgs/{api.org('s1')}/people/{head['id']}/reveal",
            as_="sa1",
            json={"fields": ["phone"], "reason": "查看"},
        )
    ).status_code == 403
    assert (await add_person(api, "A", as_="sa1")).status_code == 403


async def test_paging_and_bad_parameters_name_the_field(api):
    for i in range(3):
        assert (await add_person(api, "A", name=f"王{i}明")).status_code == 201
    base = f"/api/v1/orgs/{api.org('A')}/people"
    first = (await api.get(base, as_="wA", params={"page_size": 2})).json()
    second = (await api.get(base, as_="wA", params={"page_size": 2, "page": 2})).json()
    assert first["total"] == 3 and len(first["items"]) == 2 and len(second["items"]) == 1
    for params, field in (
        ({"page_size": 500}, "page_size"),
        ({"page": 0}, "page"),
        ({"grid_id": api.org("B1")}, "grid_id"),
    ):
        r = await api.get(base, as_="wA", params=params)
        assert r.status_code == 422 and field in r.json()["detail"], r.text
    assert (await api.get(base, as_="wA", params={"q": "%"})).json()["total"] == 0
