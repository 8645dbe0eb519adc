"""The register over HTTP: validation naming the field, masking, search, reveal and its logs."""

from __future__ import annotations

from people_helpers import add_person, resident_id

ID = resident_id("19900517")
PHONE = "13812345678"


async def test_create_is_masked_and_validation_names_the_field(api):
    made = await add_person(
        api,
        "A",
        id_number=ID,
        phone=PHONE,
        grid_id=api.org("A1"),
        gender="male",
        tags=[{"tag": "volunteer"}],
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["name"] == "张*三" and body["id_number"] == "370782********" + ID[-4:]
    assert body["phone"] == "138****5678" and body["birth_date"] == "1990-**-**"
    assert body["org_id"] == api.org("A1") and body["tags"] == ["volunteer"]
    assert ID not in made.text and PHONE not in made.text
    bad = {
        "id_number": {"id_number": ID[:-1] + ("0" if ID[-1] != "0" else "1")},
        "birth_date": {"id_number": resident_id("19850101", seq="777"), "birth_date": "1985-01-02"},
        "phone": {"phone": "12345"},
        "tags[0].tag": {"tags": [{"tag": "no-such-tag"}]},
        "grid_id": {"grid_id": api.org("B1")},
        "gender": {"gender": "x"},
    }
    for field, fields in bad.items():
        answer = await add_person(api, "A", **fields)
        assert answer.status_code == 422, (field, answer.text)
        assert field in answer.json()["detail"], (field, answer.text)
    dup = await add_person(api, "A", id_number=ID.lower())
    assert dup.status_code == 409 and "id_number" in dup.json()["detail"]


async def test_search_by_every_route_stays_inside_the_community(api):
    assert (
        await add_person(api, "A", id_number=ID, phone=PHONE, grid_id=api.org("A1"))
    ).status_code == 201
    base = f"/api/v1/orgs/{api.org('A')}/people"
    for query in ({"id_number": ID}, {"phone": PHONE}, {"q": "小三"}, {"grid_id": api.org("A1")}):
        found = await api.get(base, as_="wA", params=query)
        assert found.status_code == 200 and found.json()["total"] == 1, (query, found.text)
    # Another community's worker: its own list, or A's routes, never A's person.
    other = f"/api/v1/orgs/{api.org('B')}/people"
    for query in ({"id_number": ID}, {"phone": PHONE}, {"q": "小三"}, {}):
        found = await api.get(other, as_="wB", params=query)
        assert found.status_code == 200 and found.json()["total"] == 0, (query, found.text)
        assert (await api.get(base, as_="wB", params=query)).status_code == 403
    for query in ({"id_number": ID}, {"phone": PHONE}, {"q": "小三"}):
        assert (await api.post(f"{base}/search", as_="wA", json=query)).json()["total"] == 1
        found = await api.post(f"{other}/search", as_="wB", json=query)
        assert found.status_code == 200 and found.json()["total"] == 0
    # Registering the same number in B neither fails nor says it exists in A.
    assert (await add_person(api, "B", as_="wB", id_number=ID)).status_code == 201
    person_id = (await api.get(base, as_="wA", params={"id_number": ID})).json()["items"][0]["id"]
    for path in ("", "/access-log", "/consents"):
        assert (await api.get(f"{other}/{person_id}{path}", as_="wB")).status_code == 404
    assert (await api.get(f"{other}/{person_id}/export", as_="secB")).status_code == 404
    writes = [
        ("PATCH", "", {"name": "改名"}),
        ("DELETE", "", None),
        ("POST", "/move", {"to_org_id": api.org("B1")}),
        ("POST", "/erase", {"reason": "x"}),
        (
            "POST",
            "/consents",
            {"purpose": "register_sensitive", "guardian_name": "某", "relation": "父亲"},
        ),
        ("POST", "/consents/1/withdraw", None),
    ]
    for method, path, body in writes:
        r = await api.request(method, f"{other}/{person_id}{path}", as_="secB", json=body)
        assert r.status_code == 404, (method, path, r.text)
    assert (await api.get(base, as_="wA", params={"id_number": ID})).json()["items"][0][
        "name"
    ] == "张*三"
    assert (
        await api.post(
            f"{other}/{person_id}/reveal", as_="secB", json={"fields": ["phone"], "reason": "check"}
        )
    ).status_code == 404


async def test_reveal_needs_the_right_and_is_logged(api):
    person = (await add_person(api, "A", id_number=ID, phone=PHONE)).json()
    url = f"/api/v1/orgs/{api.org('A')}/people/{person['id']}"
    body = {"fields": ["id_number", "phone"], "reason": "上门核实低保"}
    denied = await api.post(f"{url}/reveal", as_="wA", json=body)
    assert denied.status_code == 403
    assert (
        await api.post(f"{url}/reveal", as_="secA", json={"fields": ["id_number"], "reason": ""})
    ).status_code == 422
    shown = await api.post(f"{url}/reveal", as_="secA", json=body)
    assert shown.status_code == 200, shown.text
    assert shown.json()["fields"] == {"id_number": ID, "phone": PHONE}
    log = (await api.get(f"{url}/access-log", as_="wA")).json()
    assert [(e["actor_name"], e["action"], e["fields"], e["reason"]) for e in log] == [
        ("secA", "reveal", ["id_number", "phone"], "上门核实低保")
    ]
    audit = (
        await api.get(
            f"/api/v1/orgs/{api.org('A')}/audit", as_="secA", params={"action": "privacy."}
        )
    ).json()
    items = audit["items"] if isinstance(audit, dict) else audit
    assert any(
        a["action"] == "privacy.reveal" and a["object_id"] == str(person["id"]) for a in items
    ), audit
    assert ID not in str(audit) and PHONE not in str(audit)


async def test_the_register_is_in_the_openapi_document(api):
    doc = await api.get("/schema/openapi.json")
    assert doc.status_code == 200, doc.text
    paths = doc.json()["paths"]
    for path in (
        "/api/v1/orgs/{org_id}/people",
        "/api/v1/orgs/{org_id}/people/{person_id}/reveal",
        "/api/v1/orgs/{org_id}/people/{person_id}/access-log",
        "/api/v1/orgs/{org_id}/households",
        "/api/v1/orgs/{org_id}/units",
    ):
        assert path in paths, path
