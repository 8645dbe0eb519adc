"""The outside example plugin (examples/shequ-reception), pip-installed, used over HTTP with no core change."""

from __future__ import annotations

from datetime import date
from importlib.metadata import entry_points

import pytest

INSTALL_HINT = ("the example plugin is not installed: run `.venv/bin/pip install -e examples/shequ-reception` "
                "(CI installs it before the tests; see docs/plugins.md)")


def test_example_plugin_is_installed_through_its_entry_point():
    found = {ep.name: ep.value for ep in entry_points(group="shequ.plugins")}
    assert found.get("reception") == "shequ_reception", INSTALL_HINT


@pytest.fixture
def visits_url(api):
    return f"/api/v1/orgs/{api.org('A')}/reception/visits"


async def test_reception_log_end_to_end(api, visits_url):
    assert "reception" in api.client.app.state.plugin_ids, INSTALL_HINT
    visit = {"visit_date": date.today().isoformat(), "visitor": "李阿姨", "matter": "楼道灯坏了",
             "outcome": "已报物业维修"}
    r = await api.post(visits_url, as_="secA", json=visit)
    assert r.status_code == 404 and r.json()["detail"] == f"module 'reception' is not enabled at org {api.org('A')}"
    r = await api.put(f"/api/v1/orgs/{api.org('A')}/modules/reception", as_="secA", json={"enabled": True})
    assert r.status_code == 200, r.text
    r = await api.post(visits_url, as_="secA", json=visit)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["receiver"] == "secA" and created["org_id"] == api.org("A")
    r = await api.post(visits_url, as_="wA", json={**visit, "visitor": "王大爷", "receiver": "张书记"})
    assert r.status_code == 201 and r.json()["receiver"] == "张书记"
    grid_url = f"/api/v1/orgs/{api.org('A1')}/reception/visits"  # the grid inherits the module from A
    assert (await api.post(grid_url, as_="gA1", json=visit)).status_code == 403  # grid workers only read
    r = await api.get(grid_url, as_="gA1")
    assert r.status_code == 200 and r.json() == []  # the visits belong to A, above the grid
    r = await api.get(visits_url, as_="wA")
    assert r.status_code == 200 and {v["visitor"] for v in r.json()} == {"李阿姨", "王大爷"}
    r = await api.get(f"/api/v1/orgs/{api.org('A')}/reception/summary", as_="secA")
    assert r.status_code == 200 and r.json()["reception_days"] == 1 and r.json()["ok"] is True
    r = await api.post(visits_url, as_="secA", json={**visit, "visitor": ""})
    assert r.status_code == 400 and "visitor" in r.text
    # another community cannot read A's rows, even with the module on
    await api.put(f"/api/v1/orgs/{api.org('B')}/modules/reception", as_="secB", json={"enabled": True})
    r = await api.get(f"/api/v1/orgs/{api.org('B')}/reception/visits/{created['id']}", as_="secB")
    assert r.status_code == 404
    assert (await api.get(f"/api/v1/orgs/{api.org('B')}/reception/visits", as_="secB")).json() == []
    assert (await api.get(visits_url, as_="secB")).status_code == 403
    # switching off keeps the data; switching on brings it back
    await api.put(f"/api/v1/orgs/{api.org('A')}/modules/reception", as_="secA", json={"enabled": False})
    assert (await api.get(visits_url, as_="secA")).status_code == 404
    await api.put(f"/api/v1/orgs/{api.org('A')}/modules/reception", as_="secA", json={"enabled": True})
    r = await api.get(f"{visits_url}/{created['id']}", as_="secA")
    assert r.status_code == 200 and r.json()["matter"] == "楼道灯坏了"
