"""The people register in Debian's Chromium, at desktop width and on a 360 px phone.

A community worker registers a person through the form and finds them by exact phone; the
secretary opens the person, shows the phone in full with a reason, and sees the reveal in the
access log. Every page passes the accessibility check and nothing scrolls sideways.
"""

from __future__ import annotations

import re
from pathlib import Path

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
PHONE = "13955556666"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """granian serving the app on the test world (one server for both viewports)."""
    srv = Server(tmp_path_factory.mktemp("people"))
    srv.start()
    yield srv
    srv.stop()


def _login(page, server, username: str) -> None:
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/orgs/\d+/?$"))


def _check(page, viewport) -> None:
    assert page.evaluate(A11Y_CHECK) == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} is {width}px wide at {viewport['width']}px"


def test_register_find_and_reveal(server):
    community = server.world.orgs["A"]
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for n, (name, viewport) in enumerate(VIEWPORTS.items()):
                phone = PHONE[:-1] + str(n)
                context = browser.new_context(viewport=viewport, locale="zh-CN")
                page = context.new_page()
                _login(page, server, "wA")
                page.click('[data-nav="people"]')
                page.wait_for_url(re.compile(rf"/orgs/{community}/people$"))
                _check(page, viewport)
                page.fill("#n-name", f"赵小{name[0]}")
                page.fill("#n-phone", phone)
                page.click("form:has(#n-name) button[type=submit]")
                page.wait_for_load_state()
                assert "已登记" in page.locator(".flash").inner_text()
                page.fill("#p-phone", phone)
                page.click("form[role=search] button[type=submit]")
                page.wait_for_load_state()
                _check(page, viewport)
                assert (
                    phone not in page.content()
                    and phone[:3] + "****" + phone[-4:] in page.content()
                )
                context.close()

                context = browser.new_context(viewport=viewport, locale="zh-CN")
                page = context.new_page()
                _login(page, server, "secA")
                page.goto(f"{server.url}/orgs/{community}/people")
                page.click(f"text=赵*{name[0]}")
                page.wait_for_url(re.compile(rf"/orgs/{community}/people/\d+$"))
                _check(page, viewport)
                page.check("input[name=fields][value=phone]")
                page.fill("#r-reason", "电话回访")
                page.click("form:has(#r-reason) button[type=submit]")
                page.wait_for_load_state()
                assert phone in page.content()
                _check(page, viewport)
                page.click('[data-nav="people/access-log"]')
                page.wait_for_load_state()
                _check(page, viewport)
                assert "电话回访" in page.content()
                context.close()
        finally:
            browser.close()
