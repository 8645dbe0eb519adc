"""The public pages: a resident without an account submits, tracks and rates; sees nobody else's."""

from __future__ import annotations

import re

from demands_helpers import csrf_of

CODE = re.compile(r'id="tracking-code">([0-9A-Z]+)<')


async def _submit(api, org_id: int, name: str, phone: str, content: str):
    page = await api.client.get(f"/orgs/{org_id}/demands/public")
    assert page.status_code == 200, page.text
    return await api.client.post(
        f"/orgs/{org_id}/demands/public",
        data={
            "_csrf": csrf_of(page.text),
            "contact_name": name,
            "contact_phone": phone,
            "category": "environment",
            "content": content,
        },
    )


async def _track(api, org_id: int, code: str, last4: str):
    page = await api.client.get(f"/orgs/{org_id}/demands/public/track")
    return await api.client.post(
        f"/orgs/{org_id}/demands/public/track",
        data={"_csrf": csrf_of(page.text), "tracking_code": code, "last4": last4},
    )


async def test_resident_submits_tracks_and_rates_without_an_account(demands, api):
    await demands.enable("A", config={"public_submit_limit": "3/hour"})
    a = api.org("A")
    r = await api.client.post(f"/orgs/{a}/demands/public", data={"contact_name": "x"})
    assert r.status_code == 403  # no CSRF token, nothing written
    r = await _submit(api, a, "王五", "138 0000 1234", "三号楼下水道堵了")
    assert r.status_code == 200, r.text
    mine = CODE.search(r.text).group(1)
    r = await _submit(api, a, "赵六", "13900005678", "隔壁装修太吵，涉及赵六家人")
    theirs = CODE.search(r.text).group(1)
    assert mine != theirs

    r = await _track(api, a, mine, "1234")
    assert r.status_code == 200 and mine in r.text and "已受理" in r.text
    assert "赵六" not in r.text and theirs not in r.text and "装修" not in r.text
    # wrong digits and an unknown code look the same: nothing about whether the code exists
    wrong = await _track(api, a, theirs, "1234")
    unknown = await _track(api, a, "ZZZZZZZZZZ", "1234")
    assert wrong.status_code == unknown.status_code == 404
    assert "装修" not in wrong.text and "tracking_code" in wrong.text
    # a code of community A is not found on community B's page
    await demands.enable("B")
    assert (await _track(api, api.org("B"), mine, "1234")).status_code == 404

    # the community handles it; the resident sees the messages and rates the result
    found = [d for d in await demands.get("A", "/demands", "wA") if d["tracking_code"] == mine][0]
    assert found["channel"] == "public_page" and found["person"]["name"] == "王*"
    await demands.post(
        "A",
        f"/demands/{found['id']}/disposition",
        "wA",
        {"kind": "immediate", "solution": "已疏通"},
    )
    r = await _track(api, a, mine, "1234")
    assert "已疏通" in r.text and 'name="rating"' in r.text
    page = await api.client.get(f"/orgs/{a}/demands/public/track")
    r = await api.client.post(
        f"/orgs/{a}/demands/public/rate",
        data={
            "_csrf": csrf_of(page.text),
            "tracking_code": mine,
            "last4": "1234",
            "rating": "satisfied",
        },
    )
    assert r.status_code == 200 and 'id="rating">满意<' in r.text
    assert (await demands.get("A", f"/demands/{found['id']}", "wA"))["rating"] == "satisfied"

    # rate-limited per address: the fourth submission within the hour is refused
    assert (await _submit(api, a, "孙七", "13700000000", "第三件")).status_code == 200
    r = await _submit(api, a, "孙七", "13700000000", "第四件")
    assert r.status_code == 429 and "第四件" in r.text  # the form comes back filled in


async def test_public_pages_need_an_enabled_community_and_show_the_disclosures(demands, api):
    a = api.org("A")
    assert (await api.client.get(f"/orgs/{a}/demands/public")).status_code == 404
    await demands.enable("A")
    assert (await api.client.get(f"/orgs/{api.org('A1')}/demands/public")).status_code == 404
    r = await api.put(
        demands.url("A", "/disclosure"),
        as_="secA",
        json={"procedures": "受理—办理—反馈—评价", "time_limits": "承诺件3个工作日"},
    )
    assert r.status_code == 200 and r.json()["basis"] == ""
    r = await api.put(demands.url("A", "/disclosure"), as_="nobody", json={"basis": "x"})
    assert r.status_code == 403
    page = await api.client.get(f"/orgs/{a}/demands/public/open")
    assert (
        page.status_code == 200
        and "受理—办理—反馈—评价" in page.text
        and "承诺件3个工作日" in page.text
    )
