"""Module enablement over HTTP: inheritance down the tree, the city's veto, config schema, rights."""

from __future__ import annotations


def _put(api, org, plugin, as_="root", **body):
    return api.put(f"/api/v1/orgs/{api.org(org)}/modules/{plugin}", as_=as_, json=body)


async def _state(api, org, plugin, as_="root") -> dict:
    r = await api.get(f"/api/v1/orgs/{api.org(org)}/modules", as_=as_)
    assert r.status_code == 200, r.text
    return next(m for m in r.json() if m["plugin"] == plugin)


async def test_catalog_lists_installed_plugins(api):
    r = await api.get("/api/v1/plugins", as_="wA")
    assert r.status_code == 200, r.text
    reception = next(p for p in r.json() if p["id"] == "reception")
    assert reception["title_zh"] == "接待日" and reception["levels"] == ["street", "community"]
    assert reception["default_config"] == {"min_days_per_week": 1, "weekday": 3}


async def test_street_enables_for_its_communities_unless_one_turns_it_off(api):
    r = await _put(api, "s1", "reception", as_="sa1", enabled=True)
    assert r.status_code == 200, r.text
    for org in ("A", "B", "A1", "B1"):
        state = await _state(api, org, "reception")
        assert state["enabled"] is True and state["source_org_id"] == api.org("s1"), org
        assert state["source_level"] == "street" and state["inherited"] is True
    assert (await _state(api, "D", "reception"))["enabled"] is False  # the other street
    r = await _put(api, "A", "reception", as_="secA", enabled=False)
    assert r.status_code == 200 and r.json()["enabled"] is False and r.json()["inherited"] is False
    assert (await _state(api, "A", "reception"))["enabled"] is False
    a1 = await _state(api, "A1", "reception")
    assert a1["enabled"] is False and a1["source_org_id"] == api.org("A")  # nearest explicit wins
    assert (await _state(api, "B", "reception"))["enabled"] is True


async def test_city_decides_which_plugins_its_tree_may_use(api):
    assert (await _put(api, "city", "reception", as_="cityadm", enabled=False)).status_code == 200
    r = await _put(api, "A", "reception", as_="secA", enabled=True)
    assert r.status_code == 409 and "not allowed" in r.json()["detail"]
    state = await _state(api, "A", "reception")
    assert state["allowed"] is False and state["enabled"] is False and state["source_level"] == "city"
    assert (await _put(api, "city", "reception", as_="cityadm", enabled=True)).status_code == 200
    # allowing is not enabling: the city row only opens the door
    assert (await _state(api, "A", "reception"))["enabled"] is False
    assert (await _put(api, "A", "reception", as_="secA", enabled=True)).status_code == 200
    assert (await _state(api, "A", "reception"))["enabled"] is True


async def test_config_is_validated_against_the_plugin_schema(api):
    r = await _put(api, "A", "reception", as_="secA", enabled=True, config={"min_days_per_week": 9})
    assert r.status_code == 422 and "config.min_days_per_week" in r.json()["detail"]
    r = await _put(api, "A", "reception", as_="secA", enabled=True, config={"colour": "red"})
    assert r.status_code == 422 and "config.colour" in r.json()["detail"]
    r = await _put(api, "A", "reception", as_="secA", enabled=True, config={"min_days_per_week": 2})
    assert r.status_code == 200 and r.json()["config"] == {"min_days_per_week": 2, "weekday": 3}
    r = await _put(api, "A", "reception", as_="secA", enabled=True, colour="red")
    assert r.status_code == 400 and "colour" in r.text


async def test_levels_and_rights(api):
    r = await _put(api, "A1", "reception", as_="secA", enabled=True)
    assert r.status_code == 422 and "street, community" in r.json()["detail"]
    assert (await _put(api, "A", "reception", as_="wA", enabled=True)).status_code == 403
    assert (await _put(api, "s1", "reception", as_="secA", enabled=True)).status_code == 403
    assert (await api.get(f"/api/v1/orgs/{api.org('D')}/modules", as_="nobody")).status_code == 403
    assert (await api.get(f"/api/v1/orgs/{api.org('B')}/modules", as_="secA")).status_code == 403
    r = await _put(api, "A", "nosuchplugin", as_="secA", enabled=True)
    assert r.status_code == 404 and "nosuchplugin" in r.json()["detail"]
