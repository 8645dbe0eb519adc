"""The supermarket counter end to end in Debian's Chromium on a 360 px phone.

A community worker finds a resident by name, sees their balance and free allowance, picks an
item, confirms, reads the receipt, and finds the balance dropped — on the counter and in the
API.
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


def call(server, method: str, path: str, user: str, body: dict | None = None) -> dict:
    """A JSON API call as a world user (bearer token); returns the answer."""
    from core.auth.tokens import issue_token

    token = issue_token(SECRET, server.world.users[user], user, 3600)[0]
    request = urllib.request.Request(
        f"{server.url}/api/v1/orgs/{server.world.orgs['A']}{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """granian serving the app with the supermarket on at A, a household on 低保 with points
    and a 2-quota, and a school bag at 20 points."""
    from shequ_testing import add_register_rows

    from core.people.models import Household, Person, PersonTag
    from core.settings import Settings

    srv = Server(tmp_path_factory.mktemp("supermarket"), "create_supermarket_app")
    srv.start()
    settings = Settings(env="test", data_dir=srv.data_dir, secret_key=SECRET)
    a1 = srv.world.orgs["A1"]
    home = asyncio.run(add_register_rows(settings, a1, Household, label="3-2-301"))
    srv.person = asyncio.run(
        add_register_rows(settings, a1, Person, name="王小花", household_id=home)
    )
    asyncio.run(add_register_rows(settings, a1, PersonTag, person_id=srv.person, tag="dibao"))
    call(
        srv,
        "PUT",
        "/modules/supermarket",
        "secA",
        {"enabled": True, "config": {"free_quota_per_month": 2}},
    )
    call(
        srv,
        "POST",
        "/supermarket/awards",
        "wA",
        {"person_id": srv.person, "points": 50, "reason": "清扫楼道"},
    )
    srv.item = call(
        srv,
        "POST",
        "/supermarket/items",
        "wA",
        {"name": "书包", "category": "school_bags", "quantity": 3, "points": 20},
    )["id"]
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser(server):
    """Headless Chromium, started after the server."""
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def check(page) -> None:
    """The page passes the accessibility check and nothing scrolls sideways at 360 px."""
    assert page.evaluate(A11Y_CHECK) == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_counter_find_pick_confirm_receipt_on_a_phone(server, browser):
    community, person = server.world.orgs["A"], server.person
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(server.url + "/login")
    page.fill("#username", "wA")
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/orgs/\d+/?$"))
    page.click('[data-nav="supermarket.counter"]')
    page.wait_for_url(re.compile(rf"/orgs/{community}/supermarket/counter"))
    check(page)

    # find the person by part of the name; the list shows them masked
    page.fill("#c-q", "小花")
    page.click("#find button[type=submit]")
    page.wait_for_load_state()
    check(page)
    found = page.locator(f"#found a[data-person='{person}']")
    assert "王*花" in found.inner_text() and "王小花" not in page.content()
    found.click()
    page.wait_for_url(re.compile(rf"person_id={person}"))
    check(page)
    assert page.locator("#account [data-balance]").inner_text() == "50"
    assert page.locator("#account [data-quota-left]").inner_text() == "2"

    # pick the school bag, two of them, paid in points; confirm; the receipt
    page.select_option("#c-item", str(server.item))
    page.fill("#c-qty", "2")
    page.click("#account button[type=submit]")
    page.wait_for_url(re.compile(rf"/orgs/{community}/supermarket/receipts/\d+"))
    check(page)
    receipt = page.locator("#receipt")
    assert receipt.locator("[data-quantity]").inner_text() == "2"
    assert receipt.locator("[data-points]").inner_text() == "40"
    assert receipt.locator("[data-balance]").inner_text() == "10"
    assert "书包" in receipt.inner_text()

    # back at the counter the balance has dropped, and the ledger agrees
    receipt.locator("a").click()
    page.wait_for_url(re.compile(rf"person_id={person}"))
    assert page.locator("#account [data-balance]").inner_text() == "10"
    assert call(server, "GET", f"/supermarket/accounts/{person}", "wA")["balance"] == 10
    # a refusal comes back to the counter naming the reason; nothing is written
    page.fill("#c-qty", "1")
    page.click("#account button[type=submit]")
    page.wait_for_load_state()
    assert "积分不足" in page.locator(".flash.error").inner_text()
    assert page.locator("#account [data-balance]").inner_text() == "10"
    context.close()
