"""Job runs over HTTP: provisioning and exports run in the background with progress, on both
backends, with a real worker (in-process threads on the real broker: Redis on PostgreSQL)."""

from __future__ import annotations

import asyncio
import dataclasses
import io

import pytest
import yaml
from litestar.testing import AsyncTestClient
from openpyxl import load_workbook

from shequ_testing import Api

DOC = {
    "nodes": [
        {
            "level": "community",
            "name": "后台社区",
            "code": "BG1",
            "admins": [{"username": "bgsec", "password": "bgsec-pass1", "role": "community_secretary"}],
            "children": [{"level": "grid", "name": "后台一网格", "code": "BG1-1"}],
        }
    ]
}


@pytest.fixture
async def japi(settings, world):
    """The app with worker threads in the web process, whatever the backend."""
    from core.app import create_app

    app = create_app(dataclasses.replace(settings, worker_in_process=True))
    async with AsyncTestClient(app=app) as client:
        yield Api(client, world, settings)


async def wait_run(api: Api, org: str, run: dict, as_: str, timeout: float = 30) -> dict:
    """Poll the run until it finishes (the page does the same with a refresh)."""
    url = f"/api/v1/orgs/{api.org(org)}/runs/{run['id']}"
    for _ in range(int(timeout / 0.1)):
        r = await api.get(url, as_=as_)
        assert r.status_code == 200, r.text
        body = r.json()
        if body["status"] in ("done", "failed"):
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"run {run['id']} still {body['status']} after {timeout} s")


def yaml_doc(doc=DOC) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True).encode()


async def start_provision(api, org="s1", as_="sa1", dry=False, doc=None):
    r = await api.post(
        f"/api/v1/orgs/{api.org(org)}/provision/jobs" + ("?dry_run=true" if dry else ""),
        as_=as_, content=doc if doc is not None else yaml_doc(), headers={"content-type": "application/yaml"},
    )
    return r


async def test_preview_run_writes_nothing_then_apply_creates_and_grants(japi):
    r = await start_provision(japi, dry=True)
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "queued"
    preview = await wait_run(japi, "s1", r.json(), "sa1")
    assert preview["status"] == "done", preview
    assert preview["result"]["dry_run"] is True
    assert [n["code"] for n in preview["result"]["nodes"]] == ["BG1", "BG1-1"]
    assert all(n["new"] for n in preview["result"]["nodes"])
    tree = (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/tree", as_="sa1")).json()
    assert "BG1" not in str(tree)

    applied = await wait_run(japi, "s1", (await start_provision(japi)).json(), "sa1")
    assert applied["status"] == "done", applied
    assert applied["result"]["created"]["orgs"] == 2
    tree = (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/tree", as_="sa1")).json()
    assert "BG1-1" in str(tree)
    # The new secretary's role reached the web process's authorizer after the job committed.
    login = await japi.client.post("/api/v1/auth/login", json={"username": "bgsec", "password": "bgsec-pass1"})
    token = login.json()["access_token"]
    new_org = next(c for c in tree["children"] if c["code"] == "BG1")["id"]
    for _ in range(50):
        r = await japi.client.get(f"/api/v1/orgs/{new_org}", headers={"Authorization": f"Bearer {token}"})
        if r.status_code == 200:
            break
        await asyncio.sleep(0.1)
    assert r.status_code == 200, r.text
    audit = (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/audit?action=org.provision", as_="sa1")).json()
    done = [(e["actor_id"], e["detail"]["run"]) for e in audit if e["action"] == "org.provision"]
    assert done == [(japi.world.users["sa1"], applied["id"])]
    assert {e["action"] for e in audit} == {"org.provision", "org.provision.start"}


async def test_bad_document_fails_the_run_naming_rows_and_writes_nothing(japi):
    bad = {"nodes": [{"level": "community", "name": "好社区", "code": "OK1"},
                     {"level": "grid", "name": "", "code": "X2"}]}
    run = await wait_run(japi, "s1", (await start_provision(japi, doc=yaml_doc(bad))).json(), "sa1")
    assert run["status"] == "failed"
    assert run["errors"] and run["errors"][0]["ref"].startswith("nodes[1]")
    assert any(e["field"] for e in run["errors"])
    tree = (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/tree", as_="sa1")).json()
    assert "OK1" not in str(tree)


async def test_empty_upload_is_422_naming_file(japi):
    r = await start_provision(japi, doc=b"")
    assert r.status_code == 422
    assert "file" in r.json()["detail"]


async def test_another_street_cannot_start_or_see_a_provisioning_run(japi):
    r = await start_provision(japi, org="s1", as_="sa2")
    assert r.status_code == 403
    run = (await start_provision(japi, dry=True)).json()
    await wait_run(japi, "s1", run, "sa1")
    for url in (f"/api/v1/orgs/{japi.org('s2')}/runs/{run['id']}", f"/api/v1/orgs/{japi.org('s2')}/runs/"):
        r = await japi.get(url, as_="sa2")
        assert r.status_code in (200, 404)
        assert str(run["id"]) not in r.text or r.status_code == 404
    assert (await japi.get(f"/api/v1/orgs/{japi.org('s2')}/runs/{run['id']}", as_="sa2")).status_code == 404
    assert (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/runs/{run['id']}", as_="sa2")).status_code == 403
    # The secretary of a community below holds core:org read at s1? No: only in A's subtree.
    assert (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/runs/{run['id']}", as_="secA")).status_code == 403
    assert (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/runs/", as_="sa1")).json()[0]["id"] == run["id"]


async def test_runs_are_listed_only_to_holders_of_their_right(japi):
    grids = {"nodes": [{"level": "grid", "name": "新网格", "code": "A-NEW"}]}
    run = await wait_run(japi, "A", (await start_provision(japi, "A", "secA", doc=yaml_doc(grids))).json(), "secA")
    assert run["status"] == "done", run
    # A community worker reads community A but may not create orgs there: the run is not his.
    assert (await japi.get(f"/api/v1/orgs/{japi.org('A')}/runs/", as_="wA")).json() == []
    assert (await japi.get(f"/api/v1/orgs/{japi.org('A')}/runs/{run['id']}", as_="wA")).status_code == 404
    assert [r["id"] for r in (await japi.get(f"/api/v1/orgs/{japi.org('A')}/runs/", as_="secA")).json()] == [run["id"]]
    assert (await japi.get(f"/api/v1/orgs/{japi.org('B')}/runs/", as_="secB")).json() == []


async def enable_patrol(api, org="A", as_="secA"):
    r = await api.put(f"/api/v1/orgs/{api.org(org)}/modules/patrol", as_=as_, json={"enabled": True})
    assert r.status_code == 200, r.text


async def test_export_runs_in_the_background_and_downloads(japi):
    await enable_patrol(japi)
    offers = (await japi.get(f"/api/v1/orgs/{japi.org('A')}/exports/", as_="secA")).json()
    assert "patrol.stats" in [o["id"] for o in offers]
    r = await japi.post(f"/api/v1/orgs/{japi.org('A')}/exports/patrol.stats", as_="secA",
                        json={"start": "2026-01-01", "end": "2026-11-30"})
    assert r.status_code == 202, r.text
    run = await wait_run(japi, "A", r.json(), "secA")
    assert run["status"] == "done", run
    assert run["file_name"].endswith(".xlsx") and run["file_url"]
    r = await japi.get(run["file_url"], as_="secA")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.content))
    assert book.active["A1"].value == "A-org"

    # Another community's secretary, and a grid worker without the export right, get nothing.
    assert (await japi.get(run["file_url"], as_="secB")).status_code == 403
    assert (await japi.get(f"/api/v1/orgs/{japi.org('B')}/runs/{run['id']}/file", as_="secB")).status_code == 404
    assert (await japi.get(f"/api/v1/orgs/{japi.org('A1')}/runs/{run['id']}", as_="gA1")).status_code == 404
    assert (await japi.get(f"/api/v1/orgs/{japi.org('A')}/runs/", as_="gA1")).status_code == 403
    # The street above may see it: it holds the export right over its communities.
    assert (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/runs/{run['id']}", as_="sa1")).status_code == 200


async def test_export_input_is_checked_before_queueing(japi):
    await enable_patrol(japi)
    url = f"/api/v1/orgs/{japi.org('A')}/exports/patrol.stats"
    r = await japi.post(url, as_="secA", json={"start": "2026-13-01"})
    assert r.status_code == 422 and "start" in r.json()["detail"]
    r = await japi.post(url, as_="secA", json={"start": "2026-05-01", "end": "2026-04-01"})
    assert r.status_code == 422 and "start" in r.json()["detail"]
    r = await japi.post(f"/api/v1/orgs/{japi.org('A')}/exports/nope", as_="secA", json={})
    assert r.status_code == 404 and "export_id" in r.json()["detail"]
    # Not offered where patrol is off (community B), nor to someone without the right.
    assert (await japi.post(f"/api/v1/orgs/{japi.org('B')}/exports/patrol.stats", as_="secB", json={})).status_code == 404
    assert (await japi.post(url, as_="gA1", json={})).status_code == 403
    assert (await japi.get(f"/api/v1/orgs/{japi.org('A')}/runs/", as_="secA")).json() == []


async def test_street_exports_its_subtree_where_a_community_enabled_the_module(japi):
    await enable_patrol(japi)
    offers = (await japi.get(f"/api/v1/orgs/{japi.org('s1')}/exports/", as_="sa1")).json()
    assert [o["id"] for o in offers] == ["patrol.stats"]
    assert (await japi.get(f"/api/v1/orgs/{japi.org('s2')}/exports/", as_="sa2")).json() == []
