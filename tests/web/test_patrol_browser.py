"""The patrol line end to end in Debian's Chromium, at desktop width and on a 360 px phone.

A community secretary switches the module on, sees the seven teams, registers a member,
schedules a shift for today, checks the member in and out, files a report and mediates it,
and reads the figures; the street admin then reads the same figures at the street. One
server per viewport, so each run starts from the same empty world.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from browser import A11Y_CHECK, CHROMIUM, CHROMIUM_ARGS, PASSWORD, Server

playwright_sync = pytest.importorskip(
    "playwright.sync_api", reason="playwright is a test dependency"
)
if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def run(request, tmp_path_factory):
    """granian serving the app with the patrol plugin, and the viewport of this run."""
    srv = Server(tmp_path_factory.mktemp(f"patrol-{request.param}"), "create_patrol_app")
    srv.start()
    yield srv, VIEWPORTS[request.param]
    srv.stop()


@pytest.fixture(scope="module")
def browser(run):
    """Headless Chromium, started after the run's server (Playwright's loop would stop the
    server's set-up, which runs its own asyncio loop) and closed before the next run."""
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def login(page, server, username: str) -> None:
    """Log in through the form and wait for the landing page."""
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/orgs/\d+/?$"))


def check(page, viewport) -> None:
    """The page passes the accessibility check and nothing scrolls sideways."""
    assert page.evaluate(A11Y_CHECK) == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} is {width}px wide at {viewport['width']}px"


def tab(page, viewport, name: str) -> None:
    """Open a patrol tab by clicking it, and check the page."""
    page.click(f'[data-tab="{name}"]')
    page.wait_for_load_state()
    check(page, viewport)


def flash(page) -> str:
    """The flash message shown after a form post."""
    return page.locator(".flash").inner_text()


def figures(page) -> dict[str, str]:
    """The figures table of the patrol index page."""
    cells = page.locator("[data-figure]")
    return {
        cells.nth(i).get_attribute("data-figure"): cells.nth(i).inner_text()
        for i in range(cells.count())
    }


def test_the_patrol_line_from_switching_it_on_to_the_streets_figures(run, browser):
    server, viewport = run
    community, street = server.world.orgs["A"], server.world.orgs["s1"]
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()

    # the secretary switches the module on at the community through the modules page
    login(page, server, "secA")
    page.goto(f"{server.url}/orgs/{community}/modules")
    page.check("#en-patrol")
    page.click("#module-patrol button[type=submit]")
    page.wait_for_url(re.compile(rf"/orgs/{community}/modules"))
    page.click('[data-nav="patrol"]')
    page.wait_for_url(re.compile(rf"/orgs/{community}/patrol/$"))
    check(page, viewport)
    # the tabs wrap rather than run off a phone's screen (how many lines depends on the fonts)
    tabs = page.locator("nav:has([data-tab])")
    assert tabs.evaluate("n => getComputedStyle(n).flexWrap") == "wrap"
    rights = page.locator("[data-tab]").evaluate_all(
        "tabs => tabs.map(t => t.getBoundingClientRect().right)"
    )
    assert len(rights) == 11 and max(rights) <= viewport["width"]

    # seven teams
    tab(page, viewport, "teams")
    assert page.locator("tr[data-team]").count() == 7
    assert "金色盾牌" in page.locator("table").inner_text()

    # a member, in the gold team from today
    tab(page, viewport, "members")
    page.fill("#nm-name", "刘八")
    page.select_option("#nm-kind", "party_member")
    page.click("form:has(#nm-name) button[type=submit]")
    assert flash(page) == "已保存"
    row = page.locator("tr[data-member]", has_text="刘*")
    row.locator("select[name=team_id]").select_option(label="金色盾牌")
    row.locator("button[value=join]").click()
    assert flash(page) == "已保存"
    assert "金色盾牌" in page.locator("tr[data-member]", has_text="刘*").inner_text()
    check(page, viewport)

    # a shift for today, running now
    tab(page, viewport, "shifts")
    now = datetime.now(BEIJING)
    start = max(now - timedelta(minutes=10), now.replace(hour=0, minute=0))
    page.select_option("#sh-team", label="金色盾牌")
    page.fill("#sh-start", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#sh-end", (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#sh-route", "南门—菜市场")
    page.click("#one-shift button[type=submit]")
    assert flash(page) == "已保存"
    assert "南门—菜市场" in page.locator("#roster").inner_text()
    check(page, viewport)

    # check the member in, then out
    tab(page, viewport, "checkin")
    page.select_option("#c-member", label="刘*")
    page.click("#staff-checkin button[type=submit]")
    assert flash(page) == "已签到"
    assert "刘*" in page.locator("#on-patrol").inner_text()
    page.click("#on-patrol button[type=submit]")
    assert flash(page) == "已签退"
    check(page, viewport)

    # a report, moved to mediated
    tab(page, viewport, "reports")
    page.select_option("#r-cat", "dispute")
    page.fill("#r-desc", "邻里噪音纠纷")
    page.click("form:has(#r-desc) button[type=submit]")
    assert flash(page) == "已保存"
    page.click("form:has(input[name=to_status][value=mediated]) button")
    assert flash(page) == "已保存"
    assert "已调解" in page.locator("table").inner_text()
    check(page, viewport)

    # the community's figures
    tab(page, viewport, "figures")
    seen = figures(page)
    assert seen["person_times"] == "1" and seen["reports"] == "1"
    assert seen["disputes_mediated"] == "1"

    # the other pages pass the same checks
    for name in ("activities", "merchants", "meetings", "reminders", "export"):
        tab(page, viewport, name)

    # the street admin reads the same figures at the street, where the module is not on
    context.clear_cookies()
    login(page, server, "sa1")
    response = page.goto(f"{server.url}/orgs/{street}/patrol/")
    # Needs main's module_scope "subtree" routes (the figures page is marked with it).
    assert response.status == 200, response.status
    check(page, viewport)
    assert figures(page) == seen
    assert page.locator('[data-tab="teams"]').count() == 0  # only figures and export here
    context.close()
