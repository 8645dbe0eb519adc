"""`shequ demo` as a newcomer meets it, in Debian's Chromium at 1280 px and on a 360 px phone.

The demo city is seeded with every installed module, served by `shequ serve`, and every login
the command prints is used: its home page shows real figures and answers "what needs me
today", and every link of its navigation opens without a 4xx or 5xx and without the page
growing wider than a phone. One login per account; the phone pass resizes the same page.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, free_port

playwright_sync = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

BIN = Path(sys.executable).parent
LOGIN_LINE = re.compile(r"^  (\S+)\s+(\S+)\s+(\S+) @ (.+)$")
WIDTHS = ({"width": 1280, "height": 900}, {"width": 360, "height": 740})


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo city seeded and served the way `./dev demo` does; yields (url, printed logins)."""
    data = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "SHEQU_ENV": "test", "SHEQU_DATA_DIR": str(data), "SHEQU_LOGIN_RATE_LIMIT": "1000/minute"}
    for name in ("SHEQU_DATABASE_URL", "SHEQU_REDIS_URL"):
        env.pop(name, None)
    seeded = subprocess.run([BIN / "shequ", "demo", "--no-serve"], env=env, capture_output=True, text=True,
                            timeout=300)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    logins = [m.groups() for m in map(LOGIN_LINE.match, seeded.stdout.splitlines()) if m]
    assert len(logins) >= 8, seeded.stdout
    port = free_port()
    log = open(data / "server.log", "wb")
    server = subprocess.Popen([BIN / "shequ", "serve", "--port", str(port)], env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/login", timeout=1)
                break
            except OSError:
                assert server.poll() is None, (data / "server.log").read_text()[-3000:]
                time.sleep(0.2)
        yield url, logins
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the embedded job worker can hold shutdown up
            server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser(demo):
    """Headless Chromium, started after the server."""
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _numbers(page) -> list[int]:
    texts = page.locator("dl.figures dd, .attention-list .count").all_inner_texts()
    return [int(float(t)) for t in texts if re.fullmatch(r"-?\d+(\.\d+)?", t.strip())]


def test_every_printed_login_sees_figures_and_opens_every_link_at_both_widths(demo, browser):
    url, logins = demo
    problems: list[str] = []
    opened = 0
    for username, password, role, where in logins:
        context = browser.new_context(viewport=WIDTHS[0], locale="zh-CN")
        page = context.new_page()
        page.goto(url + "/login")
        page.fill("#username", username)
        page.fill("#password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"/orgs/\d+/?$"))
        home = page.url
        if not any(n > 0 for n in _numbers(page)):
            problems.append(f"{username} ({role} @ {where}): the home page shows no non-zero figure")
        if page.locator("section.attention").count() != 1:
            problems.append(f"{username}: no 'what needs me today' panel")
        links = page.eval_on_selector_all("nav.nav a[data-nav]", "els => els.map(e => e.href)")
        if not links:
            problems.append(f"{username}: no navigation")
        for viewport in WIDTHS:
            page.set_viewport_size(viewport)
            for link in [home, *links]:
                response = page.goto(link)
                opened += 1
                status = response.status if response else 0
                if status >= 400 or status == 0:
                    problems.append(f"{username} @ {viewport['width']} px: {link} answered {status}")
                    continue
                if viewport["width"] == 360:
                    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                    if wide > 1:
                        problems.append(f"{username} @ 360 px: {link} is {wide} px wider than the phone")
        context.close()
    assert problems == [], "\n".join(problems)
    assert opened >= 2 * 8 * len(logins)  # at least eight pages per login and width


def test_a_refused_form_keeps_what_was_typed(demo, browser):
    url, logins = demo
    username, password = next((u, p) for u, p, role, _ in logins if role == "community_secretary")
    context = browser.new_context(viewport=WIDTHS[1], locale="zh-CN")
    page = context.new_page()
    page.goto(url + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/orgs/\d+/?$"))
    page.goto(page.url.rstrip("/") + "/patrol/reports")
    page.fill("#r-desc", "三号楼东侧消防通道被堵")
    page.fill("#r-loc", "三号楼")
    page.fill("#r-at", "2099-01-01T08:00")  # in the future: the server refuses it
    page.click("section.card form button[type=submit]")
    page.wait_for_selector(".flash.error")
    assert "occurred_at" in page.inner_text(".flash.error")
    assert page.input_value("#r-desc") == "三号楼东侧消防通道被堵" and page.input_value("#r-loc") == "三号楼"
    page.reload()  # kept for the refused post only
    assert page.input_value("#r-desc") == ""
    context.close()
