"""Domain errors reach each reader in their language: the console translates, the API stays English."""

from __future__ import annotations

BAD_DATE = {"start": "2026-02-30"}
BAD_PLAN = "nodes:\n  - {level: grid, name: 错层, code: BAD-1}\n"


async def _enable_patrol(console, org_id: int) -> None:
    r = await console.post_form(
        f"/orgs/{org_id}/modules", f"/orgs/{org_id}/modules/patrol", {"enabled": "on"}
    )
    assert r.status_code == 303


async def test_bad_form_flashes_in_chinese_naming_the_field_and_the_api_stays_english(
    console, world
):
    await console.login("secA")
    a = world.orgs["A"]
    await _enable_patrol(console, a)
    r = await console.post_form(f"/orgs/{a}/exports", f"/orgs/{a}/exports/patrol.stats", BAD_DATE)
    assert r.status_code == 303
    shown = (await console.client.get(r.headers["location"])).text
    assert "未开始：start 应为形如 2026-01-31 的日期，当前为“2026-02-30”" in shown

    # The JSON API answers in English though this browser chose Chinese.
    login = await console.client.post(
        "/api/v1/auth/login", json={"username": "secA", "password": "password-123"}
    )
    token = login.json()["access_token"]
    r = await console.client.post(
        f"/api/v1/orgs/{a}/exports/patrol.stats",
        json=BAD_DATE,
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "zh-CN"},
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "start must be a date like 2026-01-31, got '2026-02-30'"
    assert r.json()["extra"] == {"field": "start"}

    # The same session in English sees the English sentence.
    await console.post_form(f"/orgs/{a}/exports", "/lang", {"locale": "en", "next": "/"})
    r = await console.post_form(f"/orgs/{a}/exports", f"/orgs/{a}/exports/patrol.stats", BAD_DATE)
    shown = (await console.client.get(r.headers["location"])).text
    assert "Not started: start must be a date like 2026-01-31, got" in shown


async def test_provisioning_preview_row_error_shows_in_the_viewers_language(console, world):
    await console.login("sa1")
    s1 = world.orgs["s1"]
    token = await console.token(f"/orgs/{s1}/provision")
    r = await console.client.post(
        f"/orgs/{s1}/provision/preview",
        data={"_csrf": token},
        files={"file": ("bad.yaml", BAD_PLAN.encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    run_url = r.headers["location"]
    zh = await console.wait_run(run_url)
    assert "目标节点（street）下的顶层节点必须是 community（当前为 grid）" in zh
    assert "must be a community" not in zh

    # The run stored the message id and its params, so the same run reads in English.
    await console.post_form(run_url, "/lang", {"locale": "en", "next": "/"})
    en = await console.wait_run(run_url)
    assert "a top-level node under the target street must be a community (got grid)" in en
    assert "顶层节点" not in en
