"""Photos, the XLSX export, jobs and the per-org hooks (nav, cards, exports) of the patrol plugin."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from core.db import Database
from core.jobs import dispose_job_databases
from core.plugins import get_plugin_manager
from plugins.patrol.jobs import mark_missed, remind_tomorrow
from tenants.models import OrgUnit
from tenants.scoping import set_scope

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


async def test_photos_are_checked_by_content_and_size(patrol, now, settings):
    await patrol.enable("A", "secA", config={"photo_max_bytes": 2048})
    report = await patrol.post(
        "A",
        "/reports",
        "wA",
        {"category": "sanitation", "description": "垃圾堆放", "occurred_at": now.isoformat()},
    )
    url = patrol.url("A", f"/reports/{report['id']}/photos")
    api = patrol.api
    r = await api.post(
        url, as_="wA", files={"data": ("evil.png", b"<script>alert(1)</script>", "image/png")}
    )
    assert r.status_code == 422 and "file" in r.text
    r = await api.post(
        url, as_="wA", files={"data": ("big.jpg", JPEG + b"\x00" * 4096, "image/jpeg")}
    )
    assert r.status_code == 422 and "2048" in r.text
    r = await api.post(url, as_="wA", files={"data": ("photo.txt", PNG, "text/plain")})
    assert r.status_code == 201, r.text
    photo = r.json()
    assert photo["content_type"] == "image/png" and photo["size"] == len(PNG)
    stored = list((settings.data_dir / "uploads" / "patrol").rglob("*.png"))
    assert len(stored) == 1 and stored[0].read_bytes() == PNG
    r = await api.get(patrol.url("A", f"/reports/{report['id']}/photos/{photo['id']}"), as_="secA")
    assert r.status_code == 200 and r.content == PNG and r.headers["content-type"] == "image/png"
    r = await api.get(patrol.url("A", f"/reports/{report['id']}/photos/{photo['id']}"), as_="secB")
    assert r.status_code == 403


async def test_export_is_a_workbook_with_the_figures(patrol, now):
    await patrol.enable("A", "secA")
    await patrol.post(
        "A",
        "/reports",
        "wA",
        {"category": "dispute", "description": "x", "occurred_at": now.isoformat()},
    )
    r = await patrol.api.get(
        patrol.url("A", "/export"),
        as_="secA",
        params={"start": now.date().isoformat(), "end": now.date().isoformat()},
    )
    assert r.status_code == 200, r.text
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["总览", "队伍", "案件线索", "下级单位"]  # its grids
    overview = {row[0]: row[1] for row in book["总览"].iter_rows(min_row=2, values_only=True)}
    assert overview["案件/线索数"] == 1
    teams = [row[0] for row in book["队伍"].iter_rows(min_row=2, values_only=True)]
    assert teams[0] == "金色盾牌" and len(teams) == 7
    assert (await patrol.api.get(patrol.url("A", "/export"), as_="gA1")).status_code == 403


async def test_jobs_remind_and_settle_once(patrol, now, settings):
    await patrol.enable("A", "secA")
    gold = await patrol.team("A", "gold", "secA")
    member = await patrol.post(
        "A",
        "/members",
        "wA",
        {"name": "陈七", "kind": "volunteer", "user_id": patrol.api.world.users["gA1"]},
    )
    await patrol.post(
        "A", f"/members/{member['id']}/join", "wA", {"team_id": gold["id"], "on": "2020-01-01"}
    )
    tomorrow = now + timedelta(days=1)
    await patrol.post(
        "A",
        "/shifts",
        "wA",
        {
            "team_id": gold["id"],
            "starts_at": tomorrow.isoformat(),
            "ends_at": (tomorrow + timedelta(hours=2)).isoformat(),
            "route": "北门",
        },
    )
    past = await patrol.post(
        "A",
        "/shifts",
        "wA",
        {
            "team_id": gold["id"],
            "starts_at": (now - timedelta(days=2)).isoformat(),
            "ends_at": (now - timedelta(days=2, hours=-1)).isoformat(),
        },
    )
    a = patrol.api.org("A")
    # The job runtime caches one engine per event loop; the tests share a loop across backends.
    await dispose_job_databases()
    # jobs are idempotent: the second run writes and changes nothing
    assert await remind_tomorrow(a) in (
        0,
        1,
    )  # 0 only when "tomorrow" (Beijing) is another day than now + 24 h
    await remind_tomorrow(a)
    assert await mark_missed(a) == {"done": 0, "missed": 1}
    assert await mark_missed(a) == {"done": 0, "missed": 0}
    shifts = await patrol.get("A", "/shifts", "secA")
    assert next(s for s in shifts if s["id"] == past["id"])["status"] == "missed"
    notes = await patrol.get("A", "/notifications", "secA")
    assert len(notes) <= 1 and all(n["member_id"] == member["id"] for n in notes)
    mine = await patrol.get("A", "/notifications", "secA", mine="true")
    assert mine == []
    # an org that turned reminders off gets none
    await patrol.enable("A", "secA", config={"remind_members": False})
    assert await remind_tomorrow(a) == 0


async def test_per_org_hooks_answer_only_where_enabled(patrol, now, settings):
    await patrol.enable("A", "secA")
    await patrol.post(
        "A",
        "/reports",
        "wA",
        {"category": "fight", "description": "x", "occurred_at": now.isoformat()},
    )
    manager = get_plugin_manager()
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        set_scope(session, None)
        orgs = {n: await session.get(OrgUnit, patrol.api.org(n)) for n in ("A", "A1", "D")}
        nav_a = await manager.collect_for_org(session, orgs["A"], "register_nav")
        nav_d = await manager.collect_for_org(session, orgs["D"], "register_nav")
        cards_a = await manager.collect_for_org(session, orgs["A"], "register_dashboard_cards")
        cards_d = await manager.collect_for_org(session, orgs["D"], "register_dashboard_cards")
        assert [n.id for n in nav_a if n.id.startswith("patrol")] == ["patrol", "patrol.checkin"]
        assert not [n for n in nav_d if n.id.startswith("patrol")]
        assert not [c for c in cards_d if c.id.startswith("patrol")]
        set_scope(session, orgs["A"].path)
        by_id = {c.id: c for c in cards_a}
        reports = await by_id["patrol.reports"].load(session, orgs["A"])
        assert dict(reports.figures)["案件/线索数"] == 1 and reports.chart["kind"] == "bar"
        assert len(reports.chart["labels"]) == 1  # categories without a report are left out
        teams = await by_id["patrol.teams"].load(session, orgs["A"])
        assert (
            teams.chart["labels"][0] == "金色盾牌" and len(teams.chart["series"][0]["values"]) == 7
        )
        assert teams.chart["colors"][0] == "#b8860b"  # each team drawn in its own colour
        attention = [c for c in cards_a if c.kind == "attention"]
        assert {c.id for c in attention} == {"patrol.attention_shifts", "patrol.attention_reports"}
        lines = [i for c in attention for i in (await c.load(session, orgs["A"])).attention]
        assert {i.id: i.tone for i in lines} == {
            "patrol.shifts_today": "today", "patrol.missed_week": "overdue",
            "patrol.reports_overdue": "overdue", "patrol.reports_new": "waiting"}
        [spec] = [e for e in manager.hook.register_exports() for e in e if e.id == "patrol.stats"]
        data = await spec.build(session, orgs["A"], {})
        assert data[:2] == b"PK"
    await db.dispose()


async def test_report_list_honours_limit_and_names_a_bad_one(patrol, now):
    await patrol.enable("A", "secA")
    for i in range(3):
        await patrol.post(
            "A",
            "/reports",
            "wA",
            {"category": "dispute", "description": f"r{i}", "occurred_at": now.isoformat()},
        )
    r = await patrol.api.get(patrol.url("A", "/reports?limit=2"), as_="secA")
    assert r.status_code == 200, r.text
    assert len(r.json()) == 2
    r = await patrol.api.get(patrol.url("A", "/reports?limit=0"), as_="secA")
    assert r.status_code == 400 and "limit" in r.json()["detail"]
