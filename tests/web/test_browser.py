"""The console in Debian's Chromium (Playwright), against granian serving the real app.

One server per module on SQLite (the embedded mode); the HTTP tests in test_pages.py cover
both database backends.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import A11Y_CHECK, CHROMIUM, CHROMIUM_ARGS, PASSWORD, ROOT, Server, contrast

playwright_sync = pytest.importorskip(
    "playwright.sync_api", reason="playwright is a test dependency"
)
if not Path(CHROMIUM).exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
ROLES = {  # username: org whose dashboard they land on
    "root": "city",
    "cityadm": "city",
    "sa1": "s1",
    "secA": "A",
    "wA": "A",
    "gA1": "A1",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """granian on a free loopback port with the test world."""
    srv = Server(tmp_path_factory.mktemp("browser"))
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium."""
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    """Every flow runs at desktop width and at 360 px."""
    return DESKTOP if request.param == "desktop" else PHONE


def login(page, server, username: str) -> None:
    """Log in through the form."""
    page.goto(server.url + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.card button[type=submit]")


def assert_fits(page, viewport) -> None:
    """Nothing scrolls sideways on the page as a whole."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"page is {width}px wide at {viewport['width']}px"


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_logs_in_and_lands_on_their_org(server, browser, viewport, username):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    login(page, server, username)
    org_id = server.world.orgs[ROLES[username]]
    page.wait_for_url(re.compile(rf"/orgs/{org_id}/?$"))
    assert page.locator("h1").inner_text().startswith(f"{ROLES[username]}-org")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert_fits(page, viewport)
    context.close()


def test_other_community_gets_403_page(server, browser, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    login(page, server, "secB")
    response = page.goto(f"{server.url}/orgs/{server.world.orgs['A']}/members")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "您无权打开此页面"
    assert_fits(page, viewport)
    context.close()


def test_provision_a_street_from_xlsx_preview_then_confirm(server, browser, viewport, tmp_path):
    from openpyxl import Workbook

    suffix = "P" if viewport is PHONE else "D"
    book = Workbook()
    sheet = book.active
    sheet.append(["层级", "名称", "编码", "上级编码"])
    sheet.append(["街道", f"新街道{suffix}", f"NS{suffix}", None])
    sheet.append(["社区", f"新社区{suffix}", f"NS{suffix}01", f"NS{suffix}"])
    sheet.append(["网格", f"新网格{suffix}", f"NS{suffix}0101", f"NS{suffix}01"])
    path = tmp_path / "street.xlsx"
    book.save(path)

    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    login(page, server, "cityadm")
    city = server.world.orgs["city"]
    page.goto(f"{server.url}/orgs/{city}/provision")
    page.set_input_files("#file", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url(re.compile(rf"/orgs/{city}/runs/\d+$"))
    run_url = page.url
    page.wait_for_selector("#confirm", timeout=20_000)  # the page refreshes itself until done
    preview = page.locator("#preview")
    assert f"新社区{suffix}" in preview.inner_text() and "新建" in preview.inner_text()
    assert "第 3 行" in preview.inner_text()
    assert page.goto(f"{server.url}/orgs/{city}/tree?q=NS{suffix}").ok
    assert f"新街道{suffix}" not in page.content()  # the preview wrote nothing
    page.goto(run_url)
    page.click("#confirm")
    page.wait_for_url(re.compile(rf"/orgs/{city}/runs/\d+$"))
    assert page.url != run_url
    page.wait_for_selector("text=导入完成", timeout=20_000)
    page.click("text=查看辖区")
    page.wait_for_url(re.compile(rf"/orgs/{city}/tree"))
    page.fill("#q", f"NS{suffix}")
    page.click("form.search button")
    assert page.locator(".tree li").count() == 3
    assert_fits(page, viewport)
    context.close()


def test_an_export_shows_its_progress_then_the_download(server, browser, viewport):
    org = server.world.orgs["D"]  # the other tests switch the module on and off in A and B
    context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    login(page, server, "cityadm")
    page.goto(f"{server.url}/orgs/{org}/modules")
    if page.locator('[data-nav="webtest"]').count() == 0:
        page.check("#en-webtest")
        page.click("#module-webtest button[type=submit]")
        page.wait_for_url(re.compile(rf"/orgs/{org}/modules"))
    page.click('[data-nav="exports"]')
    page.fill("#start-1", "2026-01-01")
    page.click('[data-export="webtest.sheet"]')
    page.wait_for_url(re.compile(rf"/orgs/{org}/runs/\d+$"))
    assert page.locator("#status").inner_text() in ("等待中", "运行中")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    # The page refreshes itself; the export waits half-way (1 of 2) until the gate opens.
    page.wait_for_selector('#run-progress[value="1"][max="2"]', timeout=10_000)
    assert "正在生成表格" in page.locator("#run-status").inner_text()
    gate = server.data_dir / "export-gate"
    gate.touch()
    page.wait_for_selector("#download", timeout=20_000)
    gate.unlink()
    assert page.locator("#status").inner_text() == "已完成"
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert page.evaluate(A11Y_CHECK) == []
    assert_fits(page, viewport)
    with page.expect_download() as got:
        page.click("#download")
    assert got.value.suggested_filename.endswith(".xlsx")
    context.close()


def test_enabling_a_module_changes_the_navigation(server, browser, viewport):
    community = "A" if viewport is DESKTOP else "B"
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    login(page, server, f"sec{community}")
    org = server.world.orgs[community]
    page.goto(f"{server.url}/orgs/{org}/modules")
    assert page.locator('[data-nav="webtest"]').count() == 0
    page.check("#en-webtest")
    page.fill("#cfg-webtest-greeting", "你好")
    page.click("#module-webtest button[type=submit]")
    page.wait_for_url(re.compile(rf"/orgs/{org}/modules"))
    assert page.locator('[data-nav="webtest"]').inner_text() == "测试模块页"
    assert page.input_value("#cfg-webtest-greeting") == "你好"
    page.click('[data-nav="dashboard"]')
    card = page.locator("section.card", has_text="值班统计")
    assert card.locator("img.chart").get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert (
        card.locator("img.chart").evaluate("img => img.naturalWidth") > 0
    )  # the SVG really renders
    card.locator("details.chart-table summary").click()  # the chart's figures, as a table
    assert (
        card.locator("tbody tr").count() == 3 and "值班人数" in card.locator("thead").inner_text()
    )
    # a grid below inherits it and says from where
    grid = server.world.orgs[f"{community}1"]
    page.goto(f"{server.url}/orgs/{grid}/modules")
    assert f"继承自 {community}-org" in page.locator("#module-webtest").inner_text()
    page.goto(f"{server.url}/orgs/{org}/modules")
    page.uncheck("#en-webtest")
    page.click("#module-webtest button[type=submit]")
    assert page.locator('[data-nav="webtest"]').count() == 0
    assert_fits(page, viewport)
    context.close()


def test_every_page_works_without_javascript(server, browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    login(page, server, "sa1")
    s1 = server.world.orgs["s1"]
    page.wait_for_url(re.compile(rf"/orgs/{s1}/?$"))
    page.goto(f"{server.url}/orgs/{s1}/tree")
    page.select_option("#new-parent", str(server.world.orgs["A"]))
    page.fill("#new-name", "无脚本网格")
    page.fill("#new-code", "NOJS-1")
    page.click("form[action$='/tree/create'] button")
    assert "无脚本网格" in page.content() and "已创建" in page.locator(".flash").inner_text()
    page.select_option("#lang-select", "en")
    page.click("form[action='/lang'] button")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Territory"
    page.click("form[action='/logout'] button")
    page.wait_for_url(re.compile(r"/login"))
    context.close()


@pytest.mark.parametrize("section", ["", "tree", "members", "modules", "audit", "provision", "exports", "runs"])
def test_pages_pass_the_accessibility_check(server, browser, section):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    login(page, server, "sa1")
    page.goto(f"{server.url}/orgs/{server.world.orgs['s1']}/{section}")
    assert page.evaluate(A11Y_CHECK) == []
    page.goto(f"{server.url}/login")
    assert page.evaluate(A11Y_CHECK) == []
    context.close()


def test_keyboard_reaches_the_navigation(server, browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    login(page, server, "sa1")
    page.wait_for_url(re.compile(r"/orgs/"))
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "document.activeElement.getAttribute('data-nav') || document.activeElement.tagName"
            )
        )
    assert "tree" in seen and "members" in seen
    context.close()


def test_css_colours_meet_wcag_aa():
    css = (ROOT / "core/web/static/console.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})", css))
    pairs = [
        ("ink", "bg"),
        ("muted", "bg"),
        ("accent", "bg"),
        ("accent-ink", "accent"),
        ("ink", "panel"),
        ("ok", "bg"),
        ("err", "bg"),
        ("muted", "panel"),
    ]
    for fg, bg in pairs:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (
            fg,
            bg,
            contrast(colours[fg], colours[bg]),
        )
    assert contrast(colours["ok"], "#eef6ee") >= 4.5 and contrast(colours["err"], "#fbeeee") >= 4.5
    from core.web.charts import SERIES_COLOURS

    for colour in SERIES_COLOURS:
        assert contrast(colour, "#ffffff") >= 3.0  # graphical objects: WCAG 1.4.11
