"""The console pages over HTTP: a helper on a home visit, the custody desk, a street's figures."""

from __future__ import annotations

import re

from children_world import NOTE

TOKEN = re.compile(r'name="_csrf" value="([0-9a-f]+)"')


async def _login(client, username: str) -> None:
    page = await client.get("/login")
    token = TOKEN.search(page.text).group(1)
    r = await client.post(
        "/login",
        data={"username": username, "password": "password-123", "_csrf": token, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


async def _post(client, page: str, action: str, data: dict):
    token = TOKEN.search((await client.get(page)).text).group(1)
    return await client.post(action, data={**data, "_csrf": token}, follow_redirects=False)


async def test_pages_for_a_helper_the_custody_desk_and_the_street(children):
    ids = await children.setup_home()
    api, client = children.api, children.api.client
    base = f"/orgs/{api.org('A')}/children"
    await _login(client, "helperA")
    r = await client.get(f"{base}/")
    assert r.status_code == 200 and 'name="viewport"' in r.text
    assert "欧**雨" in r.text and "司**峰" not in r.text and "欧阳小雨" not in r.text
    child = f"{base}/child/{ids['kid1']}"
    r = await client.get(child)
    assert r.status_code == 200 and "欧阳小雨" in r.text and 'name="emotional"' in r.text
    r = await _post(
        client,
        child,
        child,
        {"action": "contact", "contact_on": "2026-01-06", "mode": "home_visit", "emotional": NOTE},
    )
    assert r.status_code == 303
    r = await client.get(child)
    assert NOTE in r.text and "已保存" in r.text
    assert (await client.get(f"{base}/child/{ids['kid2']}")).status_code == 403
    reads = await children.get("A", f"/children/{ids['kid1']}/reads", "dirA")
    assert sum(1 for x in reads if x["actor_name"] == "helperA") == 3  # every page view is a read

    await _login(client, "wA")
    r = await client.get(f"{base}/")
    assert "欧**雨" in r.text and "司**峰" in r.text and 'name="person_id"' in r.text
    assert (await client.get(child)).status_code == 403
    # custody without the guardian's consent is refused with the reason, naming the field
    r = await _post(client, f"{base}/custody", f"{base}/custody", {"child_id": str(ids["kid2"])})
    assert r.status_code == 303
    r = await client.get(f"{base}/custody")
    assert "person_id" in r.text and "children.custody" in r.text
    r = await _post(
        client,
        f"{base}/activities",
        f"{base}/activities",
        {"kind": "homework", "title": "周末作业辅导", "held_on": "2026-01-10"},
    )
    assert r.status_code == 303 and "周末作业辅导" in (await client.get(f"{base}/activities")).text

    await _login(client, "sa1")
    r = await client.get(f"/orgs/{api.org('s1')}/children/figures")
    assert r.status_code == 200 and "&lt;5" in r.text
    assert "欧" not in r.text.split("<main", 1)[-1] and "司" not in r.text.split("<main", 1)[-1]
    assert (await client.get(f"{base}/")).status_code == 403
