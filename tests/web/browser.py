"""Running the real app under granian for browser tests, and a small accessibility checker."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECRET = "browser-test-secret-" + "y" * 32
PASSWORD = "password-123"


def _root_conftest():
    spec = importlib.util.spec_from_file_location(
        "shequ_root_conftest", ROOT / "tests" / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """granian serving the app on a migrated SQLite file with the test world loaded."""

    def __init__(self, data_dir: Path, factory: str = "create_app") -> None:
        self.data_dir = data_dir
        self.factory = factory  # which app factory of _server.py granian serves
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.world = None

    def start(self) -> None:
        """Migrate, seed, start granian and wait until it answers."""
        from core.migrations import upgrade
        from core.settings import Settings

        upgrade(f"sqlite+aiosqlite:///{self.data_dir / 'shequ.sqlite3'}")
        settings = Settings(env="test", data_dir=self.data_dir, secret_key=SECRET)
        self.world = asyncio.run(_root_conftest().build_world(settings))
        env = {
            **os.environ,
            "SHEQU_ENV": "test",
            "SHEQU_DATA_DIR": str(self.data_dir),
            "SHEQU_SECRET_KEY": SECRET,
            "SHEQU_LOGIN_RATE_LIMIT": "1000/minute",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("SHEQU_DATABASE_URL", None)
        env.pop("SHEQU_REDIS_URL", None)
        self.log = open(self.data_dir / "server.log", "wb")
        self.proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "granian"),
                "--interface",
                "asgi",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                "1",
                "--working-dir",
                str(ROOT / "tests" / "web"),
                f"_server:{self.factory}",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/login", timeout=1)
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            "granian did not start:\n" + (self.data_dir / "server.log").read_text()[-3000:]
        )

    def stop(self) -> None:
        """Stop the server we started."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


# Runs in the page: returns a list of problems (empty when the page passes).
A11Y_CHECK = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('html has no lang');
  if (!document.title.trim()) problems.push('page has no title');
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden') continue;
    const byFor = el.id && document.querySelector('label[for="' + el.id + '"]');
    if (!byFor && !el.closest('label') && !el.getAttribute('aria-label')) problems.push('no label: ' + (el.name || el.outerHTML));
  }
  for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('img without alt');
  for (const b of document.querySelectorAll('button, a[href]')) if (!b.textContent.trim() && !b.getAttribute('aria-label')) problems.push('unnamed control: ' + b.outerHTML);
  let last = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) problems.push('heading jumps to ' + h.tagName + ': ' + h.textContent.trim());
    last = level;
  }
  if (document.querySelectorAll('h1').length !== 1) problems.push('expected exactly one h1');
  const ids = {};
  for (const el of document.querySelectorAll('[id]')) { if (ids[el.id]) problems.push('duplicate id ' + el.id); ids[el.id] = 1; }
  return problems;
}"""


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = []
    for i in (0, 2, 4):
        c = int(h[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two hex colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
