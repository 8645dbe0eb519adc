"""The console over HTTP without JavaScript: login, each page, forms with CSRF, 403/404, languages."""

from __future__ import annotations

import pytest

from core.web.middleware import CSP


async def test_login_sets_httponly_samesite_cookie_and_lands_on_own_org(console, world):
    r = await console.login("secA")
    assert r.status_code == 303
    cookie = [
        v
        for k, v in r.headers.multi_items()
        if k == "set-cookie" and v.startswith("shequ_session=")
    ][0]
    assert (
        "HttpOnly" in cookie
        and "SameSite=lax" in cookie.replace("Lax", "lax")
        and "Max-Age=" in cookie
    )
    home = await console.client.get("/", follow_redirects=False)
    assert home.headers["location"] == f"/orgs/{world.orgs['A']}/"
    page = await console.client.get(home.headers["location"])
    assert page.status_code == 200 and "A-org" in page.text


async def test_wrong_password_is_refused_and_audited(console):
    r = await console.login("secA", "wrong-password")
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text  # zh-CN by default


async def test_form_without_csrf_token_is_refused(console, world):
    await console.login("secA")
    r = await console.client.post(
        f"/orgs/{world.orgs['A']}/tree/create",
        data={"name": "x", "code": "X9", "parent_id": world.orgs["A"]},
    )
    assert r.status_code == 403
    r = await console.client.post(
        "/login", data={"username": "secA", "password": "password-123", "_csrf": "0" * 64}
    )
    assert r.status_code == 403


async def test_anonymous_page_redirects_to_login(console, world):
    r = await console.client.get(f"/orgs/{world.orgs['A']}/tree", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


async def test_other_community_gets_403_page_in_chosen_language(console, world):
    await console.login("secB")
    r = await console.client.get(f"/orgs/{world.orgs['A']}/tree")
    assert r.status_code == 403 and "您无权打开此页面" in r.text
    await console.post_form("/login", "/lang", {"locale": "en", "next": "/"})
    r = await console.client.get(f"/orgs/{world.orgs['A']}/tree")
    assert r.status_code == 403 and "You may not open this page" in r.text


async def test_accept_language_picks_english_for_anonymous(console):
    r = await console.client.get("/nowhere", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert r.status_code == 404 and "Page not found" in r.text and 'lang="en"' in r.text
    r = await console.client.get("/nowhere", headers={"Accept-Language": "fr, zh-CN;q=0.5"})
    assert "页面不存在" in r.text and 'lang="zh-CN"' in r.text


async def test_api_404_stays_json(console):
    r = await console.client.get("/api/v1/nothing-here")
    assert r.status_code in (401, 404) and r.headers["content-type"].startswith("application/json")


async def test_security_headers_and_csp_without_inline(console):
    r = await console.client.get("/login")
    assert r.headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in CSP and "default-src 'self'" in CSP
    assert (
        r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    )
    assert "<style" not in r.text and " style=" not in r.text and "<script>" not in r.text


@pytest.mark.parametrize("section", ["", "tree", "members", "modules", "audit", "provision", "exports", "runs"])
async def test_street_admin_opens_every_section(console, world, section):
    await console.login("sa1")
    r = await console.client.get(f"/orgs/{world.orgs['s1']}/{section}")
    assert r.status_code == 200, r.text[:500]
    assert 'lang="zh-CN"' in r.text and "data-nav=" in r.text


async def test_dashboard_counts_the_territory_and_says_when_nothing_needs_attention(console, world):
    await console.login("sa1")
    r = await console.client.get(f"/orgs/{world.orgs['s1']}/")
    assert "<div><dt>社区</dt><dd>2</dd></div>" in r.text
    assert "data:image/svg+xml" not in r.text  # counts of tree nodes are not worth a chart
    assert 'data-attention="0"' in r.text and "今天没有需要您处理的事项" in r.text


async def test_grid_worker_sees_no_admin_sections(console, world):
    await console.login("gA1")
    r = await console.client.get(f"/orgs/{world.orgs['A1']}/")
    assert r.status_code == 200
    assert 'data-nav="members"' not in r.text and 'data-nav="provision"' not in r.text
    r = await console.client.get(f"/orgs/{world.orgs['A1']}/members")
    assert r.status_code == 403


async def test_create_rename_move_search(console, world):
    await console.login("sa1")
    s1, a = world.orgs["s1"], world.orgs["A"]
    tree = f"/orgs/{s1}/tree"
    r = await console.post_form(
        tree, f"{tree}/create", {"parent_id": a, "name": "新网格", "code": "G-NEW"}
    )
    assert r.status_code == 303
    page = await console.client.get(f"{tree}?q=G-NEW")
    assert "新网格" in page.text and "已创建" in page.text
    node_id = int(page.text.split("/rename")[0].rsplit("/tree/", 1)[1])
    await console.post_form(tree, f"{tree}/{node_id}/rename", {"name": "改名网格"})
    await console.post_form(tree, f"{tree}/{node_id}/move", {"parent_id": world.orgs["B"]})
    r = await console.client.get(f"/orgs/{world.orgs['B']}/tree?q=改名")
    assert "改名网格" in r.text
    r = await console.post_form(
        tree, f"{tree}/create", {"parent_id": a, "name": "dup", "code": "G-NEW"}
    )
    follow = await console.client.get(r.headers["location"])
    assert "未保存" in follow.text
    audit = await console.client.get(f"/orgs/{s1}/audit?action=org.")
    assert "org.move" in audit.text and "org.rename" in audit.text and "org.create" in audit.text
    only_moves = await console.client.get(f"/orgs/{s1}/audit?action=org.move")
    assert "org.rename" not in only_moves.text


async def test_grant_role_creates_account(console, world):
    await console.login("secA")
    url = f"/orgs/{world.orgs['A']}/members"
    r = await console.post_form(
        url,
        url,
        {
            "username": "newbie",
            "role": "community_worker",
            "display_name": "新人",
            "password": "long-enough-1",
        },
    )
    assert r.status_code == 303, r.text
    page = await console.client.get(url)
    assert "newbie" in page.text and "已将 社区工作者 角色授予 newbie" in page.text
    r = await console.post_form(
        url, url, {"username": "boss", "role": "street_admin", "password": "long-enough-1"}
    )
    follow = await console.client.get(r.headers["location"])
    assert "未保存" in follow.text


async def test_provision_preview_writes_nothing_then_confirm(console, world):
    await console.login("sa1")
    s1 = world.orgs["s1"]
    doc = "nodes:\n  - {level: community, name: 预览社区, code: P-1, children: [{level: grid, name: 预览网格, code: P-1-1}]}\n"
    token = await console.token(f"/orgs/{s1}/provision")
    r = await console.client.post(
        f"/orgs/{s1}/provision/preview",
        data={"_csrf": token},
        files={"file": ("street.yaml", doc.encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[-800:]
    run_url = r.headers["location"]
    assert run_url.startswith(f"/orgs/{s1}/runs/")
    done = await console.wait_run(run_url)
    assert "预览社区" in done and 'id="confirm"' in done and "将创建" in done
    tree = await console.client.get(f"/orgs/{s1}/tree?q=P-1")
    assert "预览社区" not in tree.text
    r = await console.post_form(run_url, f"{run_url}/apply", {})
    assert r.status_code == 303, r.text[-500:]
    applied_url = r.headers["location"]
    assert applied_url != run_url
    applied = await console.wait_run(applied_url)
    assert "导入完成" in applied and 'id="confirm"' not in applied
    tree = await console.client.get(f"/orgs/{s1}/tree?q=P-1")
    assert "预览社区" in tree.text and "预览网格" in tree.text
    jobs = await console.client.get(f"/orgs/{s1}/runs")
    assert jobs.text.count(f'href="/orgs/{s1}/runs/') == 2


async def test_provision_preview_lists_row_errors(console, world):
    await console.login("sa1")
    s1 = world.orgs["s1"]
    doc = "nodes:\n  - {level: grid, name: 错层, code: BAD-1}\n"
    token = await console.token(f"/orgs/{s1}/provision")
    r = await console.client.post(
        f"/orgs/{s1}/provision/preview",
        data={"_csrf": token},
        files={"file": ("bad.yaml", doc.encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    done = await console.wait_run(r.headers["location"])
    assert "文件有错误" in done and 'id="confirm"' not in done and "nodes[0]" in done


async def test_provision_upload_without_a_file_names_it(console, world):
    await console.login("sa1")
    s1 = world.orgs["s1"]
    r = await console.post_form(f"/orgs/{s1}/provision", f"/orgs/{s1}/provision/preview", {})
    assert r.status_code == 422 and "file" in r.text


async def test_a_run_is_not_shown_to_another_street(console, world):
    await console.login("sa1")
    s1 = world.orgs["s1"]
    token = await console.token(f"/orgs/{s1}/provision")
    r = await console.client.post(
        f"/orgs/{s1}/provision/preview", data={"_csrf": token},
        files={"file": ("x.yaml", b"nodes: []\n", "application/yaml")}, follow_redirects=False,
    )
    run_url = r.headers["location"]
    run_id = run_url.rsplit("/", 1)[1]
    await console.wait_run(run_url)
    await console.client.post("/logout", data={"_csrf": await console.token(f"/orgs/{s1}/runs")})
    await console.login("sa2")
    s2 = world.orgs["s2"]
    assert (await console.client.get(run_url)).status_code == 403
    assert (await console.client.get(f"/orgs/{s2}/runs/{run_id}")).status_code == 404
    assert f"/runs/{run_id}" not in (await console.client.get(f"/orgs/{s2}/runs")).text
    r = await console.post_form(f"/orgs/{s2}/runs", f"/orgs/{s1}/runs/{run_id}/apply", {})
    assert r.status_code == 403


async def test_export_page_starts_a_job_and_offers_the_download(console, world):
    await console.login("secA")
    a = world.orgs["A"]
    r = await console.post_form(f"/orgs/{a}/modules", f"/orgs/{a}/modules/patrol", {"enabled": "on"})
    exports = await console.client.get(f"/orgs/{a}/exports")
    assert exports.status_code == 200
    assert "patrol.stats" in exports.text, exports.text[-1500:]
    r = await console.post_form(f"/orgs/{a}/exports", f"/orgs/{a}/exports/patrol.stats",
                                {"start": "2026-01-01", "end": "2026-03-31"})
    assert r.status_code == 303
    done = await console.wait_run(r.headers["location"])
    assert 'id="download"' in done
    file = await console.client.get(r.headers["location"] + "/file")
    assert file.status_code == 200 and file.content[:2] == b"PK"
    bad = await console.post_form(f"/orgs/{a}/exports", f"/orgs/{a}/exports/patrol.stats", {"start": "2026-02-30"})
    follow = await console.client.get(bad.headers["location"])
    assert "start" in follow.text


async def test_tree_shows_two_levels_and_search_finds_deeper(console, world):
    await console.login("cityadm")
    tree = f"/orgs/{world.orgs['city']}/tree"
    r = await console.client.get(tree)
    assert "A-org" in r.text and "A1-org" not in r.text and "此处显示两级" in r.text
    r = await console.client.get(f"{tree}?q=A1-")
    assert f'<a href="/orgs/{world.orgs["A1"]}/">A1-org</a>' in r.text
    assert f'<a href="/orgs/{world.orgs["B"]}/">B-org</a>' not in r.text


async def test_audit_pages_back_through_older_entries(console, world):
    await console.login("sa1")
    s1 = world.orgs["s1"]
    tree = f"/orgs/{s1}/tree"
    token = await console.token(tree)
    for i in range(55):
        await console.client.post(
            f"{tree}/{world.orgs['A1']}/rename", data={"name": f"n{i}", "_csrf": token}
        )
    first = await console.client.get(f"/orgs/{s1}/audit?action=org.rename")
    assert first.text.count("<td>org.rename</td>") == 50 and "更早的记录" in first.text
    link = (
        first.text.split("更早的记录")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    )
    second = await console.client.get(link)
    assert second.text.count("<td>org.rename</td>") == 5 and "更早的记录" not in second.text
