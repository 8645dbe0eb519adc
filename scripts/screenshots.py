"""Regenerate small PNG screenshots of the console's main pages into docs/screenshots/.

Runs the app under granian on a throw-away SQLite file with the test world (the same server
the browser tests use), then `shequ demo` on another one for the dashboards and module pages
as each role sees them, and drives Debian's Chromium:

    .venv/bin/python scripts/screenshots.py

Chinese text needs a CJK font on the machine (Debian: ``apt-get install fonts-noto-cjk``);
without one every Chinese character is drawn as an empty box.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "web")]

from browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, Server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
LIMIT = 150 * 1024


def upload_street(page, tmp: Path) -> None:
    """Upload a small street as XLSX and wait for the background check to finish."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["层级", "名称", "编码", "上级编码", "管理员账号", "管理员密码"])
    sheet.append(["街道", "滨江街道", "SS01", None, "binjiang", "binjiang-pass1"])
    for i in range(1, 4):
        sheet.append(["社区", f"滨江第{i}社区", f"SS01{i:02d}", "SS01", None, None])
        sheet.append(["网格", f"滨江第{i}社区一网格", f"SS01{i:02d}01", f"SS01{i:02d}", None, None])
    path = tmp / "street.xlsx"
    book.save(path)
    page.set_input_files("#file", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#confirm", timeout=30_000)


def main() -> None:
    """Take the screenshots; fail when one is larger than 150 KB."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp))
        server.start()
        try:
            orgs = server.world.orgs
            shots = [
                ("login", None, "/login", {"width": 800, "height": 520}),
                ("tree", "sa1", f"/orgs/{orgs['s1']}/tree", {"width": 1000, "height": 640}),
                ("modules", "secA", f"/orgs/{orgs['A']}/modules", {"width": 1000, "height": 640}),
                (
                    "members-phone",
                    "secA",
                    f"/orgs/{orgs['A']}/members",
                    {"width": 360, "height": 740},
                ),
                ("forbidden", "secB", f"/orgs/{orgs['A']}/", {"width": 800, "height": 420}),
                ("provision-check", "cityadm", f"/orgs/{orgs['city']}/provision", {"width": 1000, "height": 700},
                 lambda page: upload_street(page, Path(tmp))),
            ]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, username, path, viewport, *action in shots:
                    context = browser.new_context(viewport=viewport, locale="zh-CN")
                    page = context.new_page()
                    if username:
                        page.goto(server.url + "/login")
                        page.fill("#username", username)
                        page.fill("#password", PASSWORD)
                        page.click("form.card button[type=submit]")
                        page.wait_for_load_state()
                    page.goto(server.url + path)
                    for step in action:
                        step(page)
                    target = OUT / f"{name}.png"
                    page.screenshot(path=str(target))
                    size = target.stat().st_size
                    print(f"{target.relative_to(ROOT)}: {size // 1024} KB")
                    if size > LIMIT:
                        raise SystemExit(f"{target} is larger than 150 KB")
                    context.close()
                browser.close()
        finally:
            server.stop()


DEMO_SHOTS = [
    # (file, username, path under the login's home org or absolute, viewport)
    ("dashboard", "secretary", "", {"width": 1100, "height": 1300}),
    ("dashboard-phone", "secretary", "", {"width": 360, "height": 1400}),
    ("street-dashboard", "street", "", {"width": 1100, "height": 1100}),
    ("grid-phone", "grid", "", {"width": 360, "height": 900}),
    ("patrol-teams", "secretary", "patrol/teams", {"width": 1100, "height": 700}),
    ("patrol-reports-phone", "secretary", "patrol/reports?status=open", {"width": 360, "height": 1000}),
    ("reception", "secretary", "reception/", {"width": 1100, "height": 800}),
]


def demo_shots() -> None:
    """Screenshots of the demo city as `shequ demo` seeds it (every installed module on)."""
    import os
    import re
    import signal
    import subprocess
    import time
    import urllib.request

    from browser import free_port

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SHEQU_ENV": "test", "SHEQU_DATA_DIR": tmp, "SHEQU_LOGIN_RATE_LIMIT": "1000/minute"}
        env.pop("SHEQU_DATABASE_URL", None)
        env.pop("SHEQU_REDIS_URL", None)
        seeded = subprocess.run([bin_dir / "shequ", "demo", "--no-serve"], env=env, capture_output=True, text=True,
                                check=True)
        passwords = dict(re.findall(r"^  (\S+)\s+(\S+)", seeded.stdout, re.M))
        port = free_port()
        server = subprocess.Popen([bin_dir / "shequ", "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + "/login", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, username, path, viewport in DEMO_SHOTS:
                    context = browser.new_context(viewport=viewport, locale="zh-CN")
                    page = context.new_page()
                    page.goto(url + "/login")
                    page.fill("#username", username)
                    page.fill("#password", passwords[username])
                    page.click("main button[type=submit]")
                    page.wait_for_url(re.compile(r"/orgs/\d+/?$"))
                    page.goto(page.url.rstrip("/") + "/" + path)
                    target = OUT / f"{name}.png"
                    page.screenshot(path=str(target), full_page=False)
                    size = target.stat().st_size
                    print(f"{target.relative_to(ROOT)}: {size // 1024} KB")
                    if size > LIMIT:
                        raise SystemExit(f"{target} is larger than 150 KB")
                    context.close()
                browser.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(10)


if __name__ == "__main__":
    main()
    demo_shots()
