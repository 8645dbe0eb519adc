"""The console pages over HTTP: intake, disposition, closing, the street's queue, 七公开, figures."""

from __future__ import annotations

import re

from demands_helpers import csrf_of, login


async def _post(api, url: str, data: dict):
    page = await api.client.get(url)
    assert page.status_code == 200, page.text
    return await api.client.post(
        url, data={**data, "_csrf": csrf_of(page.text)}, follow_redirects=True
    )


async def test_console_takes_in_disposes_escalates_and_closes(demands, api):
    await demands.enable("A")
    a, s1 = api.org("A"), api.org("s1")
    await login(api, "wA")
    r = await _post(
        api,
        f"/orgs/{a}/demands/",
        {
            "channel": "mailbox",
            "category": "living",
            "content": "5号楼电梯故障",
            "contact_name": "陈七",
            "contact_phone": "13611112222",
        },
    )
    assert r.status_code == 200 and "flash ok" in r.text
    listed = await demands.get("A", "/demands", "wA")
    demand = listed[0]
    assert demand["channel"] == "mailbox" and demand["person"]["name"] == "陈*"
    assert "陈七" not in r.text and demand["tracking_code"] in r.text
    # the person's page in the register shows the demands they raised (masked, no phone)
    person_page = await api.client.get(f"/orgs/{a}/people/{demand['person_id']}")
    assert person_page.status_code == 200 and demand["tracking_code"] in person_page.text
    url = f"/orgs/{a}/demands/{demand['id']}"
    # a refused form comes back with the field named and nothing written
    r = await _post(api, url, {"action": "close", "solution": ""})
    assert "flash error" in r.text and "solution" in r.text
    r = await _post(api, url, {"action": "dispose", "kind": "promised", "working_days": "5"})
    assert "flash ok" in r.text and 'id="due"' in r.text
    assert (await demands.get("A", f"/demands/{demand['id']}", "wA"))["status"] == "promised"
    r = await _post(api, url, {"action": "close", "solution": "已联系维保修复"})
    assert "flash ok" in r.text and "已办结" in r.text

    other = await demands.new()
    await demands.post("A", f"/demands/{other['id']}/disposition", "secA", {"kind": "escalated"})
    await login(api, "sa1")
    page = await api.client.get(f"/orgs/{s1}/demands/")
    assert page.status_code == 200 and other["tracking_code"] in page.text
    token = csrf_of(page.text)
    r = await api.client.post(
        f"/orgs/{s1}/demands/queue/{other['id']}",
        data={"_csrf": token, "action": "answer", "answer": "街道已安排"},
        follow_redirects=True,
    )
    assert r.status_code == 200 and "flash ok" in r.text
    assert (await demands.get("A", f"/demands/{other['id']}", "wA"))["status"] == "answered"
    figures = await api.client.get(f"/orgs/{s1}/demands/figures")
    assert figures.status_code == 200 and re.search(r"受理总数</th><td>2<", figures.text)

    await login(api, "secA")
    r = await _post(
        api,
        f"/orgs/{a}/demands/disclosure",
        {"procedures": "受理—办理—反馈", "basis": "居委会组织法"},
    )
    assert "flash ok" in r.text and "居委会组织法" in r.text
    public = await api.client.get(f"/orgs/{a}/demands/public/open")
    assert "受理—办理—反馈" in public.text
    home = await api.client.get(f"/orgs/{a}/")
    assert "民情诉求" in home.text and "今年受理" in home.text
