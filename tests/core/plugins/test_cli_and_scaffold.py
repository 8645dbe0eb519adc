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


def test_plugins_new_asks_for_the_chinese_title_and_writes_a_whole_package(tmp_path):
    # no --title-zh: the command asks for it (test_plugin_kit.py installs and runs such a package)
    result = CliRunner().invoke(main, ["plugins", "new", "lost_found", "--dest", str(tmp_path)], input="失物招领\n")
    assert result.exit_code == 0, result.output
    assert "Chinese title" in result.output
    root = tmp_path / "shequ-lost-found"
    expected = ["pyproject.toml", "README.md", "babel.cfg", "tests/test_lost_found.py", "shequ_lost_found/__init__.py",
                "shequ_lost_found/hooks.py", "shequ_lost_found/models.py", "shequ_lost_found/controllers.py",
                "shequ_lost_found/pages.py", "shequ_lost_found/templates/lost_found/index.html",
                "shequ_lost_found/translations/zh_CN/LC_MESSAGES/messages.po",
                "shequ_lost_found/translations/zh_CN/LC_MESSAGES/messages.mo",
                "shequ_lost_found/services.py", "shequ_lost_found/schemas.py", "shequ_lost_found/policy.csv",
                "shequ_lost_found/migrations/0001_lost_found.py"]
    assert [p for p in expected if not (root / p).is_file()] == []
    assert 'lost_found = "shequ_lost_found"' in (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'title_zh="失物招领"' in (root / "shequ_lost_found/__init__.py").read_text(encoding="utf-8")
    hooks = (root / "shequ_lost_found/hooks.py").read_text(encoding="utf-8")
    assert 'path="lost_found/"' in hooks and "register_pages" in hooks  # the link has a page behind it
    assert "pip install -e '.[test]'" in (root / "README.md").read_text(encoding="utf-8")
    again = CliRunner().invoke(main, ["plugins", "new", "lost_found", "--title-zh", "失物", "--dest", str(tmp_path)])
    assert again.exit_code != 0 and "already exists" in again.output
    bad = CliRunner().invoke(main, ["plugins", "new", "Lost-Found", "--title-zh", "失物", "--dest", str(tmp_path)])
    assert bad.exit_code != 0 and "must match" in bad.output
    taken = CliRunner().invoke(main, ["plugins", "new", "patrol", "--title-zh", "巡防", "--dest", str(tmp_path)])
    assert taken.exit_code != 0
    assert taken.output.strip() == "Error: a plugin with the id 'patrol' is already installed; choose another name"
    quoted = CliRunner().invoke(main, ["plugins", "new", "quoted", "--title-zh", '失"物', "--dest", str(tmp_path)])
    assert quoted.exit_code != 0 and "--title-zh" in quoted.output


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
