"""A street or city reads the patrol figures of the communities below it that run the module,
without running the module itself; everything else of the module stays off where it is off."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from openpyxl import load_workbook

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')


async def _file_report(patrol, now) -> None:
    await patrol.post(
        "A",
        "/reports",
        "wA",
        {
            "category": "dispute",
            "description": "邻里噪音纠纷",
            "occurred_at": max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0)).isoformat(),  # today, Beijing
        },
    )


async def test_street_and_city_read_figures_of_communities_that_run_the_module(patrol, now):
    await patrol.enable("A", "secA")
    await _file_report(patrol, now)
    day = now.date().isoformat()

    street = await patrol.get("s1", "/stats", "sa1", start=day, end=day)
    city = await patrol.get("city", "/stats", "cityadm", start=day, end=day)
    assert street["reports"] == 1 and city["reports"] == 1
    # each community of the street, and each street of the city, on its own row
    rows = {row["org_id"]: row for row in street["by_child"]}
    assert set(rows) == {patrol.api.org("A"), patrol.api.org("B")}
    assert rows[patrol.api.org("A")]["reports"] == 1 and rows[patrol.api.org("B")]["reports"] == 0
    assert {row["org_id"]: row["reports"] for row in city["by_child"]} == {
        patrol.api.org("s1"): 1,
        patrol.api.org("s2"): 0,
    }
    r = await patrol.api.get(patrol.url("s1", "/export"), as_="sa1")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    book = load_workbook(io.BytesIO(r.content))
    sheet = book["下级单位"]
    assert sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True)) == [0, 1]

    # the street does not run the module: its own lists and forms are not there
    r = await patrol.api.get(patrol.url("s1", "/reports"), as_="sa1")
    assert r.status_code == 404 and "patrol" in r.json()["detail"]
    r = await patrol.api.post(
        patrol.url("s1", "/teams"), as_="sa1", json={"colour": "gold", "name": "街道队"}
    )
    assert r.status_code == 404

    # a street with no community running it, and a sibling community, see nothing
    r = await patrol.api.get(patrol.url("s2", "/stats"), as_="sa2")
    assert r.status_code == 404
    r = await patrol.api.get(patrol.url("B", "/stats"), as_="secB")
    assert r.status_code == 404
    # nor does the other street's admin reach s1's figures through s1's URL
    r = await patrol.api.get(patrol.url("s1", "/stats"), as_="sa2")
    assert r.status_code in (403, 404)


async def test_a_city_that_forbids_the_module_closes_the_subtree_view(patrol, now):
    await patrol.enable("A", "secA")
    await patrol.enable("city", "cityadm", enabled=False)
    r = await patrol.api.get(patrol.url("s1", "/stats"), as_="sa1")
    assert r.status_code == 404
    r = await patrol.api.get(patrol.url("A", "/stats"), as_="secA")
    assert r.status_code == 404


async def test_street_console_shows_the_figures_page_nav_and_cards(patrol, now):
    await patrol.enable("A", "secA")
    await _file_report(patrol, now)
    client = patrol.api.client
    page = await client.get("/login")
    r = await client.post(
        "/login",
        data={
            "username": "sa1",
            "password": "password-123",
            "_csrf": TOKEN.search(page.text).group(1),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    s1, s2 = patrol.api.org("s1"), patrol.api.org("s2")

    home = await client.get(f"/orgs/{s1}/")
    assert f'href="/orgs/{s1}/patrol/"' in home.text  # the nav link
    assert "七色防线 · 案件线索" in home.text  # the reports card, aggregating the subtree
    r = await client.get(f"/orgs/{s1}/patrol/")
    assert r.status_code == 200 and 'data-figure="reports"' in r.text
    assert 'id="by-child"' in r.text and 'data-child-figure="reports">1<' in r.text
    # the phone check-in page belongs to communities that run the module
    assert f'href="/orgs/{s1}/patrol/checkin"' not in home.text
    r = await client.get(f"/orgs/{s1}/patrol/checkin")
    assert r.status_code == 404

    await patrol.api.put(
        f"/api/v1/orgs/{patrol.api.org('A')}/modules/patrol", as_="secA", json={"enabled": False}
    )
    home = await client.get(f"/orgs/{s1}/")
    assert f'href="/orgs/{s1}/patrol/"' not in home.text and "七色防线 · 案件线索" not in home.text
    r = await client.get(f"/orgs/{s1}/patrol/")
    assert r.status_code == 404
    # s2 never had it
    r = await client.get(f"/orgs/{s2}/patrol/")
    assert r.status_code in (403, 404)


async def test_nav_links_and_cards_follow_the_users_rights(patrol, now):
    await patrol.enable("D", "sa2")
    client = patrol.api.client
    page = await client.get("/login")
    r = await client.post(
        "/login",
        data={
            "username": "nobody",  # a resident of D: may read the roster, not the figures
            "password": "password-123",
            "_csrf": TOKEN.search(page.text).group(1),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    d = patrol.api.org("D")
    home = await client.get(f"/orgs/{d}/")
    assert home.status_code == 200
    assert f'href="/orgs/{d}/patrol/"' not in home.text and "七色防线 · 案件线索" not in home.text
    assert (await client.get(f"/orgs/{d}/patrol/")).status_code == 403


async def test_the_dashboard_computes_the_cards_figures_once(patrol, now, monkeypatch):
    from plugins.patrol.services import StatsService

    await patrol.enable("A", "secA")
    await _file_report(patrol, now)
    calls = []
    real = StatsService.compute

    async def counted(self, org, start, end, **kw):
        calls.append(org.id)
        return await real(self, org, start, end, **kw)

    monkeypatch.setattr(StatsService, "compute", counted)
    client = patrol.api.client
    page = await client.get("/login")
    await client.post(
        "/login",
        data={
            "username": "sa1",
            "password": "password-123",
            "_csrf": TOKEN.search(page.text).group(1),
            "next": "/",
        },
    )
    calls.clear()  # the login may have followed its redirect to the dashboard already
    home = await client.get(f"/orgs/{patrol.api.org('s1')}/")
    assert "七色防线 · 案件线索" in home.text and "七色防线 · 各队人次" in home.text
    assert calls == [patrol.api.org("s1")]  # two cards, one computation
