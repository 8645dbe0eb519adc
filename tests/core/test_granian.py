"""`shequ serve` under granian with two workers passes the kernel's main HTTP flows (issue 7)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from shequ_testing import SECRET

GRANIAN = str(Path(sys.executable).with_name("granian"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(settings, world, backend, tmp_path):
    if backend != "postgresql":
        pytest.skip("several workers need PostgreSQL and Redis; embedded mode serves one worker")
    port = _free_port()
    env = {**os.environ, "SHEQU_ENV": "test", "SHEQU_DATABASE_URL": settings.database_url,
           "SHEQU_REDIS_URL": settings.redis_url, "SHEQU_SECRET_KEY": SECRET,
           "SHEQU_REDIS_PREFIX": settings.redis_prefix, "SHEQU_DATA_DIR": str(tmp_path),
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    log = open(tmp_path / "granian.log", "wb")
    proc = subprocess.Popen(
        [GRANIAN, "--interface", "asgi", "--factory", "core.app:create_app", "--workers", "2",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("granian did not become ready: " + (tmp_path / "granian.log").read_text()[-3000:])
            time.sleep(0.2)
        yield base, world
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()


def _login(client, username, password="password-123"):
    r = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _eventually(fn, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not fn():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_kernel_flows_under_granian(server):
    base, world = server
    orgs = world.orgs
    with httpx.Client(base_url=base, timeout=10) as client:
        assert client.get("/health/live").status_code == 200
        assert client.get("/api/v1/me").status_code == 401
        sa1, secb, wa = _login(client, "sa1"), _login(client, "secB"), _login(client, "wA")
        r = client.post("/api/v1/orgs/", headers=sa1,
                        json={"parent_id": orgs["s1"], "level": "community", "name": "G", "code": "GRAN1"})
        assert r.status_code == 201, r.text
        for _ in range(6):  # several requests, so both workers answer some
            assert client.get(f"/api/v1/orgs/{orgs['D']}", headers=sa1).status_code == 403
            assert client.get(f"/api/v1/orgs/{orgs['A']}", headers=sa1).status_code == 200
        # a grant handled by one worker is honoured by every worker
        r = client.post(f"/api/v1/orgs/{orgs['B']}/members/", headers=secb,
                        json={"user_id": world.users["wA"], "role": "community_worker"})
        assert r.status_code == 201, r.text
        assert _eventually(lambda: all(
            client.get(f"/api/v1/orgs/{orgs['B']}", headers=wa).status_code == 200 for _ in range(6)))
        doc = {"nodes": [{"level": "grid", "name": "网格", "code": "GRAN2"}]}
        r = client.post(f"/api/v1/orgs/{orgs['A']}/provision", headers=sa1, json=doc)
        assert r.status_code == 200 and r.json()["changed"] is True, r.text
        r = client.post(f"/api/v1/orgs/{orgs['A']}/provision", headers=sa1, json=doc)
        assert r.json()["changed"] is False
        r = client.get(f"/api/v1/orgs/{orgs['s1']}/audit/", headers=sa1)
        actions = {e["action"] for e in r.json()}
        assert {"org.create", "member.grant", "org.provision"} <= actions
        r = client.get(f"/api/v1/orgs/{orgs['s2']}/audit/?action=authz.denied", headers=_login(client, "root"))
        assert len(r.json()) == 6 and {e["actor_name"] for e in r.json()} == {"sa1"}
        for _ in range(5):
            client.post("/api/v1/auth/login", json={"username": "secA", "password": "wrong-pass"})
        r = client.post("/api/v1/auth/login", json={"username": "secA", "password": "password-123"})
        assert r.status_code == 429
