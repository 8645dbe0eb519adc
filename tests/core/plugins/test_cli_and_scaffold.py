"""`shequ plugins list`, `shequ plugins new` (a package whose own tests pass) and plugin migration branches."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from core.cli import main

SHEQU = Path(sys.executable).parent / "shequ"


def test_plugins_list_shows_installed_plugins():
    result = CliRunner().invoke(main, ["plugins", "list"])
    assert result.exit_code == 0, result.output
    assert "reception" in result.output and "接待日 / Reception day" in result.output


def test_plugins_new_creates_an_installable_package_whose_tests_pass(tmp_path):
    result = CliRunner().invoke(main, ["plugins", "new", "lost_found", "--dest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    root = tmp_path / "shequ-lost-found"
    expected = ["pyproject.toml", "README.md", "tests/test_lost_found.py", "shequ_lost_found/__init__.py",
                "shequ_lost_found/hooks.py", "shequ_lost_found/models.py", "shequ_lost_found/controllers.py",
                "shequ_lost_found/services.py", "shequ_lost_found/schemas.py", "shequ_lost_found/policy.csv",
                "shequ_lost_found/migrations/0001_lost_found.py"]
    assert [p for p in expected if not (root / p).is_file()] == []
    assert 'lost_found = "shequ_lost_found"' in (root / "pyproject.toml").read_text(encoding="utf-8")
    again = CliRunner().invoke(main, ["plugins", "new", "lost_found", "--dest", str(tmp_path)])
    assert again.exit_code != 0 and "already exists" in again.output
    bad = CliRunner().invoke(main, ["plugins", "new", "Lost-Found", "--dest", str(tmp_path)])
    assert bad.exit_code != 0 and "must match" in bad.output
    # the package's own tests run against this shequ without installing it
    env = {**os.environ, "PYTHONPATH": str(root)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=root,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "2 passed" in run.stdout


def test_db_upgrade_runs_every_installed_plugins_branch(tmp_path):
    env = {**os.environ, "SHEQU_DATA_DIR": str(tmp_path), "SHEQU_ENV": "test"}
    env.pop("SHEQU_DATABASE_URL", None)
    run = subprocess.run([str(SHEQU), "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    with sqlite3.connect(tmp_path / "shequ.sqlite3") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        heads = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
    assert {"org_units", "org_modules", "reception_visits"} <= tables
    # core's revision is implied: every plugin branch depends on 0001_core
    assert "0001_reception" in heads
