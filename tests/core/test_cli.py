"""The shequ command line, run as a subprocess against the current backend's database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

SHEQU = str(Path(sys.executable).with_name("shequ"))


def run(settings, *args, data_dir=None, timeout=120):
    env = {**os.environ, "SHEQU_ENV": "test", "SHEQU_DATA_DIR": str(data_dir or settings.data_dir)}
    env.pop("SHEQU_DATABASE_URL", None)
    env.pop("SHEQU_REDIS_URL", None)
    if settings.database_url and data_dir is None:
        env["SHEQU_DATABASE_URL"] = settings.database_url
    return subprocess.run([SHEQU, *args], env=env, capture_output=True, text=True, timeout=timeout)


async def test_db_upgrade_is_repeatable(settings):
    r = run(settings, "db", "upgrade")
    assert r.returncode == 0, r.stderr
    assert "heads" in r.stdout


async def test_users_create_then_login(api, settings):
    r = run(settings, "users", "create", "--username", "cliuser", "--password", "cli-pass-1",
            "--org", "T003", "--role", "community_worker")
    assert r.returncode == 0, r.stderr
    assert "created user cliuser" in r.stdout
    r = await api.client.post("/api/v1/auth/login", json={"username": "cliuser", "password": "cli-pass-1"})
    assert r.status_code == 200
    me = await api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"})
    assert [x["role"] for x in me.json()["roles"]] == ["community_worker"]
    r = run(settings, "users", "create", "--username", "cliuser", "--password", "cli-pass-1")
    assert r.returncode != 0 and "already taken" in r.stderr
    r = run(settings, "users", "create", "--username", "x2", "--password", "short")
    assert r.returncode != 0


async def _names_under(api, org):
    tree = (await api.get(f"/api/v1/orgs/{api.org(org)}/tree", as_="root")).json()
    out = []

    def walk(n):
        out.append(n["name"])
        for c in n["children"]:
            walk(c)

    walk(tree)
    return out


async def test_provision_under_code_and_bad_file(api, settings, tmp_path):
    doc = {"nodes": [{"level": "community", "name": "命令行社区", "code": "CLI1",
                      "children": [{"level": "grid", "name": "命令行网格", "code": "CLI2"}]}]}
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    bad_doc = json.loads(json.dumps(doc))
    bad_doc["nodes"][0]["children"].append({"level": "grid", "name": "重复", "code": "T009"})
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(bad_doc, allow_unicode=True), encoding="utf-8")
    before = await _names_under(api, "s1")
    r = run(settings, "provision", str(bad), "--under", "T001")
    assert r.returncode != 0
    assert "nodes[0].children[1]" in r.stderr and "nothing was created" in r.stderr
    assert await _names_under(api, "s1") == before
    r = run(settings, "provision", str(good), "--under", "T001")
    assert r.returncode == 0, r.stderr
    assert "created 2 orgs" in r.stdout
    assert {"命令行社区", "命令行网格"} <= set(await _names_under(api, "s1"))
    r = run(settings, "provision", str(good), "--under", "T001")
    assert r.returncode == 0 and "nothing changed" in r.stdout


async def test_provision_cities_without_under(settings, tmp_path):
    run(settings, "db", "upgrade")
    doc = tmp_path / "city.yaml"
    doc.write_text(yaml.safe_dump({"nodes": [{"level": "city", "name": "新城", "code": "NEWC"}]}, allow_unicode=True))
    r = run(settings, "provision", str(doc))
    assert r.returncode == 0, r.stderr
    assert "created 1 orgs" in r.stdout


def test_demo_no_serve_prints_logins_and_runs_twice(settings, tmp_path):
    data = tmp_path / "demo-data"
    first = run(settings, "demo", "--no-serve", data_dir=data, timeout=180)
    assert first.returncode == 0, first.stderr
    for login in ("admin", "street", "street2", "secretary", "secretary3", "grid"):
        assert f"  {login} " in first.stdout
    assert "warning" not in first.stderr, first.stderr
    counts = _demo_counts(data / "shequ.sqlite3")
    assert counts["streets"] >= 2 and counts["communities"] >= 8 and counts["grids"] >= 16
    # every installed module is on somewhere; patrol seeded a year at each of its communities
    assert counts["modules"] >= {"patrol", "reception"}
    assert counts["patrol_communities"] == counts["communities"] and counts["checkins"] > 5000
    second = run(settings, "demo", "--no-serve", data_dir=data, timeout=180)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert _demo_counts(data / "shequ.sqlite3") == counts  # nothing seeded twice


def _demo_counts(path: Path) -> dict:
    import sqlite3

    with sqlite3.connect(path) as conn:
        levels = dict(conn.execute("SELECT level, count(*) FROM org_units GROUP BY level").fetchall())
        return {
            "streets": levels["street"], "communities": levels["community"], "grids": levels["grid"],
            "modules": {r[0] for r in conn.execute("SELECT plugin FROM org_modules WHERE enabled")},
            "patrol_communities": conn.execute("SELECT count(DISTINCT org_id) FROM patrol_teams").fetchone()[0],
            "checkins": conn.execute("SELECT count(*) FROM patrol_checkins").fetchone()[0],
        }
