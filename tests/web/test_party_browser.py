"""The party module end to end in Debian's Chromium on a 360 px phone.

A community secretary switches the module on, registers and confirms a member who works for a
unit registered by the street, records a service, builds and sends the yearly feedback form;
the unit's account then logs in, finds its member and acknowledges the form.
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.request
from pathlib import Path

import pytest

from browser import A11Y_CHECK, CHROMIUM, CHROMIUM_ARGS, PASSWORD, SECRET, Server

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
    """granian serving the app with the party plugin; a unit of the street with an account, a person in A1."""
    from shequ_testing import add_register_rows

    from core.auth.tokens import issue_token
    from core.people.models import Person, Unit
    from core.settings import Settings

    srv = Server(tmp_path_factory.mktemp("party"), "create_party_app")
    srv.start()
    settings = Settings(env="test", data_dir=srv.data_dir, secret_key=SECRET)
    world = srv.world
    srv.unit = asyncio.run(add_register_rows(settings, world.orgs["s1"], Unit, name="区税务局"))
    srv.person = asyncio.run(add_register_rows(settings, world.orgs["A1"], Person, name="张三丰"))
    token = issue_token(SECRET, world.users["sa1"], "sa1", 3600)[0]
    body = json.dumps({"unit_id": srv.unit, "username": "uacc", "password": PASSWORD}).encode()
    request = urllib.request.Request(
        f"{srv.url}/api/v1/orgs/{world.orgs['s1']}/partner-grants",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert urllib.request.urlopen(request, timeout=10).status == 201
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser(server):
    """Headless Chromium, started after the server."""
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def login(page, server, username: str, landing: str) -> None:
    """Log in through the form and wait for the landing page."""
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(landing))


def check(page) -> None:
    """The page passes the accessibility check and nothing scrolls sideways at 360 px."""
    assert page.evaluate(A11Y_CHECK) == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def submit(page, form: str) -> str:
    """Click a form's submit button, wait for the redirect, check the page, return the flash."""
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()
    check(page)
    return page.locator(".flash").inner_text()


def test_report_in_to_the_units_acknowledgement_on_a_phone(server, browser):
    community = server.world.orgs["A"]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    login(page, server, "secA", r"/orgs/\d+/?$")
    page.goto(f"{server.url}/orgs/{community}/modules")
    page.check("#en-party")
    page.click("#module-party button[type=submit]")
    page.wait_for_url(re.compile(rf"/orgs/{community}/modules"))
    page.click('[data-nav="party"]')
    page.wait_for_url(re.compile(rf"/orgs/{community}/party/$"))
    check(page)

    page.fill("#m-person", str(server.person))
    page.fill("#m-unit", str(server.unit))
    page.fill("#m-pos", "科员")
    assert page.locator(".flash").count() == 0
    submit(page, "form:has(#m-person)")
    assert page.locator(".flash.ok").count() == 1
    assert "区税务局" in page.locator("table").inner_text()
    submit(page, "tr[data-member] form:has(input[value=confirm])")
    page.click('[data-tab="ledger"]')
    page.wait_for_load_state()
    check(page)
    page.fill("#s-day", "2026-03-01")
    page.fill("#s-title", "政策宣讲")
    submit(page, "form:has(#s-title)")
    assert page.locator("tr[data-quota]").inner_text().split()[2] == "1"
    page.click('[data-tab="feedback"]')
    page.wait_for_load_state()
    submit(page, "form:not(:has([name=action])):has(button.primary)")
    submit(page, "tr[data-form] form")
    page.click("tr[data-form] a")
    page.wait_for_load_state()
    check(page)
    assert "区税务局" in page.locator("article").inner_text()
    page.click("form[action='/logout'] button")
    page.wait_for_url(re.compile("/login"))

    # the unit's account: its home, its member, its inbox, the acknowledgement
    login(page, server, "uacc", rf"/units/{server.unit}/$")
    check(page)
    page.click('[data-unit-section="party"]')
    page.wait_for_load_state()
    check(page)
    assert page.locator("tr[data-member]").count() == 1
    page.click('[data-tab="feedback"]')
    page.wait_for_load_state()
    check(page)
    page.click("tr[data-form] a")
    page.wait_for_load_state()
    check(page)
    submit(page, "form:has(button.primary)")
    assert page.locator("button.primary").count() == 0  # acknowledged: no button any more
    assert page.goto(f"{server.url}/orgs/{community}/party/").status == 403  # no community page
    context.close()
