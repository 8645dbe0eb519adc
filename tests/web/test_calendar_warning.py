"""The holiday calendar's end, shown to operators: a console banner and a /health/ready detail.

chinesecalendar 1.11.0 knows holidays through 2026-12-31; the warning starts 60 days before.
Every test pins "today", so the suite means the same thing on any date.
"""

from __future__ import annotations

from datetime import date

import pytest

import core.workdays

BANNER = 'data-banner="holiday-calendar"'


@pytest.fixture
def today(monkeypatch):
    """Pin China's date for the calendar checks."""

    def pin(day: date) -> None:
        monkeypatch.setattr(core.workdays, "today_in_china", lambda: day)

    return pin


@pytest.mark.parametrize("username", ["root", "cityadm"])
async def test_operators_see_the_banner_from_60_days_before(console, world, today, username):
    today(date(2026, 12, 3))
    await console.login(username)
    r = await console.client.get(f"/orgs/{world.orgs['city']}/")
    assert r.status_code == 200 and BANNER in r.text, r.text
    assert "2026-12-31" in r.text and "28" in r.text
    today(date(2026, 10, 31))  # 61 days before: not yet
    r = await console.client.get(f"/orgs/{world.orgs['city']}/")
    assert BANNER not in r.text


async def test_community_staff_see_no_banner(console, world, today):
    today(date(2026, 12, 3))
    await console.login("secA")
    r = await console.client.get(f"/orgs/{world.orgs['A']}/")
    assert r.status_code == 200 and BANNER not in r.text


async def test_ready_probe_details_the_calendar_and_stays_green(console, today):
    today(date(2026, 12, 3))
    r = await console.client.get("/health/ready")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    detail = r.json()["holiday_calendar"]
    assert detail["last_day"] == "2026-12-31" and detail["days_left"] == 28
    assert "provisional" in detail["warning"] and "SHEQU_HOLIDAYS_FILE" in detail["warning"]
    today(date(2027, 1, 5))
    detail = (await console.client.get("/health/ready")).json()["holiday_calendar"]
    assert detail["days_left"] == -5 and "ended on 2026-12-31" in detail["warning"]
    today(date(2026, 6, 1))
    detail = (await console.client.get("/health/ready")).json()["holiday_calendar"]
    assert "warning" not in detail
