"""The resident's public demand page in Debian's Chromium on a 360 px phone, without an account.

A resident submits a matter to community A, gets a tracking code, looks it up with the code
and the last four digits of the phone, and sees its status and the message the community
wrote; a second resident's matter never shows. Checked for accessibility and width.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from browser import A11Y_CHECK, CHROMIUM, CHROMIUM_ARGS, SECRET, Server

playwright_sync = pytest.importorskip(
    "playwright.sync_api", reason="playwright is a test dependency"
)
if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """granian serving the app with only the demands plugin, switched on at community A."""
    from core.auth.tokens import issue_token

    srv = Server(tmp_path_factory.mktemp("demands-phone"), "create_demands_app")
    srv.start()
    token = issue_token(SECRET, srv.world.users["root"], "root", 600)[0]
    r = httpx.put(
        f"{srv.url}/api/v1/orgs/{srv.world.orgs['A']}/modules/demands",
        json={"enabled": True},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    yield srv
    srv.stop()


def check(page) -> None:
    """The page passes the accessibility check and nothing scrolls sideways at 360 px."""
    assert page.evaluate(A11Y_CHECK) == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def submit(page, base: str, name: str, phone: str, content: str) -> str:
    """Fill the public form and return the tracking code shown."""
    page.goto(base)
    check(page)
    page.fill("#p-name", name)
    page.fill("#p-phone", phone)
    page.select_option("#p-cat", "environment")
    page.fill("#p-content", content)
    page.click("main form button[type=submit]")
    page.wait_for_selector("#tracking-code")
    check(page)
    return page.locator("#tracking-code").inner_text()


def test_resident_submits_and_tracks_on_a_phone_without_an_account(server):
    base = f"{server.url}/orgs/{server.world.orgs['A']}/demands/public"
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            other = browser.new_context(viewport=PHONE, locale="zh-CN")
            theirs = submit(other.new_page(), base, "赵六", "13900005678", "隔壁装修噪音")
            other.close()

            context = browser.new_context(viewport=PHONE, locale="zh-CN")
            page = context.new_page()
            code = submit(page, base, "王五", "13800001234", "三号楼下水道堵了")
            assert re.fullmatch(r"[0-9A-Z]{10}", code) and code != theirs

            page.click("text=查询进度")
            check(page)
            page.fill("#t-code", code)
            page.fill("#t-last4", "1234")
            page.click("main form button[type=submit]")
            page.wait_for_selector("#status")
            check(page)
            body = page.locator("main").inner_text()
            assert "已受理" in body and code in body
            assert "装修" not in body and theirs not in body and "赵六" not in body

            # the other resident's code with this phone shows nothing of theirs
            page.click("text=查询进度")
            page.fill("#t-code", theirs)
            page.fill("#t-last4", "1234")
            page.click("main form button[type=submit]")
            page.wait_for_selector(".flash.error")
            check(page)
            assert "装修" not in page.locator("main").inner_text()
            context.close()
        finally:
            browser.close()
