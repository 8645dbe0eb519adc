"""The plugin kit end to end, as an author and an operator meet it (issue 17, "Must show").

A plugin is generated with the scaffold into a temporary folder, pip-installed (into a
folder on PYTHONPATH, so the shared environment never keeps it), its own generated tests run
(page, isolation, silence where off), it is enabled over HTTP and its page opened on the
demo city; then it is removed, the package deleted, and the app still starts, ``db upgrade``
finishes and the other modules' data is intact. SQLite only: the generated tests already
run on both backends in the plugin's own CI, and this one is about the lifecycle.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from core.cli import main

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _env(data: Path, site: Path | None) -> dict:
    env = {**os.environ, "SHEQU_ENV": "test", "SHEQU_DATA_DIR": str(data), "SHEQU_TEST_BACKENDS": "sqlite"}
    for name in ("SHEQU_DATABASE_URL", "SHEQU_REDIS_URL", "PYTHONPATH"):
        env.pop(name, None)
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return env


def _run(args: list, env: dict, cwd: Path | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    run = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, f"{args}: {run.stdout[-2000:]}\n{run.stderr[-3000:]}"
    return run


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def stop(server: subprocess.Popen) -> None:
    """Stop `shequ serve` and its granian worker (a process group of their own)."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # the embedded job worker can hold shutdown up
        server.wait(timeout=10)


def _serves(env: dict) -> bool:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([BIN / "shequ", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        for _ in range(150):
            if server.poll() is not None:
                raise AssertionError(f"shequ serve exited: {server.stderr.read()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1) as r:
                    return r.status == 200
            except OSError:
                time.sleep(0.2)
        return False
    finally:
        stop(server)


def test_generate_install_test_use_remove_uninstall(tmp_path):
    made = CliRunner().invoke(main, ["plugins", "new", "lost_found", "--title-zh", "失物招领", "--dest", str(tmp_path)])
    assert made.exit_code == 0, made.output
    root, site, data = tmp_path / "shequ-lost-found", tmp_path / "site", tmp_path / "data"
    _run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, root], os.environ, timeout=300)
    env = _env(data, site)

    # the author: the generated tests pass right after generation
    tests = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], env, cwd=root, timeout=300)
    assert "5 passed" in tests.stdout, tests.stdout[-2000:]

    # the operator: the demo city with the plugin installed; enable it over HTTP and open its page
    demo = _run([BIN / "shequ", "demo", "--no-serve"], env)
    assert "warning" not in demo.stderr, demo.stderr
    db = data / "shequ.sqlite3"
    assert _count(db, "SELECT count(*) FROM lost_found_items") > 0  # its demo_seeded hook ran
    seen = json.loads(_run([sys.executable, HERE / "kit_probe.py", "lost_found"], env).stdout.splitlines()[-1])
    assert seen["enable"] == 200 and seen["page"] == 200 and seen["nav"]
    assert "<h1>失物招领</h1>" in seen["page_text"] and "新增一条" in seen["page_text"]  # its own catalogue
    checkins = _count(db, "SELECT count(*) FROM patrol_checkins")
    assert seen["patrol_person_times"] > 0

    # remove it (data kept), then uninstall the package
    removed = _run([BIN / "shequ", "plugins", "remove", "lost_found", "--yes"], env)
    assert "switched off at" in removed.stdout and "data kept (lost_found_items)" in removed.stdout
    assert _count(db, "SELECT count(*) FROM org_modules WHERE plugin = 'lost_found' AND enabled") == 0
    gone = _env(data, None)
    upgraded = _run([BIN / "shequ", "db", "upgrade"], gone, timeout=60)  # finishes: no hang, no crash
    assert "'0001_lost_found' belongs to no installed package" in upgraded.stderr
    assert _count(db, "SELECT count(*) FROM alembic_version WHERE version_num = '0001_lost_found'") == 1
    assert _serves(gone)  # the app starts without the package
    after = json.loads(_run([sys.executable, HERE / "kit_probe.py", "patrol"], gone).stdout.splitlines()[-1])
    assert after["dashboard"] == 200 and after["page"] == 200
    assert after["patrol_person_times"] == seen["patrol_person_times"]  # the other modules' data is intact
    assert _count(db, "SELECT count(*) FROM patrol_checkins") == checkins

    # archiving instead: the reception example's rows go to a file and its tables are dropped
    visits = _count(db, "SELECT count(*) FROM reception_visits")
    archive = tmp_path / "reception.json"
    _run([BIN / "shequ", "plugins", "remove", "reception", "--archive", archive, "--yes"], gone)
    assert len(json.loads(archive.read_text(encoding="utf-8"))["tables"]["reception_visits"]) == visits > 0
    assert _count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'reception_visits'") == 0
    assert _count(db, "SELECT count(*) FROM alembic_version WHERE version_num LIKE '%reception%'") == 0
