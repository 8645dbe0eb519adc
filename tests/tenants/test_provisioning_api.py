"""Provisioning over HTTP: JSON, YAML and XLSX, raw or multipart; all or nothing; idempotent."""

from __future__ import annotations

import io
import json

import openpyxl
import yaml


def url(api, org="s1", dry=False):
    return f"/api/v1/orgs/{api.org(org)}/provision" + ("?dry_run=true" if dry else "")


DOC = {
    "nodes": [
        {
            "level": "community",
            "name": "新社区",
            "code": "NC1",
            "admins": [{"username": "ncsec", "password": "ncsec-pass1", "role": "community_secretary"}],
            "children": [{"level": "grid", "name": "一网格", "code": "NG1"},
                         {"level": "grid", "name": "二网格", "code": "NG2"}],
        }
    ]
}


async def counts(api):
    tree = (await api.get(f"/api/v1/orgs/{api.org('city')}/tree", as_="root")).json()

    def n(node):
        return 1 + sum(n(c) for c in node["children"])

    members = (await api.get(f"/api/v1/orgs/{api.org('city')}/members/", as_="root")).json()
    return n(tree), len(members), len({m["user_id"] for m in members})


async def test_json_creates_then_repeats_with_no_change(api):
    before = await counts(api)
    r = await api.post(url(api), as_="sa1", json=DOC)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["changed"] is True
    assert body["created"]["orgs"] == 3 and body["created"]["users"] == 1 and body["created"]["roles"] == 1
    assert await counts(api) == (before[0] + 3, before[1] + 1, before[2] + 1)
    r = await api.post(url(api), as_="sa1", json=DOC)
    assert r.status_code == 200
    assert r.json()["changed"] is False and "nothing changed" in r.json()["message"]
    assert await counts(api) == (before[0] + 3, before[1] + 1, before[2] + 1)
    # the new secretary can log in and works at once
    r = await api.client.post("/api/v1/auth/login", json={"username": "ncsec", "password": "ncsec-pass1"})
    token = r.json()["access_token"]
    tree = (await api.get(f"/api/v1/orgs/{api.org('s1')}/search?q=NC1", as_="root")).json()
    nc = tree[0]["id"]
    r = await api.client.get(f"/api/v1/orgs/{nc}/children", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and len(r.json()) == 2


async def test_one_bad_row_leaves_database_unchanged(api):
    before = await counts(api)
    bad = json.loads(json.dumps(DOC))
    # T009 is D1's code, in the other street: only the database can tell
    bad["nodes"][0]["children"].append({"level": "grid", "name": "冲突", "code": "T009"})
    r = await api.post(url(api), as_="sa1", json=bad)
    assert r.status_code == 422, r.text
    assert "nodes[0].children[2]" in r.json()["detail"] and "code" in r.json()["detail"]
    assert r.json()["extra"][0]["ref"] == "nodes[0].children[2]"
    assert await counts(api) == before
    # the admin account was not created either: the fixed document creates it
    r = await api.post(url(api), as_="sa1", json=DOC)
    assert r.json()["created"]["users"] == 1


async def test_structural_errors_list_every_row(api):
    bad = {"nodes": [{"level": "grid", "name": "x", "code": "G1"}, {"level": "community", "name": "", "code": "C2"}]}
    r = await api.post(url(api), as_="sa1", json=bad)
    assert r.status_code == 422
    assert len(r.json()["extra"]) >= 2


async def test_yaml_raw_and_multipart(api):
    raw = yaml.safe_dump(DOC, allow_unicode=True).encode()
    r = await api.post(url(api), as_="sa1", content=raw, headers={"content-type": "application/yaml"})
    assert r.status_code == 200, r.text
    assert r.json()["created"]["orgs"] == 3
    r = await api.post(url(api), as_="sa1", files={"file": ("city.yaml", raw, "application/octet-stream")})
    assert r.status_code == 200, r.text
    assert r.json()["changed"] is False


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["层级", "名称", "编码", "上级编码", "管理员账号", "管理员密码", "管理员角色"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX_ROWS = [
    ["社区", "表格社区", "XC1", None, "xsec", "xsec-pass1", "community_secretary"],
    ["网格", "表格一网格", "XG1", "XC1", "xgrid", "xgrid-pass1", None],
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_xlsx_raw_and_multipart(api):
    data = xlsx(XLSX_ROWS)
    r = await api.post(url(api), as_="sa1", content=data, headers={"content-type": XLSX_TYPE})
    assert r.status_code == 200, r.text
    assert r.json()["created"] == {"orgs": 2, "users": 2, "roles": 2, "modules": 0}
    r = await api.post(url(api), as_="sa1", files={"file": ("city.xlsx", data, XLSX_TYPE)})
    assert r.status_code == 200 and r.json()["changed"] is False
    members = (await api.get(f"/api/v1/orgs/{api.org('s1')}/members/", as_="sa1")).json()
    assert {"xsec": "community_secretary", "xgrid": "grid_worker"}.items() <= {m["username"]: m["role"] for m in members}.items()


async def test_xlsx_bad_row_is_named_and_nothing_written(api):
    before = await counts(api)
    data = xlsx([*XLSX_ROWS, ["网格", "坏", "XG2", "NOPE", None, None, None]])
    r = await api.post(url(api), as_="sa1", files={"file": ("city.xlsx", data, XLSX_TYPE)})
    assert r.status_code == 422, r.text
    assert "row 4" in r.json()["detail"]
    assert await counts(api) == before


async def test_dry_run_writes_nothing(api):
    before = await counts(api)
    r = await api.post(url(api, dry=True), as_="sa1", json=DOC)
    assert r.status_code == 200, r.text
    assert r.json()["dry_run"] is True and r.json()["created"]["orgs"] == 3
    assert await counts(api) == before
    r = await api.post(url(api), as_="sa1", json=DOC)
    assert r.json()["created"]["orgs"] == 3


async def test_provisioning_needs_rights_at_the_target(api):
    before = await counts(api)
    for who, org in (("sa1", "s2"), ("secA", "B"), ("wA", "A"), ("gA1", "A1")):
        r = await api.post(url(api, org), as_=who, json={"nodes": [{"level": "grid", "name": "g", "code": "ZZ9"}]})
        assert r.status_code == 403, (who, r.text)
    r = await api.post(url(api, "s2", dry=True), as_="sa1", json=DOC)
    assert r.status_code == 403
    assert await counts(api) == before


async def test_provisioning_is_audited(api):
    await api.post(url(api), as_="sa1", json=DOC)
    r = await api.get(f"/api/v1/orgs/{api.org('s1')}/audit/?action=org.provision", as_="sa1")
    assert r.status_code == 200 and len(r.json()) == 1
    assert r.json()[0]["detail"]["created"]["orgs"] == 3


async def test_modules_in_a_document_run_the_plugins_seeding(api):
    doc = {"nodes": [{"level": "community", "name": "新社区", "code": "NEWC1", "modules": ["patrol"],
                      "children": [{"level": "grid", "name": "一格", "code": "NEWC1G1"}]}]}
    r = await api.post(f"/api/v1/orgs/{api.org('s1')}/provision", as_="sa1", json=doc)
    assert r.status_code == 200, r.text
    assert r.json()["created"]["modules"] == 1
    tree = (await api.get(f"/api/v1/orgs/{api.org('s1')}/children", as_="sa1")).json()
    new_id = next(o["id"] for o in tree if o["code"] == "NEWC1")
    teams = await api.get(f"/api/v1/orgs/{new_id}/patrol/teams", as_="sa1")
    assert teams.status_code == 200, teams.text
    assert len(teams.json()) == 7
    again = await api.post(f"/api/v1/orgs/{api.org('s1')}/provision", as_="sa1", json=doc)
    assert again.json()["changed"] is False
    assert len((await api.get(f"/api/v1/orgs/{new_id}/patrol/teams", as_="sa1")).json()) == 7


async def test_a_module_the_city_forbids_is_a_row_error(api):
    r = await api.put(f"/api/v1/orgs/{api.org('city')}/modules/patrol", as_="root", json={"enabled": False})
    assert r.status_code == 200, r.text
    doc = {"nodes": [{"level": "community", "name": "新社区", "code": "NEWC2", "modules": ["patrol"]}]}
    r = await api.post(f"/api/v1/orgs/{api.org('s1')}/provision", as_="sa1", json=doc)
    assert r.status_code == 422, r.text
    assert "modules" in r.json()["detail"] and "patrol" in r.json()["detail"]
    children = (await api.get(f"/api/v1/orgs/{api.org('s1')}/children", as_="sa1")).json()
    assert "NEWC2" not in [o["code"] for o in children]
