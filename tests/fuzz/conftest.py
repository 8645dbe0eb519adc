"""The fuzzing target: the real app (every installed plugin) under granian on its own PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shequ_testing import World, build_world

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("SHEQU_TEST_PG", "postgresql+asyncpg://root@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SHEQU_TEST_REDIS", "redis://127.0.0.1:6379/0")
SECRET = "fuzz-secret-" + "z" * 32


@dataclass
class Target:
    """A running server, its world and the id of an account the fuzzer may deactivate."""

    url: str
    world: World
    victim_id: int
    log: Path
    plugin_ids: list[str]
    secret: str = SECRET


async def _admin(sql: str) -> None:
    engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


async def _seed(url: str) -> tuple[World, int]:
    from core.db import Database
    from core.settings import Settings
    from core.users.services import UserService
    from tenants.scoping import unscoped

    world = await build_world(Settings(env="test", database_url=url, secret_key=SECRET))
    db = Database(url)
    async with db.session() as session:
        async with unscoped(session, "fuzz fixture adds an account the fuzzer may switch off"):
            victim = await UserService(session).create("victim", "password-123", "victim")
        await session.commit()
    await db.dispose()
    return world, victim.id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(url: str, method: str, path: str, token: str, body: bytes) -> int:
    request = urllib.request.Request(
        url + path,
        data=body,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def target(tmp_path_factory) -> Target:
    """granian serving ``core.app:create_app`` on a fresh, migrated PostgreSQL database."""
    from core.auth.tokens import issue_token
    from core.migrations import upgrade
    from core.plugins import get_plugin_manager

    name = f"shequ_fuzz_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    data_dir = tmp_path_factory.mktemp("fuzz")
    proc = None
    try:
        upgrade(url)
        world, victim_id = asyncio.run(_seed(url))
        port = _free_port()
        env = {
            **os.environ,
            "SHEQU_ENV": "test",
            "SHEQU_DATA_DIR": str(data_dir),
            "SHEQU_SECRET_KEY": SECRET,
            "SHEQU_DATABASE_URL": url,
            "SHEQU_REDIS_URL": REDIS_URL,
            "SHEQU_REDIS_PREFIX": f"shequfuzz{uuid.uuid4().hex[:8]}",
            "SHEQU_LOGIN_RATE_LIMIT": "100000/minute",
            "SHEQU_JSON_LOGS": "1",
            "PYTHONPATH": str(ROOT),
        }
        log = data_dir / "server.log"
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "granian"),
                "--interface",
                "asgi",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "core.app:create_app",
            ],
            env=env,
            stdout=open(log, "wb"),
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/health/live", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "granian did not start:\n" + log.read_text()[-3000:]
                    ) from None
                time.sleep(0.2)
        root = issue_token(SECRET, world.users["root"], "root", 3600)[0]
        plugin_ids = list(get_plugin_manager().ids)
        # Every installed module on at community A, so plugin routes get past their guard.
        for pid in plugin_ids:
            _call(
                base,
                "PUT",
                f"/api/v1/orgs/{world.orgs['A']}/modules/{pid}",
                root,
                b'{"enabled": true}',
            )
        yield Target(base, world, victim_id, log, plugin_ids)
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
