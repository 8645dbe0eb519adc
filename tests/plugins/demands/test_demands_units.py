"""上报 to a unit: the street hands an escalated demand to a unit through the partner grant.

Units U (registered by street s1) and V (registered by community B) have accounts ``uacc`` and
``vacc`` holding ``unit_demand_handler``; W (registered by community D, under street s2) and
P (at s1, whose account holds only ``unit_party_admin``) are there to be refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from demands_helpers import csrf_of, login
from shequ_testing import add_register_rows

from core.localtime import local_today
from core.people.models import Unit
from core.workdays import deadline

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Units:
    u: int
    v: int
    w: int
    p: int


async def _account(api, org: str, unit_id: int, username: str, as_: str, role: str) -> None:
    r = await api.post(
        f"/api/v1/orgs/{api.org(org)}/partner-grants",
        as_=as_,
        json={"unit_id": unit_id, "role": role, "username": username, "password": "password-123"},
    )
    assert r.status_code == 201, r.text
    api.world.users[username] = r.json()["user_id"]


@pytest.fixture
async def units(api, demands) -> Units:
    s = api.settings
    ids = Units(
        u=await add_register_rows(s, api.org("s1"), Unit, name="区住建局"),
        v=await add_register_rows(s, api.org("B"), Unit, name="市供电公司"),
        w=await add_register_rows(s, api.org("D"), Unit, name="区水务局"),
        p=await add_register_rows(s, api.org("s1"), Unit, name="区税务局"),
    )
    await _account(api, "s1", ids.u, "uacc", "sa1", "unit_demand_handler")
    await _account(api, "B", ids.v, "vacc", "secB", "unit_demand_handler")
    await _account(api, "D", ids.w, "wacc", "sa2", "unit_demand_handler")
    await _account(api, "s1", ids.p, "pacc", "sa1", "unit_party_admin")
    for org in ("A", "B", "D"):
        await demands.enable(org)
    return ids


def unit_url(unit_id: int, rest: str = "") -> str:
    return f"/api/v1/units/{unit_id}/demands{rest}"


async def _escalated(demands, org: str = "A", as_: str = "wA", **body) -> dict:
    d = await demands.new(org, as_, **body)
    sec = "secA" if org == "A" else "secB"
    await demands.post(org, f"/demands/{d['id']}/disposition", sec, {"kind": "escalated"})
    return d


async def test_a_unit_sees_only_what_was_handed_to_it_and_its_answer_starts_the_clock(
    demands, api, units
):
    d1 = await _escalated(demands, contact_name="张三丰", contact_phone="13800001111")
    d2 = await _escalated(demands, "B", "wB")
    d3 = await _escalated(demands)  # stays with the street
    out = await demands.post(
        "s1", f"/queue/{d1['id']}/hand-off", "sa1", {"unit_id": units.u, "working_days": 5}
    )
    due = deadline(local_today(), 5)
    assert out["handed_to_unit_id"] == units.u and out["status"] == "escalated"
    assert out["handed_due_on"] == due.due_on.isoformat()
    assert out["handed_due_provisional"] is due.provisional
    await demands.post("s1", f"/queue/{d2['id']}/hand-off", "sa1", {"unit_id": units.v})
    # the street's queue keeps all three until they are answered
    assert {x["id"] for x in await demands.get("s1", "/queue", "sa1")} == {
        d1["id"],
        d2["id"],
        d3["id"],
    }

    seen_u = (await api.get(unit_url(units.u), as_="uacc")).json()
    assert [x["id"] for x in seen_u] == [d1["id"]]
    row = seen_u[0]
    assert row["content"] == "楼道灯坏了" and row["community"] == "A-org"
    assert row["handed_due_on"] == due.due_on.isoformat()
    assert row["resident"] and row["resident"] != "张三丰" and "三" not in row["resident"]
    assert not {"person_id", "person", "org_id", "contact_phone"} & set(row)
    assert "13800001111" not in (await api.get(unit_url(units.u), as_="uacc")).text
    assert [x["id"] for x in (await api.get(unit_url(units.v), as_="vacc")).json()] == [d2["id"]]
    # W (another street's unit) has nothing; nobody reaches another unit's list or rows
    assert (await api.get(unit_url(units.w), as_="wacc")).json() == []
    for who, unit in (("vacc", units.u), ("uacc", units.v), ("wacc", units.u), ("secA", units.u)):
        assert (await api.get(unit_url(unit), as_=who)).status_code == 403, who
    for demand in (d1, d3):
        r = await api.get(unit_url(units.v, f"/{demand['id']}"), as_="vacc")
        assert r.status_code == 404 and "demand_id" in r.json()["detail"], r.text
    r = await api.post(unit_url(units.v, f"/{d1['id']}/answer"), as_="vacc", json={"answer": "x"})
    assert r.status_code == 404 and "demand_id" in r.json()["detail"]
    r = await api.post(unit_url(units.u, f"/{d3['id']}/answer"), as_="uacc", json={"answer": "x"})
    assert r.status_code == 404
    r = await api.post(unit_url(units.u, f"/{d1['id']}/answer"), as_="uacc", json={"answer": ""})
    assert r.status_code == 422 and "answer" in r.json()["detail"]
    # a party unit's account holds no demand right, even on its own unit
    assert (await api.get(unit_url(units.p), as_="pacc")).status_code == 403

    answered = await api.post(
        unit_url(units.u, f"/{d1['id']}/answer"),
        as_="uacc",
        json={"answer": "已安排维修", "answered_on": "2026-09-30"},
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered"
    # the answer flows back like a superior's: the community's 3-working-day reply clock
    got = await demands.get("A", f"/demands/{d1['id']}", "wA")
    assert (got["status"], got["due_on"], got["answer"]) == ("answered", "2026-10-10", "已安排维修")
    assert got["answered_by_unit_id"] == units.u and got["answered_by_org_id"] is None
    assert [s["action"] for s in got["steps"]][-2:] == ["handed", "answered:unit"]
    kinds = [m.kind for m in await demands.messages(d1["id"])]
    assert kinds == ["accepted", "handling:escalated:0", "answered:0"]
    assert {x["id"] for x in await demands.get("s1", "/queue", "sa1")} == {d2["id"], d3["id"]}
    r = await api.post(unit_url(units.u, f"/{d1['id']}/answer"), as_="uacc", json={"answer": "y"})
    assert r.status_code == 409 and "demand_id" in r.json()["detail"]
    # it stays in the unit's list, answered; nothing to answer is left
    assert (
        await api.get(unit_url(units.u), as_="uacc", params={"pending_only": True})
    ).json() == []
    assert (await api.get(unit_url(units.u, f"/{d1['id']}"), as_="uacc")).json()["answer"]


async def test_hand_off_refusals_name_the_field(demands, api, units):
    d = await _escalated(demands)
    url = f"/queue/{d['id']}/hand-off"
    # a unit of another street, a missing unit: not found here
    for unit in (units.w, 999999):
        r = await api.post(demands.url("s1", url), as_="sa1", json={"unit_id": unit})
        assert r.status_code == 404 and "unit_id" in r.json()["detail"], r.text
    # a unit whose accounts do not handle demands
    r = await api.post(demands.url("s1", url), as_="sa1", json={"unit_id": units.p})
    assert r.status_code == 409 and "unit_id" in r.json()["detail"]
    r = await api.post(
        demands.url("s1", url), as_="sa1", json={"unit_id": units.u, "working_days": 0}
    )
    assert r.status_code == 400 and "working_days" in r.text
    # another street, the community itself: not theirs to hand on
    r = await api.post(demands.url("s2", url), as_="sa2", json={"unit_id": units.w})
    assert r.status_code == 404 and "demand_id" in r.json()["detail"]
    r = await api.post(demands.url("s1", url), as_="secA", json={"unit_id": units.u})
    assert r.status_code == 403
    # a demand that is not in the street's queue (still open at the community)
    d_open = await demands.new()
    r = await api.post(
        demands.url("s1", f"/queue/{d_open['id']}/hand-off"), as_="sa1", json={"unit_id": units.u}
    )
    assert r.status_code == 409 and "demand_id" in r.json()["detail"]
    assert (await api.get(unit_url(units.u), as_="uacc")).json() == []


async def test_forwarding_or_switching_the_module_off_hides_it_from_the_unit(demands, api, units):
    d = await _escalated(demands)
    d_b = await _escalated(demands, "B", "wB")
    for x in (d, d_b):
        await demands.post("s1", f"/queue/{x['id']}/hand-off", "sa1", {"unit_id": units.u})
    assert len((await api.get(unit_url(units.u), as_="uacc")).json()) == 2
    # the street sends d further up: the city decides afresh, the unit no longer sees it
    out = await demands.post("s1", f"/queue/{d['id']}/forward", "sa1", {"note": "需市级协调"})
    assert out["handed_to_unit_id"] is None
    assert [x["id"] for x in (await api.get(unit_url(units.u), as_="uacc")).json()] == [d_b["id"]]
    r = await api.post(unit_url(units.u, f"/{d['id']}/answer"), as_="uacc", json={"answer": "x"})
    assert r.status_code == 404
    # community B switches the module off: its demand disappears from the unit's view
    await demands.enable("B", enabled=False)
    assert (await api.get(unit_url(units.u), as_="uacc")).json() == []
    assert (await api.get(unit_url(units.u, f"/{d_b['id']}"), as_="uacc")).status_code == 404


def _fill(path: str, values: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(values.get(m.group(1), 1)), path)


async def test_unit_account_is_refused_on_every_org_route_and_other_units(demands, api, units):
    d = await _escalated(demands)
    await demands.post("s1", f"/queue/{d['id']}/hand-off", "sa1", {"unit_id": units.u})
    schema = (await api.get("/schema/openapi.json")).json()
    values = {"demand_id": d["id"], "unit_id": units.v}
    org_routes = unit_routes = 0
    for path, ops in schema["paths"].items():
        for method in (m for m in ops if m in METHODS):
            if "{org_id" in path:
                for org in ("A", "s1", "B", "city"):
                    url = _fill(path, {**values, "org_id": api.org(org)})
                    r = await api.request(method.upper(), url, as_="uacc", json={})
                    assert r.status_code == 403, (method, url, r.status_code, r.text)
                org_routes += 1
            elif "{unit_id" in path:
                for unit in (units.v, units.w, units.p):
                    url = _fill(path, {**values, "unit_id": unit})
                    r = await api.request(method.upper(), url, as_="uacc", json={})
                    assert r.status_code in (403, 404), (method, url, r.status_code, r.text)
                unit_routes += 1
    assert org_routes > 30 and unit_routes >= 3
    # nothing of d changed
    assert (await demands.get("A", f"/demands/{d['id']}", "wA"))["status"] == "escalated"


async def test_console_hand_off_and_unit_page(demands, api, units):
    d = await _escalated(demands)
    await login(api, "sa1")
    street = await api.client.get(f"/orgs/{api.org('s1')}/demands/")
    assert street.status_code == 200 and 'name="unit_id"' in street.text
    assert "区住建局" in street.text and "区税务局" not in street.text  # no demand handler there
    r = await api.client.post(
        f"/orgs/{api.org('s1')}/demands/queue/{d['id']}",
        data={"_csrf": csrf_of(street.text), "action": "hand_off", "unit_id": str(units.u)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    api.client.cookies.clear()
    await login(api, "uacc")
    home = await api.client.get(f"/units/{units.u}/")
    assert home.status_code == 200 and f"/units/{units.u}/demands/" in home.text
    page = await api.client.get(f"/units/{units.u}/demands/")
    assert page.status_code == 200 and f'data-demand="{d["id"]}"' in page.text
    assert (await api.client.get(f"/units/{units.v}/demands/")).status_code == 403
    assert (await api.client.get(f"/orgs/{api.org('A')}/demands/")).status_code == 403
    r = await api.client.post(
        f"/units/{units.u}/demands/{d['id']}",
        data={"_csrf": csrf_of(page.text), "answer": "已派人维修"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    api.client.cookies.clear()
    got = await demands.get("A", f"/demands/{d['id']}", "wA")
    assert got["status"] == "answered" and got["answered_by_unit_id"] == units.u
    # the community's page says a unit answered, and by when the unit had to
    await login(api, "wA")
    mine = await api.client.get(f"/orgs/{api.org('A')}/demands/{d['id']}")
    assert mine.status_code == 200 and 'id="handed"' in mine.text and "已派人维修" in mine.text


async def test_a_unit_past_its_limit_is_supervised_once_and_told(demands, api, units, run_jobs):
    from datetime import timedelta

    from plugins.demands.jobs import supervise

    late = await _escalated(demands)
    kept = await _escalated(demands)  # stays with the street: no promise of the community runs
    out = await demands.post(
        "s1", f"/queue/{late['id']}/hand-off", "sa1", {"unit_id": units.u, "working_days": 1}
    )
    on = (local_today() + timedelta(days=30)).isoformat()
    assert await supervise(api.org("A"), on) == 1
    assert await supervise(api.org("A"), on) == 0  # one order per demand, however often it runs
    orders = await demands.get("s1", "/supervisions", "sa1")
    assert [(o["demand_id"], o["overdue_since"]) for o in orders] == [
        (late["id"], out["handed_due_on"])
    ]
    assert orders[0]["responsible_user_id"] is None and kept["id"] not in {o["demand_id"] for o in orders}
    # the unit's handler accounts hear of it; the other unit does not
    told = [m for m in (await api.get("/api/v1/me/inbox", as_="uacc")).json() if m["kind"] == "supervision"]
    assert [m["ref"] for m in told] == [str(late["id"])]
    assert not [m for m in (await api.get("/api/v1/me/inbox", as_="vacc")).json() if m["kind"] == "supervision"]
