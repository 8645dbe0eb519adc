"""The pipeline over HTTP: deadlines in working days, escalation, supervision, the resident told."""

from __future__ import annotations

from datetime import date

from core.workdays import calendar_range
from demands_helpers import login


async def test_promised_deadline_counts_working_days_and_is_provisional_past_the_calendar(
    demands, monkeypatch
):
    await demands.enable("A")
    d = await demands.new(received_on="2026-09-30")
    assert d["tracking_code"] and d["status"] == "open"
    out = await demands.post(
        "A", f"/demands/{d['id']}/disposition", "wA", {"kind": "promised", "working_days": 3}
    )
    # National Day: 1–8 October off, Saturday 10 October is a make-up working day.
    assert (
        out["status"] == "promised"
        and out["due_on"] == "2026-10-10"
        and out["due_provisional"] is False
    )
    got = await demands.get("A", f"/demands/{d['id']}", "wA")
    assert got["status"] == "promised" and got["due_on"] == "2026-10-10"

    last_known = calendar_range()[1]
    # The office's clock says 29 December 2026 (a demand cannot be received in the future).
    monkeypatch.setattr("plugins.demands.services._common.local_today", lambda: date(2026, 12, 29))
    late = await demands.new(received_on="2026-12-29")
    out = await demands.post("A", f"/demands/{late['id']}/disposition", "wA", {"kind": "promised"})
    due = date.fromisoformat(out["due_on"])
    assert out["status"] == "promised" and due > date(2026, 12, 31)
    assert out["due_provisional"] is (due > last_known)
    if last_known < date(2027, 1, 1):
        assert out["due_provisional"] is True and out["due_on"] == "2027-01-01"


async def test_escalation_reaches_only_its_street_and_the_answer_starts_the_reply_clock(
    demands, api
):
    await demands.enable("A")
    await demands.enable("D")
    d = await demands.new()
    await demands.post("A", f"/demands/{d['id']}/disposition", "secA", {"kind": "escalated"})
    queue = await demands.get("s1", "/queue", "sa1")
    assert [x["id"] for x in queue] == [d["id"]] and queue[0]["escalated_to_org_id"] == api.org(
        "s1"
    )
    assert await demands.get("s2", "/queue", "sa2") == []
    r = await api.post(
        demands.url("s2", f"/queue/{d['id']}/answer"), as_="sa2", json={"answer": "x"}
    )
    assert r.status_code == 404 and "demand_id" in r.json()["detail"]
    # a community worker of A may not answer for the street
    r = await api.post(
        demands.url("s1", f"/queue/{d['id']}/answer"), as_="wA", json={"answer": "x"}
    )
    assert r.status_code == 403
    r = await api.post(
        demands.url("s1", f"/queue/{d['id']}/answer"), as_="sa1", json={"answer": ""}
    )
    assert r.status_code == 422 and "answer" in r.json()["detail"]
    out = await demands.post(
        "s1",
        f"/queue/{d['id']}/answer",
        "sa1",
        {"answer": "街道已协调维修", "answered_on": "2026-09-30"},
    )
    assert out["status"] == "answered" and out["due_on"] == "2026-10-10"
    assert await demands.get("s1", "/queue", "sa1") == []
    # the street's page shows the queue (empty now) without running the module itself
    await login(api, "sa1")
    r = await api.client.get(f"/orgs/{api.org('s1')}/demands/")
    assert r.status_code == 200 and 'id="queue"' in r.text
    # forwarding: a second escalated demand goes from the street to the city
    d2 = await demands.new()
    await demands.post("A", f"/demands/{d2['id']}/disposition", "secA", {"kind": "escalated"})
    await demands.post("s1", f"/queue/{d2['id']}/forward", "sa1", {"note": "需市级协调"})
    assert [x["id"] for x in await demands.get("city", "/queue", "cityadm")] == [d2["id"]]
    assert await demands.get("s1", "/queue", "sa1") == []
    kinds = [m.kind for m in await demands.messages(d["id"])]
    assert kinds == ["accepted", "handling:escalated:0", "answered:0"]


async def test_supervision_job_issues_exactly_one_order_per_overdue_demand(demands, api, run_jobs):
    from plugins.demands.jobs import supervise

    await demands.enable("A")
    late = [await demands.new(received_on="2026-09-01") for _ in range(2)]
    for d in late:
        await demands.post(
            "A",
            f"/demands/{d['id']}/disposition",
            "wA",
            {"kind": "promised", "handler_user_id": api.world.users["wA"]},
        )
    fresh = await demands.new()
    await demands.post("A", f"/demands/{fresh['id']}/disposition", "wA", {"kind": "promised"})
    assert await supervise(api.org("A")) == 2
    assert await supervise(api.org("A")) == 0
    assert await supervise(api.org("s1")) == 0  # the street's run (enabled above) finds them too
    orders = await demands.get("s1", "/supervisions", "sa1")
    assert sorted(o["demand_id"] for o in orders) == sorted(d["id"] for d in late)
    assert all(o["responsible_user_id"] == api.world.users["wA"] for o in orders)
    assert all(
        date.fromisoformat(o["new_due_on"]) > date.fromisoformat(o["issued_on"]) for o in orders
    )
    r = await api.get(demands.url("s2", "/supervisions"), as_="sa2")
    assert r.status_code == 404  # nothing runs the module below s2
    # the street's dashboard shows them; the responsible cadre finds them in the inbox
    await login(api, "sa1")
    r = await api.client.get(f"/orgs/{api.org('s1')}/")
    assert r.status_code == 200 and "待办督办单" in r.text
    inbox = (await api.get("/api/v1/me/inbox", as_="wA")).json()
    assert sorted(m["ref"] for m in inbox if m["kind"] == "supervision") == sorted(
        str(d["id"]) for d in late
    )
    got = await demands.get("A", f"/demands/{late[0]['id']}", "wA")
    assert got["supervision"]["demand_id"] == late[0]["id"]


async def test_second_missing_documents_notice_and_closing_without_solution_are_refused(
    demands, api
):
    await demands.enable("A")
    d = await demands.new()
    url = f"/demands/{d['id']}/disposition"
    r = await api.post(demands.url("A", url), as_="wA", json={"kind": "missing_documents"})
    assert r.status_code == 422 and "documents_needed" in r.json()["detail"]
    await demands.post(
        "A", url, "wA", {"kind": "missing_documents", "documents_needed": "户口本、身份证复印件"}
    )
    r = await api.post(
        demands.url("A", url),
        as_="wA",
        json={"kind": "missing_documents", "documents_needed": "又一项"},
    )
    assert r.status_code == 409 and "kind" in r.json()["detail"]
    r = await api.post(demands.url("A", f"/demands/{d['id']}/close"), as_="wA", json={})
    assert r.status_code == 422 and "solution" in r.json()["detail"]
    r = await api.post(
        demands.url("A", f"/demands/{d['id']}/close"), as_="wA", json={"solution": "  "}
    )
    assert r.status_code == 422 and "solution" in r.json()["detail"]
    closed = await demands.post(
        "A", f"/demands/{d['id']}/close", "wA", {"solution": "材料齐全，已办理"}
    )
    assert closed["status"] == "closed"
    # the resident was told three times: accepted, how and what is needed, and asked for an opinion
    kinds = [m.kind for m in await demands.messages(d["id"])]
    assert kinds == ["accepted", "handling:missing_documents:0", "opinion:0"]


async def test_dissatisfied_reopens_once_and_unrated_settle(demands, api, run_jobs):
    from plugins.demands.jobs import settle_ratings

    await demands.enable("A")
    d = await demands.new()
    await demands.post(
        "A", f"/demands/{d['id']}/disposition", "wA", {"kind": "immediate", "solution": "已修好"}
    )
    r = await api.post(
        demands.url("A", f"/demands/{d['id']}/rating"), as_="wA", json={"rating": "great"}
    )
    assert r.status_code == 400 and "rating" in r.json()["detail"]
    out = await demands.post("A", f"/demands/{d['id']}/rating", "wA", {"rating": "dissatisfied"})
    assert out["status"] == "open" and out["reopened"] == 1 and out["rating"] is None
    await demands.post("A", f"/demands/{d['id']}/close", "wA", {"solution": "重新维修"})
    out = await demands.post("A", f"/demands/{d['id']}/rating", "wA", {"rating": "dissatisfied"})
    assert out["status"] == "closed" and out["rating"] == "dissatisfied"
    other = await demands.new()
    await demands.post("A", f"/demands/{other['id']}/close", "wA", {"solution": "已解决"})
    assert await settle_ratings(api.org("A"), "2099-01-01") == 1
    assert (await demands.get("A", f"/demands/{other['id']}", "wA"))["rating"] == "unrated"
    stats = await demands.get("A", "/stats", "wA")
    assert stats["total"] == 2 and stats["by_rating"] == {"dissatisfied": 1, "unrated": 1}
    assert stats["satisfaction_rate"] == 0.0


async def test_one_topic_one_reply_and_the_other_dispositions(demands, api):
    await demands.enable("A")
    a = await demands.new(contact_name="张三", contact_phone="13800001111")
    b = await demands.new(contact_name="李四", contact_phone="13800002222")
    assert a["person"]["name"].startswith("张") and "三" not in a["person"]["name"]
    topic = await demands.post(
        "A", "/topics", "secA", {"title": "小区路灯", "demand_ids": [a["id"], b["id"]]}, status=201
    )
    out = await demands.post(
        "A", f"/topics/{topic['id']}/answer", "secA", {"answer": "路灯已统一更换"}
    )
    assert sorted(out["closed"]) == sorted([a["id"], b["id"]])
    for d in (a, b):
        assert (await demands.get("A", f"/demands/{d['id']}", "wA"))["solution"] == "路灯已统一更换"
        assert "opinion:0" in [m.kind for m in await demands.messages(d["id"])]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = await api.post(
        demands.url("A", f"/demands/{a['id']}/photos"),
        as_="wA",
        files={"data": ("light.png", png, "image/png")},
    )
    assert r.status_code == 201, r.text
    photo = r.json()
    r = await api.post(
        demands.url("A", f"/demands/{a['id']}/photos"),
        as_="wA",
        files={"data": ("x.png", b"<svg/>", "image/png")},
    )
    assert r.status_code == 422 and "file" in r.json()["detail"]
    got = await api.get(demands.url("A", f"/demands/{a['id']}/photos/{photo['id']}"), as_="wA")
    assert (
        got.status_code == 200 and got.content == png and got.headers["content-type"] == "image/png"
    )
    assert [p["id"] for p in (await demands.get("A", f"/demands/{a['id']}", "wA"))["photos"]] == [
        photo["id"]
    ]
    c = await demands.new()
    out = await demands.post(
        "A",
        f"/demands/{c['id']}/disposition",
        "wA",
        {"kind": "referred", "department": "区人社局", "explanation": "社保转移请到区人社局窗口"},
    )
    assert out["status"] == "closed" and out["referred_to"] == "区人社局"
    entry = await demands.post(
        "A", "/diary", "wA", {"visited_on": "2026-11-20", "note": "王大爷反映楼道堆物"}, status=201
    )
    made = await demands.post(
        "A", f"/diary/{entry['id']}/demand", "wA", {"category": "environment"}, status=201
    )
    assert made["channel"] == "home_visit" and made["received_on"] == "2026-11-20"
    r = await api.post(
        demands.url("A", f"/diary/{entry['id']}/demand"), as_="wA", json={"category": "environment"}
    )
    assert r.status_code == 409
    r = await api.get(demands.url("s1", "/export"), as_="sa1")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    stats = await demands.get("city", "/stats", "cityadm")
    assert stats["total"] == 4 and stats["by_kind"]["referred"] == 1


BAD = [
    ({"channel": "pigeon", "category": "living", "content": "x"}, "channel"),
    ({"channel": "hotline", "category": "weather", "content": "x"}, "category"),
    ({"channel": "hotline", "category": "living", "content": ""}, "content"),
    (
        {"channel": "hotline", "category": "living", "content": "x", "received_on": "2099-01-01"},
        "received_on",
    ),
    (
        {"channel": "hotline", "category": "living", "content": "x", "contact_phone": "123"},
        "contact_name",
    ),
    ({"channel": "hotline", "category": "living", "content": "x", "grid_id": 1}, "grid_id"),
    ({"channel": "hotline", "category": "living", "content": "x", "colour": "red"}, "colour"),
]


async def test_bad_input_is_a_4xx_naming_the_field(demands, api):
    await demands.enable("A")
    for body, field in BAD:
        r = await api.post(demands.url("A", "/demands"), as_="wA", json=body)
        assert 400 <= r.status_code < 500 and field in r.json()["detail"], (field, r.text)
    d = await demands.new()
    for body, field in [
        ({"kind": "later"}, "kind"),
        ({"kind": "promised", "working_days": 0}, "working_days"),
        ({"kind": "referred", "department": "区民政局"}, "explanation"),
        ({"kind": "immediate"}, "solution"),
    ]:
        r = await api.post(demands.url("A", f"/demands/{d['id']}/disposition"), as_="wA", json=body)
        assert 400 <= r.status_code < 500 and field in r.json()["detail"], (field, r.text)
    r = await api.put(demands.url("A", "/disclosure"), as_="secA", json={"gossip": "x"})
    assert r.status_code == 400 and "gossip" in r.json()["detail"]
