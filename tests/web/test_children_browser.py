"""The children's home on a 360 px phone in Debian's Chromium: a secretary switches it on,
registers a child, records the guardian's consent, pairs herself as helper and writes up a
home visit; every page passes the accessibility check and nothing scrolls sideways."""

from __future__ import annotations

import asyncio
import re
from datetime import date
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

PHONE = {"width": 360, "height": 740}
NOTE = "孩子想念外出务工的父母，已约定每周视频通话"


async def _add_child(data_dir: Path, org_id: int) -> int:
    """A minor of the register at the community (the register's API is not what this tests)."""
    from core.db import Database
    from core.people.models import Person
    from tenants.scoping import unscoped

    db = Database(f"sqlite+aiosqlite:///{data_dir / 'shequ.sqlite3'}")
    async with db.session() as session:
        async with unscoped(session, "browser test adds a child to the register"):
            person = Person(
                org_id=org_id, name="欧阳小雨", birth_date=date(date.today().year - 9, 1, 1)
            )
            session.add(person)
            await session.flush()
            person_id = person.id
        await session.commit()
    await db.dispose()
    return person_id


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """granian serving the app with the children plugin, and a child on the register."""
    srv = Server(tmp_path_factory.mktemp("children"), "create_children_app")
    srv.start()
    srv.person_id = asyncio.run(_add_child(srv.data_dir, srv.world.orgs["A"]))
    yield srv
    srv.stop()


def check(page) -> None:
    """The page passes the accessibility check and nothing scrolls sideways at 360 px."""
    assert page.evaluate(A11Y_CHECK) == [], page.url
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_a_home_visit_written_up_on_a_phone(server):
    community = server.world.orgs["A"]
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
        page.goto(server.url + "/login")
        page.fill("#username", "secA")
        page.fill("#password", PASSWORD)
        page.click("form.card button[type=submit]")
        page.wait_for_url(re.compile(r"/orgs/\d+/?$"))
        page.goto(f"{server.url}/orgs/{community}/modules")
        page.check("#en-children")
        page.click("#module-children button[type=submit]")
        page.wait_for_url(re.compile(rf"/orgs/{community}/modules"))
        page.click('[data-nav="children"]')
        page.wait_for_url(re.compile(rf"/orgs/{community}/children/$"))
        check(page)

        page.fill("#r-person", str(server.person_id))
        page.select_option("#r-cat", "left_behind")
        page.fill("#r-school", "实验小学")
        page.click("form:has(#r-person) button[type=submit]")
        assert page.locator(".flash").inner_text() == "已保存"
        page.click("#children a")  # the masked name links to the record
        assert page.locator("h1").inner_text() == "欧阳小雨"
        check(page)

        page.fill("#c-name", "上官秀兰")
        page.fill("#c-rel", "祖母")
        page.click("form:has(#c-name) button[type=submit]")
        assert page.locator(".flash").inner_text() == "已保存"
        page.fill("#p-user", str(server.world.users["secA"]))
        page.click("form:has(#p-user) button[type=submit]")
        assert page.locator(".flash").inner_text() == "已保存"

        page.select_option("#k-mode", "home_visit")
        page.fill("#k-emotional", NOTE)
        page.click("#contact button[type=submit]")
        assert page.locator(".flash").inner_text() == "已保存"
        page.locator("#contacts summary").first.click()
        assert NOTE in page.locator("#contacts").inner_text()
        check(page)

        page.click('[data-tab="custody"]')
        page.wait_for_load_state()
        check(page)
        browser.close()
